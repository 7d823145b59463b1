// @requires kafka
/**
 * The shipped upstream-shaped configuration (config/pipeline.yaml) starts the pipeline process: upstream's
 * variables (CDP_CONSUMER_SERVER, CDP_INCOMING_TOPIC, CDP_GROUP_ID, ...) are honoured, `/readiness` answers
 * 200 once the consumer is connected, and SIGTERM stops it with exit 0. A config naming a key it cannot honour
 * exits 2 with the key in the message.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/corpus.js';
import { BOOTSTRAP, makeTopic, unique, waitFor } from '../helpers/kafka.js';

const MAIN = ['--import', 'tsx', 'src/pipeline/main.ts'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('config/pipeline.yaml starts the pipeline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-yaml-start-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with upstream variables: ready, consuming the named topic, stopped by SIGTERM', async () => {
    const topic = await makeTopic(unique('yaml.announce'));
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CCX_DATA_PIPELINE_CONFIG_FILE: 'config/pipeline.yaml',
      CDP_CONSUMER_SERVER: BOOTSTRAP,
      CDP_INCOMING_TOPIC: topic,
      CDP_GROUP_ID: unique('yaml-group'),
      CDP_OUTGOING_TOPIC: unique('yaml.results'),
      LOG_LEVEL: 'INFO',
      CCX_DATA_PIPELINE__METRICS__ADDRESS: `127.0.0.1:${port}`,
    };
    const proc = spawn(process.execPath, MAIN, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    try {
      await waitFor(
        'readiness 200',
        async () => {
          if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode}: ${out}`);
          const r = await fetch(`http://127.0.0.1:${port}/readiness`).catch(() => null);
          return r?.status === 200;
        },
        120_000,
        300,
      );
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /^# TYPE ccx_consumer_received_total counter$/m);
      const starting = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'consumer starting');
      assert.ok(starting, out);
      assert.equal(starting.topic, topic);
      assert.equal(starting.outgoing, env.CDP_OUTGOING_TOPIC);
    } finally {
      proc.kill('SIGTERM');
    }
    assert.equal(await exited, 0, out);
  });

  it('a key it cannot honour: exit 2, the key named', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'service:\n  engine:\n    name: ccx_messaging.engines.sha_extractor_engine.SHAExtractorEngine\n');
    const res = spawnSync(process.execPath, [...MAIN, 'print-config'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, CCX_DATA_PIPELINE_CONFIG_FILE: file },
    });
    assert.equal(res.status, 2, res.stderr);
    assert.match(
      res.stderr,
      /configuration error: .*bad\.yaml: service\.engine\.name: 'ccx_messaging\.engines\.sha_extractor_engine\.SHAExtractorEngine' is not supported here/,
    );
  });
});
