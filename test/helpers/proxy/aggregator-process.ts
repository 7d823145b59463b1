/**
 * The real aggregator for the proxy's end-to-end tests: a fresh database (PostgreSQL or SQLite), migrated
 * and seeded in this process, then `insights-results-aggregator start-service` as its own process, the way
 * an operator starts it (environment configuration). stop()/start() keep the port (outage tests).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestDatabase } from '#test/helpers/databases.js';
import { openStorage, type Db } from '../../../src/aggregator/storage/db.js';
import { maxVersion, migrateTo } from '../../../src/aggregator/storage/migrations/migrator.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export class AggregatorProcess {
  private child: ChildProcess | null = null;
  port = 0;
  output = '';
  /** Node flags before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs: string[] = [];

  constructor(
    readonly database: TestDatabase,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /** The running process's ID (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v1/`;
  }

  /** Migrates the database and runs `seed` on it (before start). */
  async prepare(seed: (db: Db) => Promise<void>): Promise<void> {
    const db = openStorage(this.database.conf);
    try {
      await migrateTo(db, 'ocp', maxVersion('ocp'));
      await migrateTo(db, 'dvo', maxVersion('dvo'));
      await seed(db);
    } finally {
      await db.close();
    }
  }

  env(): Record<string, string> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: '',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: `127.0.0.1:${this.port}`,
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__API_PREFIX: '/api/v1/',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__API_SPEC_FILE: 'openapi.json',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__AUTH: 'false',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__DEBUG: 'true',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__MAXIMUM_FEEDBACK_MESSAGE_LENGTH: '255',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__ORG_OVERVIEW_LIMIT_HOURS: '2',
      INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: 'ocp_recommendations',
      INSIGHTS_RESULTS_AGGREGATOR__LOGGING__LOG_LEVEL: 'error',
      ...this.extraEnv,
    };
    for (const section of ['OCP_RECOMMENDATIONS_STORAGE', 'DVO_RECOMMENDATIONS_STORAGE']) {
      for (const [k, v] of Object.entries(this.database.conf))
        env[`INSIGHTS_RESULTS_AGGREGATOR__${section}__${k.toUpperCase()}`] = String(v);
    }
    return env;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const bin = process.env.PROXY_TEST_AGGREGATOR_BIN;
    const args = [...this.nodeArgs, ...(bin ? [bin, 'start-service'] : ['--import', 'tsx', 'src/aggregator/main.ts', 'start-service'])];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => {
      this.output += d;
    });
    child.stderr?.on('data', (d) => {
      this.output += d;
    });
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`aggregator exited with ${code}: ${this.output.slice(-2000)}`))),
    );
    exited.catch(() => {});
    await Promise.race([waitHttp(this.url), exited]);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}
