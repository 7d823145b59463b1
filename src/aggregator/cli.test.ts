// @requires postgres
/**
 * The executable end to end (spec 1.3–1.6): real processes, real PostgreSQL and SQLite.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { backends, type TestDatabase } from '#test/helpers/databases.js';
import type { StorageConfig } from './config.js';

const root = new URL('../../', import.meta.url).pathname;
const entry = ['--import', 'tsx', 'src/aggregator/main.ts'];

function storageEnv(conf: StorageConfig, use = 'ocp_recommendations'): Record<string, string> {
  const env: Record<string, string> = { INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: use };
  for (const section of ['OCP_RECOMMENDATIONS_STORAGE', 'DVO_RECOMMENDATIONS_STORAGE']) {
    for (const [k, v] of Object.entries(conf)) env[`INSIGHTS_RESULTS_AGGREGATOR__${section}__${k.toUpperCase()}`] = String(v);
  }
  return env;
}

function cli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [...entry, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr, all: res.stdout + res.stderr };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function tables(db: TestDatabase, schema: string): Promise<string[]> {
  if (db.kind === 'postgres') {
    const c = new pg.Client({ host: db.conf.pg_host, port: db.conf.pg_port, user: db.conf.pg_username, database: db.conf.pg_db_name });
    await c.connect();
    const r = await c.query('select table_name from information_schema.tables where table_schema = $1 order by 1', [schema]);
    await c.end();
    return r.rows.map((x) => x.table_name as string);
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const file = schema === 'dvo' ? `${db.conf.sqlite_datasource}-dvo` : db.conf.sqlite_datasource;
  const s = new Sqlite(file, { readonly: true });
  const rows = s.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1").all() as {
    name: string;
  }[];
  s.close();
  return rows.map((r) => r.name);
}

const OCP_TABLES = [
  'advisor_ratings',
  'cluster_rule_toggle',
  'cluster_rule_user_feedback',
  'cluster_user_rule_disable_feedback',
  'consumer_error',
  'migration_info',
  'recommendation',
  'report',
  'report_info',
  'rule_disable',
  'rule_hit',
];

describe('insights-results-aggregator commands', () => {
  it('help, unknown command, print-env, print-version-info', () => {
    const help = cli(['help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /start-service/);
    assert.match(help.out, /migration <version>/);
    const unknown = cli(['Frobnicate ']);
    assert.equal(unknown.code, 0);
    assert.match(unknown.out, /Command 'frobnicate' not found/);
    const env = cli(['print-env'], { SOME_VAR: 'x=1' });
    assert.match(env.out, /^SOME_VAR=x=1$/m);
    const version = cli(['print-version-info']);
    assert.equal(version.code, 0);
    assert.match(version.out, /BuildVersion: \d+\.\d+\.\d+/);
  });

  it('the shipped executable runs directly, with the environment and V8 flags of its first line', () => {
    const bin = 'bin/insights-results-aggregator';
    assert.match(
      readFileSync(root + bin, 'utf8').split('\n', 1)[0],
      /^#!\/usr\/bin\/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --no-allocation-site-pretenuring$/,
    );
    // the compiled service must exist (npm ci builds it); run the file itself, as a user does
    assert.ok(existsSync(`${root}dist/aggregator/main.js`), 'dist/ is missing: npm run build');
    const res = spawnSync(bin, ['print-version-info'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /version/i);
    // the first line's environment reaches the process
    const env = spawnSync(bin, ['print-env'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(env.status, 0, env.stderr);
    assert.match(env.stdout, /^MALLOC_ARENA_MAX=2$/m);
  });

  it('print-config prints Go field names and masks secrets', () => {
    const r = cli(['print-config'], {
      INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__PG_PASSWORD: 'pg-s3cret',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__SASL_PASSWORD: 'kafka-s3cret',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__TIMEOUT: '30s',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__ADDRESSES: 'k:9092',
    });
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.all, /s3cret/);
    const printed = JSON.parse(r.out);
    assert.equal(printed.Broker.Addresses, 'k:9092');
    assert.equal(printed.Broker.SaslPassword, '*****');
    assert.equal(printed.Broker.Timeout, 30_000_000_000);
    assert.equal(printed.OCPRecommendationsStorage.PGPassword, '*****');
    assert.ok(printed.DVORecommendationsStorage && printed.StorageBackend && printed.Server);
  });

  it('a bad configuration value exits 2 naming the key', () => {
    const r = cli(['start-service'], { INSIGHTS_RESULTS_AGGREGATOR__SERVER__AUTH: 'perhaps' });
    assert.equal(r.code, 2);
    assert.match(r.err, /server\.auth/);
  });

  it('migration without a migrating backend exits 5', () => {
    assert.equal(cli(['migration', 'latest'], { INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: '' }).code, 5);
  });
});

for (const backend of backends) {
  describe(`migration command and start-service (${backend.name})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await backend.create();
    });
    after(async () => db.drop());

    it('migrates OCP to 32 and DVO to 4 with exactly the upstream tables; bad targets exit 5', async () => {
      const info = cli(['migration'], storageEnv(db.conf));
      assert.equal(info.code, 0, info.all);
      assert.match(info.out, /Current DB version: 0/);
      assert.match(info.out, /Maximum available version: 32/);
      assert.equal(cli(['migration', '99'], storageEnv(db.conf)).code, 5);
      assert.equal(cli(['migration', 'abc'], storageEnv(db.conf)).code, 5);
      assert.equal(cli(['migration', '1', '2'], storageEnv(db.conf)).code, 5);
      const up = cli(['migration', 'latest'], storageEnv(db.conf));
      assert.equal(up.code, 0, up.all);
      assert.match(cli(['migration'], storageEnv(db.conf)).out, /Current DB version: 32/);
      assert.deepEqual(await tables(db, 'public'), OCP_TABLES);
      const dvo = cli(['migration', 'max'], storageEnv(db.conf, 'dvo_recommendations'));
      assert.equal(dvo.code, 0, dvo.all);
      assert.match(cli(['migration'], storageEnv(db.conf, 'dvo_recommendations')).out, /Current DB version: 4/);
      assert.deepEqual(await tables(db, 'dvo'), ['dvo_report', 'migration_info']);
    });

    it('start-service refuses a database at 31 (exit 2), serves at 32 and stops on SIGTERM with 0', async (t) => {
      assert.equal(cli(['migration', '31'], storageEnv(db.conf)).code, 0);
      const refused = cli(['start-service'], { ...storageEnv(db.conf), INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: '127.0.0.1:0' });
      assert.equal(refused.code, 2, refused.all);
      assert.match(refused.err, /version 31/);
      assert.match(refused.err, /version 32 is expected/);
      assert.equal(cli(['migration', 'latest'], storageEnv(db.conf)).code, 0);

      const port = await freePort();
      const child = spawn(process.execPath, [...entry, 'start-service'], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          ...storageEnv(db.conf),
          INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: `127.0.0.1:${port}`,
          INSIGHTS_RESULTS_AGGREGATOR__SERVER__API_PREFIX: '/api/v1/',
          INSIGHTS_RESULTS_AGGREGATOR__SERVER__API_SPEC_FILE: 'openapi.json',
          INSIGHTS_RESULTS_AGGREGATOR__METRICS__NAMESPACE: 'aggregator',
          INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__LOG_SQL_QUERIES: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Whatever an assertion below does, never leave the service running (it would keep this file alive).
      t.after(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      const base = `http://127.0.0.1:${port}/api/v1/`;
      let home: Response | undefined;
      for (let i = 0; i < 300 && !home; i++) {
        home = await fetch(base).catch(() => undefined);
        if (!home) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(home, `service did not answer: ${output}`);
      assert.equal(home.status, 200);
      assert.equal(await home.text(), '{"status":"ok"}\n');
      const info = await (await fetch(`${base}info`)).json();
      assert.equal(info.status, 'ok');
      assert.equal(info.info.OCP_DB_version, '32');
      assert.equal(info.info.DVO_DB_version, '4');
      const metrics = await (await fetch(`${base}metrics`)).text();
      assert.match(metrics, /aggregator_api_endpoints_requests\{endpoint="\/api\/v1\/info"\} 1/);
      assert.match(metrics, /^rating_on_rules 0$/m);
      assert.match(metrics, /^aggregator_sql_queries_counter [1-9]\d*$/m);
      assert.match(metrics, /aggregator_sql_queries_durations_count\{query="select /i);
      assert.match(metrics, /process_cpu_seconds_total|nodejs_heap_size_used_bytes/);
      const spec = await fetch(`${base}openapi.json`);
      assert.equal(spec.status, 200);
      assert.equal((await spec.json()).openapi, '3.1.0');
      const started = Date.now();
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.ok(Date.now() - started < 10_000);
      assert.match(output, /SIGINT or SIGTERM was sent, stopping the service/);
    });
  });
}

describe('insights-results-aggregator start-up log lines operators grep for (upstream)', () => {
  it('a storage that is not ready logs "database preparation exited with error code 2" and exits 2', async () => {
    const { createSqliteDatabase } = await import('#test/helpers/databases.js');
    const db = await createSqliteDatabase();
    try {
      const r = cli(['start-service'], { ...storageEnv(db.conf), INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: '127.0.0.1:0' });
      assert.equal(r.code, 2, r.all);
      const lines = r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; level: number });
      const error = lines.findIndex((l) => /is at migration version 0, but version 32 is expected/.test(l.msg));
      const exited = lines.findIndex((l) => l.msg === 'database preparation exited with error code 2');
      assert.ok(error >= 0 && exited > error, r.out);
    } finally {
      await db.drop();
    }
  });
});
