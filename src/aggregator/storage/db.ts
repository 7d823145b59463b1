/** The aggregator's storages: the shared SQL layer (common/sql) typed with the aggregator's tables. */
import { type Db as SqlDb, type OpenOptions, type SqlStorageConfig, openStorage as openSql } from '#common/sql/connection.js';
import type { Database } from './tables.js';

/** An open OCP or DVO storage (PostgreSQL or SQLite) with the aggregator's schema. */
export type Db = SqlDb<Database>;

export function openStorage(conf: SqlStorageConfig, options: OpenOptions = {}): Db {
  return openSql<Database>(conf, options);
}
