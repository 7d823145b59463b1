/**
 * The real aggregator for the proxy's end-to-end tests: a fresh database (PostgreSQL or SQLite), migrated
 * and seeded in this process, then `insights-results-aggregator start-service` as its own process, the way
 * an operator starts it (environment configuration). stop()/start() keep the port (outage tests).
 */
import type { TestDatabase } from '#test/helpers/databases.js';
import { ServiceProcess } from '#test/helpers/service-process.js';
import { openStorage, type Db } from '../../../src/aggregator/storage/db.js';
import { maxVersion, migrateTo } from '../../../src/aggregator/storage/migrations/migrator.js';

export { freePort, waitHttp } from '#test/helpers/service-process.js';

export class AggregatorProcess {
  readonly process: ServiceProcess;

  constructor(
    readonly database: TestDatabase,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    const bin = process.env.PROXY_TEST_AGGREGATOR_BIN;
    this.process = new ServiceProcess({
      name: 'aggregator',
      entry: 'src/aggregator/main.ts',
      env: () => this.env(),
      ready: () => this.url,
      args: bin ? [bin, 'start-service'] : undefined,
    });
  }

  get port(): number {
    return this.process.port;
  }

  get output(): string {
    return this.process.output;
  }

  /** Node flags before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  get nodeArgs(): string[] {
    return this.process.nodeArgs;
  }

  set nodeArgs(args: string[]) {
    this.process.nodeArgs = args;
  }

  /** The running process's ID (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.process.pid;
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

  start(): Promise<void> {
    return this.process.start();
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}
