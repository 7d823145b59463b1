/**
 * scripts/run-tests.mjs decides which suites run from their `// @requires` lines and the environment
 * (`--plan` prints the decision as JSON). Addresses come from the documented variables; a comma list or a
 * bracketed IPv6 bootstrap address is checked at its first address; an absent corpus leaves the corpus
 * suites out, and with CI=true that fails the run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '#test/helpers/corpus.js';

interface Plan {
  run: string[];
  left: { file: string; missing: string[] }[];
  services: Record<string, { up: boolean; where: string }>;
}

function plan(env: NodeJS.ProcessEnv, ...filters: string[]): { status: number | null; plan: Plan } {
  const res = spawnSync(process.execPath, ['scripts/run-tests.mjs', '--plan', ...filters], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
  return { status: res.status, plan: JSON.parse(res.stdout) as Plan };
}

/** A port nothing listens on (the kernel's discard range is not used by our services). */
const CLOSED = '127.0.0.1:9';

describe('scripts/run-tests.mjs requirements', () => {
  it('names every service with the address it checks, from the documented variables', () => {
    const { plan: p } = plan(
      {
        KAFKA_BOOTSTRAP: `${CLOSED},127.0.0.1:9092`,
        REDIS_URL: 'redis://user:secret@127.0.0.1:9/3',
        S3_ENDPOINT: 'http://127.0.0.1:9',
        CHROMIUM_PATH: '/nonexistent/chromium',
        INSIGHTS_TESTDATA: '/nonexistent/testdata',
        TEST_PG_PORT: '9',
      },
      'test/scripts/',
    );
    assert.deepEqual(Object.keys(p.services).sort(), ['chromium', 'corpus', 'kafka', 'postgres', 'redis', 's3']);
    assert.match(p.services.kafka.where, /^at 127\.0\.0\.1:9 /);
    assert.equal(p.services.redis.where, 'at 127.0.0.1:9');
    assert.equal(p.services.s3.where, 'at 127.0.0.1:9');
    assert.match(p.services.chromium.where, /\/nonexistent\/chromium/);
    assert.match(p.services.corpus.where, /^at \/nonexistent\/testdata /);
    assert.match(p.services.postgres.where, /^at 127\.0\.0\.1:9$/);
    for (const name of Object.keys(p.services)) assert.equal(p.services[name].up, false, name);
  });

  it('checks the first address of a bracketed IPv6 bootstrap list', () => {
    const { plan: p } = plan({ KAFKA_BOOTSTRAP: '[::1]:9,127.0.0.1:9092' }, 'test/scripts/');
    assert.match(p.services.kafka.where, /^at \[::1\]:9 /);
    assert.equal(p.services.kafka.up, false);
  });

  it('finds a corpus and an executable given by the variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-tests-'));
    mkdirSync(join(dir, 'testdata', 'messages'), { recursive: true });
    const exe = join(dir, 'chromium');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    const { plan: p } = plan({ INSIGHTS_TESTDATA: join(dir, 'testdata'), CHROMIUM_PATH: exe }, 'test/scripts/');
    assert.equal(p.services.corpus.up, true);
    assert.equal(p.services.chromium.up, true);
  });

  it('leaves the corpus suites out without the corpus, and fails with CI=true', () => {
    const suite = 'src/aggregator/db-writer/processor/ocp.corpus.test.ts';
    const outside = plan({ INSIGHTS_TESTDATA: '/nonexistent/testdata' }, suite);
    assert.equal(outside.status, 0);
    assert.deepEqual(outside.plan.run, []);
    assert.deepEqual(outside.plan.left, [{ file: suite, missing: ['corpus'] }]);
    const ci = plan({ INSIGHTS_TESTDATA: '/nonexistent/testdata', CI: 'true' }, suite);
    assert.equal(ci.status, 1);
  });
});
