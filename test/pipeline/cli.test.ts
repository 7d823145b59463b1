/** `bin/ccx-data-pipeline` as shipped: help, and `analyze` on a generated archive (JSON and text). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/corpus.js';
import { clusterArchive, TRIGGERS } from '../helpers/io-archive.js';

const BIN = join(REPO_ROOT, 'bin/ccx-data-pipeline');
const run = (args: string[]) => spawnSync(BIN, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('bin/ccx-data-pipeline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('help names the analyze command', () => {
    const res = run(['help']);
    assert.equal(res.status, 0);
    assert.match(res.stdout, /analyze PATH/);
  });

  it('analyze prints the report JSON, and a readable summary with --format text', async () => {
    const file = join(dir, 'kubelet.tar.gz');
    writeFileSync(file, await clusterArchive(TRIGGERS.NODE_KUBELET_VERSION));
    const json = run(['analyze', file]);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.reports.map((h: { key: string }) => h.key).sort(), ['NODE_KUBELET_VERSION', 'TUTORIAL_ERROR']);
    const text = run(['analyze', file, '--format', 'text']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /HIT {2}nodes_kubelet_version_check\|NODE_KUBELET_VERSION/);
  });

  it('analyze of a bad archive: exit 1 with the reason', () => {
    const file = join(dir, 'bad.tar.gz');
    writeFileSync(file, 'not an archive');
    const res = run(['analyze', file]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /not a gzip archive/);
  });
});
