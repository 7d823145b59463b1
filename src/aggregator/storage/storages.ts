/**
 * The storages a configuration names (spec 1.4 step 4): OCP when `ocp_recommendations_storage.type` is
 * set, DVO when `dvo_recommendations_storage.type` is set; only `sql` (PostgreSQL or SQLite) is a real
 * storage here. Start-up refuses to run unless each SQL storage is at its latest migration.
 */
import type { Config, StorageConfig } from '../config.js';
import type { Logger } from 'pino';
import type { Metrics } from '#common/metrics.js';
import type { OpenOptions } from '#common/sql/connection.js';
import { type Db, openStorage } from './db.js';
import { type MigrationSet, ensureMigrationInfo, getVersion, maxVersion, migrateTo } from './migrations/migrator.js';

export class StoragePreparationError extends Error {}

export interface Storages {
  ocp: Db | null;
  dvo: Db | null;
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

function openIfSql(conf: StorageConfig, what: string, options: PrepareOptions): Db | null {
  if (conf.type === '' || conf.type === 'noop') return null;
  if (conf.type === 'redis') {
    throw new StoragePreparationError(`${what}: storage type 'redis' (valkey-writer) is not supported by this implementation`);
  }
  if (conf.type !== 'sql') throw new StoragePreparationError(`Unknown storage type '${conf.type}'`);
  try {
    return openStorage(conf, { poolSize: options.poolSize, onQuery: sqlObserver(conf, options) });
  } catch (err) {
    throw new StoragePreparationError(`${what}: ${(err as Error).message}`);
  }
}

/** Opens the configured storages and checks (or, with auto_migrate, brings) them to the latest version. */
export async function prepareStorages(config: Config, options: PrepareOptions = {}): Promise<Storages> {
  const opened: Db[] = [];
  const close = async () => {
    await Promise.all(opened.map((db) => db.close()));
  };
  try {
    const ocp = openIfSql(config.ocp_recommendations_storage, 'OCP storage', options);
    if (ocp) opened.push(ocp);
    const dvo = openIfSql(config.dvo_recommendations_storage, 'DVO storage', options);
    if (dvo) opened.push(dvo);
    const versions = { ocp: 'not supported', dvo: 'not supported' };
    for (const [set, db] of [
      ['ocp', ocp],
      ['dvo', dvo],
    ] as [MigrationSet, Db | null][]) {
      if (!db) continue;
      let version: number;
      try {
        await ensureMigrationInfo(db, set);
        if (config.storage_backend.auto_migrate) await migrateTo(db, set, maxVersion(set));
        version = await getVersion(db, set);
      } catch (err) {
        throw new StoragePreparationError(`${set.toUpperCase()} storage (${db.describe}): ${(err as Error).message}`);
      }
      if (version !== maxVersion(set)) {
        throw new StoragePreparationError(
          `${set.toUpperCase()} database (${db.describe}) is at migration version ${version}, but version ${maxVersion(set)} is expected; ` +
            `run 'insights-results-aggregator migration latest' with storage_backend.use = ${set === 'ocp' ? 'ocp_recommendations' : 'dvo_recommendations'}`,
        );
      }
      versions[set] = String(version);
    }
    return { ocp, dvo, versions, close };
  } catch (err) {
    await close();
    throw err;
  }
}
