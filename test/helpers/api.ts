/**
 * Starts the aggregator's REST API over real HTTP on a fresh, migrated database (PostgreSQL or SQLite),
 * for feature tests: `const api = await startApi(backend, { auth: true })`, then `api.request(...)`.
 */
import type { FastifyInstance } from 'fastify';
import { zeroConfig, type Config } from '../../src/aggregator/config.js';
import { silentLogger } from '#common/logger.js';
import { Metrics } from '../../src/aggregator/metrics.js';
import { openStorage, type Db } from '../../src/aggregator/storage/db.js';
import { maxVersion, migrateTo } from '../../src/aggregator/storage/migrations/migrator.js';
import { buildApi } from '../../src/aggregator/service.js';
import { buildInfo } from '#common/service/build-info.js';
import type { TestDatabase } from './databases.js';
import { type TestResponse, testRequest } from './http.js';

export interface TestApi {
  url: string;
  prefix: string;
  db: Db;
  config: Config;
  metrics: Metrics;
  app: FastifyInstance;
  /** HTTP request to `prefix + path`; `org` adds an identity header for that org (auth on). */
  request(
    method: string,
    path: string,
    init?: { body?: string | object; org?: number | string; user?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface StartApiOptions {
  auth?: boolean;
  debug?: boolean;
  prefix?: string;
  configure?: (config: Config) => void;
}

export async function startApi(backend: { create(): Promise<TestDatabase> }, options: StartApiOptions = {}): Promise<TestApi> {
  const database = await backend.create();
  const config = zeroConfig();
  config.ocp_recommendations_storage = { ...database.conf };
  config.dvo_recommendations_storage = { ...database.conf };
  config.server.api_prefix = options.prefix ?? '/api/v1/';
  config.server.auth = options.auth ?? false;
  config.server.auth_type = 'xrh';
  config.server.debug = options.debug ?? true;
  config.server.maximum_feedback_message_length = 255;
  config.server.org_overview_limit_hours = 2;
  config.server.api_spec_file = new URL('../../openapi.json', import.meta.url).pathname;
  options.configure?.(config);
  const db = openStorage(config.ocp_recommendations_storage);
  await migrateTo(db, 'ocp', maxVersion('ocp'));
  await migrateTo(db, 'dvo', maxVersion('dvo'));
  const metrics = new Metrics('', { defaultMetrics: false });
  const app = buildApi({
    config,
    metrics,
    logger: silentLogger,
    ocp: db,
    dvo: db,
    build: buildInfo(),
    dbVersions: { ocp: String(maxVersion('ocp')), dvo: String(maxVersion('dvo')) },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const prefix = config.server.api_prefix;
  return {
    url,
    prefix,
    db,
    config,
    metrics,
    app,
    request: (method, path, init = {}) => testRequest(method, url + prefix + path, init),
    async close() {
      await app.close();
      await db.close();
      await database.drop();
    },
  };
}
