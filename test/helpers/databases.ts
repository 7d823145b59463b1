/**
 * Test databases: every test makes its own and drops it afterwards; nothing depends on leftovers.
 * PostgreSQL: the machine's server (TEST_PG_HOST/TEST_PG_PORT/TEST_PG_USER, default 127.0.0.1:5432 postgres),
 * one fresh database per call. SQLite: a file in a fresh temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SqlStorageConfig } from '#common/sql/connection.js';

/** A storage section (the aggregator's `[ocp_recommendations_storage]` keys: the SQL keys, `type`, `log_sql_queries`). */
export interface StorageConfig extends SqlStorageConfig {
  type: string;
  log_sql_queries: boolean;
}

function zeroStorage(): StorageConfig {
  return {
    db_driver: '',
    pg_username: '',
    pg_password: '',
    pg_host: '',
    pg_port: 0,
    pg_db_name: '',
    pg_params: '',
    log_sql_queries: false,
    type: '',
    sqlite_datasource: '',
  };
}

export const PG_HOST = process.env.TEST_PG_HOST ?? '127.0.0.1';
export const PG_PORT = Number(process.env.TEST_PG_PORT ?? 5432);
export const PG_USER = process.env.TEST_PG_USER ?? 'postgres';

export interface TestDatabase {
  kind: 'postgres' | 'sqlite';
  conf: StorageConfig;
  /** Drops the database (PostgreSQL) or removes the files (SQLite). */
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function postgresConf(dbName: string): StorageConfig {
  const conf = zeroStorage();
  Object.assign(conf, {
    db_driver: 'postgres',
    type: 'sql',
    pg_host: PG_HOST,
    pg_port: PG_PORT,
    pg_username: PG_USER,
    pg_password: '',
    pg_db_name: dbName,
    pg_params: 'sslmode=disable',
  });
  return conf;
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `irtest_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    kind: 'postgres',
    conf: postgresConf(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'irtest-'));
  const conf = zeroStorage();
  Object.assign(conf, { db_driver: 'sqlite3', type: 'sql', sqlite_datasource: join(dir, 'aggregator.db') });
  return { kind: 'sqlite', conf, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Both databases, for suites that must pass on each (`for (const backend of backends) describe(...)`). */
export const backends = [
  { name: 'postgres' as const, create: createPostgresDatabase },
  { name: 'sqlite' as const, create: createSqliteDatabase },
];
