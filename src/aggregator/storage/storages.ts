/**
 * The storages a configuration names, and the decisions about them that every command shares:
 * - which storage `storage_backend.use` selects (`storageOf`: the db-writer, `migration`, `import`);
 * - opening a storage at the latest migration, or migrating it first with `auto_migrate`
 *   (`openAtLatest`: start-service and `import`).
 * Start-up (spec 1.4 step 4) opens OCP when `ocp_recommendations_storage.type` is set and DVO when
 * `dvo_recommendations_storage.type` is set: `sql` (PostgreSQL or SQLite), or for OCP `redis` (the
 * valkey-writer: a Redis/Valkey client from `[redis]`, no migrations, spec 2.5.3).
 * Start-up refuses to run unless each SQL storage is at its latest migration.
 */
import type { Logger } from 'pino';
import { silentLogger } from '#common/logger.js';
import { type Redis, RedisConfigError, createRedisClient } from '#common/redis/client.js';
import type { OpenOptions } from '#common/sql/connection.js';
import type { Config, StorageConfig } from '../config.js';
import type { Metrics } from '../metrics.js';
import { type Db, openStorage } from './db.js';
import { type MigrationSet, ensureMigrationInfo, getVersion, maxVersion, migrateTo } from './migrations/migrator.js';

export class StoragePreparationError extends Error {}

/** `storage_backend.use` of each migration set. */
export const BACKEND_OF: Readonly<Record<MigrationSet, string>> = { ocp: 'ocp_recommendations', dvo: 'dvo_recommendations' };

/** The storage `use` names (`ocp_recommendations` / `dvo_recommendations`), or null for any other value. */
export function storageOf(config: Config, use: string): { set: MigrationSet; conf: StorageConfig } | null {
  if (use === BACKEND_OF.ocp) return { set: 'ocp', conf: config.ocp_recommendations_storage };
  if (use === BACKEND_OF.dvo) return { set: 'dvo', conf: config.dvo_recommendations_storage };
  return null;
}

export interface Storages {
  ocp: Db | null;
  dvo: Db | null;
  /** The OCP storage when its type is `redis` (valkey-writer). */
  redis: Redis | null;
  versions: { ocp: string; dvo: string };
  close(): Promise<void>;
}

export interface PrepareOptions {
  poolSize?: number;
  /** With `log_sql_queries`: statements feed the `sql_queries_*` metrics and debug logs (spec 3.1). */
  metrics?: Metrics;
  logger?: Logger;
}

function sqlObserver(conf: StorageConfig, options: PrepareOptions): OpenOptions['onQuery'] {
  const { metrics, logger } = options;
  if (!conf.log_sql_queries || !metrics) return undefined;
  metrics.enableSqlMetrics();
  return (sql, params, durationMs) => {
    metrics.sqlQueries.inc();
    metrics.sqlQueryDurations.observe({ query: sql }, durationMs / 1000);
    logger?.debug({ query: sql, params: JSON.stringify(params), durationMs }, 'SQL query');
  };
}

/**
 * Opens `conf` as storage `set` and checks that it is at the latest migration (with `autoMigrate`, brings
 * it there first). Any failure is a StoragePreparationError, and the storage is closed again.
 */
export async function openAtLatest(set: MigrationSet, conf: StorageConfig, autoMigrate: boolean, options: OpenOptions = {}): Promise<Db> {
  let db: Db;
  try {
    db = openStorage(conf, options);
  } catch (err) {
    throw new StoragePreparationError(`${set.toUpperCase()} storage: ${(err as Error).message}`);
  }
  try {
    let version: number;
    try {
      await ensureMigrationInfo(db, set);
      if (autoMigrate) await migrateTo(db, set, maxVersion(set));
      version = await getVersion(db, set);
    } catch (err) {
      throw new StoragePreparationError(`${set.toUpperCase()} storage (${db.describe}): ${(err as Error).message}`);
    }
    if (version !== maxVersion(set)) {
      throw new StoragePreparationError(
        `${set.toUpperCase()} database (${db.describe}) is at migration version ${version}, but version ${maxVersion(set)} is expected; ` +
          `run 'insights-results-aggregator migration latest' with storage_backend.use = ${BACKEND_OF[set]}`,
      );
    }
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

function checkType(conf: StorageConfig, set: MigrationSet): 'sql' | 'redis' | null {
  if (conf.type === '' || conf.type === 'noop') return null;
  if (conf.type === 'redis') {
    if (set !== 'ocp') throw new StoragePreparationError(`${set.toUpperCase()} storage: storage type 'redis' is only for OCP results`);
    return 'redis';
  }
  if (conf.type !== 'sql') throw new StoragePreparationError(`Unknown storage type '${conf.type}'`);
  return 'sql';
}

/** Whether `storage_backend.use` selects a Redis storage (no migrations: "Skipping migration for non-SQL database type"). */
export function isRedisStorage(conf: StorageConfig): boolean {
  return conf.type === 'redis';
}

/** Opens the configured storages and checks (or, with auto_migrate, brings) them to the latest version. */
export async function prepareStorages(config: Config, options: PrepareOptions = {}): Promise<Storages> {
  const opened: Db[] = [];
  let redis: Redis | null = null;
  const close = async () => {
    await Promise.all(opened.map((db) => db.close()));
    redis?.disconnect();
  };
  const storages: Storages = { ocp: null, dvo: null, redis: null, versions: { ocp: 'not supported', dvo: 'not supported' }, close };
  try {
    for (const set of ['ocp', 'dvo'] as const) {
      const conf = set === 'ocp' ? config.ocp_recommendations_storage : config.dvo_recommendations_storage;
      const type = checkType(conf, set);
      if (type === null) continue;
      if (type === 'redis') {
        try {
          redis = createRedisClient(config.redis, options.logger ?? silentLogger);
        } catch (err) {
          if (err instanceof RedisConfigError) throw new StoragePreparationError(`OCP storage (redis): ${err.message}`);
          throw err;
        }
        storages.redis = redis;
        continue;
      }
      const db = await openAtLatest(set, conf, config.storage_backend.auto_migrate, {
        poolSize: options.poolSize,
        onQuery: sqlObserver(conf, options),
      });
      opened.push(db);
      storages[set] = db;
      storages.versions[set] = String(maxVersion(set));
    }
    return storages;
  } catch (err) {
    await close();
    throw err;
  }
}
