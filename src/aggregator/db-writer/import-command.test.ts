/** `insights-results-aggregator import` end to end (the CLI in a child process, SQLite). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { benchmarkFiles, writeFamilies } from '#test/fixtures/results-messages.js';
import { REPO_ROOT, dvoValue, newCluster } from './processor/test-helpers/messages.js';

const PREFIX = 'INSIGHTS_RESULTS_AGGREGATOR__';

function run(args: string[], settings: Record<string, string>, input?: string) {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('INSIGHTS_RESULTS_AGGREGATOR')) env[k] = v;
  for (const [k, v] of Object.entries(settings)) env[`${PREFIX}${k}`] = v;
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/aggregator/main.ts', 'import', ...args], {
    cwd: REPO_ROOT,
    env,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The summary's counters, by label. */
function summary(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^ {2}([a-z (),]+):\s+(\d+)$/gm)) out[m[1].trim()] = Number(m[2]);
  return out;
}

function reasons(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  const section = stdout.split('rejected by reason:\n')[1] ?? '';
  for (const m of section.matchAll(/^\s+(\d+) {2}(.+)$/gm)) out[m[2]] = Number(m[1]);
  return out;
}

describe('import command', () => {
  let dir: string;
  let settings: Record<string, string>;
  let messages: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-'));
    messages = writeFamilies(join(dir, 'messages'));
    settings = {
      OCP_RECOMMENDATIONS_STORAGE__DB_DRIVER: 'sqlite3',
      OCP_RECOMMENDATIONS_STORAGE__TYPE: 'sql',
      OCP_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dir, 'aggregator.db'),
      STORAGE_BACKEND__USE: 'ocp_recommendations',
      STORAGE_BACKEND__AUTO_MIGRATE: 'true',
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const count = (table: string) => {
    const db = new BetterSqlite3(join(dir, 'aggregator.db'), { readonly: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('imports folders and files and reports rejections by reason', () => {
    const missing = join(dir, 'missing.json');
    const folders = ['normal', 'normal_no_version', 'invalid_no_report'].map((f) => join(messages, f));
    const { code, stdout, stderr } = run([...folders, missing], settings);
    assert.equal(code, 0, stderr);
    // `normal` and `normal_no_version` hold 9 messages each for the same 9 clusters and times: the first of
    // each cluster is written, the second is not newer.
    assert.deepEqual(summary(stdout), {
      messages: 28,
      written: 9,
      'skipped (empty report)': 0,
      'skipped (older or equal)': 9,
      rejected: 10,
    });
    assert.deepEqual(reasons(stdout), {
      "missing required attribute 'Report'": 9,
      [`open ${missing}: no such file or directory`]: 1,
    });
    assert.equal(count('report'), 9);
    assert.equal(count('consumer_error'), 0);
  });

  it('imports JSON Lines from stdin; a second import of the same data skips it', () => {
    const lines = [
      ...benchmarkFiles(5).map((f) => JSON.stringify(JSON.parse(f.content.toString('utf8')))),
      '',
      '{"OrgID": 1, "ClusterName": "5d5892d3-1f74-4ccf-91af-548dfc9767aa", "Report": {}}',
      'not json',
    ].join('\n');
    const first = run(['-'], settings, lines);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(summary(first.stdout), {
      messages: 7,
      written: 5,
      'skipped (empty report)': 1,
      'skipped (older or equal)': 0,
      rejected: 1,
    });
    assert.deepEqual(reasons(first.stdout), { "invalid character 'o' in literal null (expecting 'u')": 1 });
    const again = run(['-'], settings, lines);
    assert.deepEqual(summary(again.stdout), {
      messages: 7,
      written: 0,
      'skipped (empty report)': 1,
      'skipped (older or equal)': 5,
      rejected: 1,
    });
    assert.equal(count('report'), 14);
  });

  it('imports DVO results into the DVO storage when storage_backend.use says so', () => {
    const dvo = {
      DVO_RECOMMENDATIONS_STORAGE__DB_DRIVER: 'sqlite3',
      DVO_RECOMMENDATIONS_STORAGE__TYPE: 'sql',
      DVO_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dir, 'dvo.db'),
      STORAGE_BACKEND__USE: 'dvo_recommendations',
      STORAGE_BACKEND__AUTO_MIGRATE: 'true',
    };
    const value = dvoValue({
      cluster: newCluster(),
      lastChecked: '2024-02-06T12:25:07Z',
      recommendations: [{ module: 'm', key: 'K', workloads: [{ namespace: 'ns', namespaceUid: 'U', uid: 'w' }] }],
    });
    const { code, stdout, stderr } = run(['-'], dvo, `${JSON.stringify(value)}\n{"OrgID": 1}\n`);
    assert.equal(code, 0, stderr);
    assert.deepEqual(summary(stdout), { messages: 2, written: 1, 'skipped (empty report)': 0, 'skipped (older or equal)': 0, rejected: 1 });
    const db = new BetterSqlite3(join(dir, 'dvo.db-dvo'), { readonly: true });
    try {
      assert.equal((db.prepare('SELECT count(*) AS n FROM dvo_report').get() as { n: number }).n, 1);
    } finally {
      db.close();
    }
  });

  it('fails (exit 1) without paths, with an unsupported backend, or on a database not migrated', () => {
    assert.equal(run([], settings).code, 1);
    const bad = run(['-'], { ...settings, STORAGE_BACKEND__USE: 'redis' }, '');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /storage backend 'redis'/);
    const fresh = run(
      ['-'],
      { ...settings, STORAGE_BACKEND__AUTO_MIGRATE: 'false', OCP_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dir, 'fresh.db') },
      '',
    );
    assert.equal(fresh.code, 1);
    assert.match(fresh.stderr, /migration version 0, but version 32 is expected/);
  });
});
