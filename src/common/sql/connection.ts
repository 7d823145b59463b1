/**
 * Opens a storage (spec 3.1) for either database behind one Kysely query layer.
 *
 * - `db_driver = "postgres"`: a pg pool on the DSN built from the `pg_*` keys. OCP tables live in schema
 *   `public`, DVO tables in schema `dvo`.
 * - `db_driver = "sqlite3"`: better-sqlite3 on `sqlite_datasource` (a file or `:memory:`). SQLite has no
 *   schemas, so the `dvo` schema is an attached database (`<file>-dvo`, or a second in-memory database):
 *   `dvo.dvo_report` means the same table in the same SQL on both databases. Storages of one process that
 *   name the same datasource share one connection.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type KyselyPlugin, type LogEvent } from 'kysely';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS, NonBlockingSqliteDialect } from './sqlite-driver.js';

/** The storage keys of a service's configuration section (spec 3.1, plus our SQLite datasource). */
export interface SqlStorageConfig {
  db_driver: string;
  pg_username: string;
  pg_password: string;
  pg_host: string;
  pg_port: number;
  pg_db_name: string;
  pg_params: string;
  /** Ours: the SQLite file (or `:memory:`) when `db_driver = "sqlite3"`. */
  sqlite_datasource: string;
}

export type DialectName = 'postgres' | 'sqlite';

/** An open storage; `Schema` is the service's table types (Kysely's database interface). */
export interface Db<Schema> {
  kysely: Kysely<Schema>;
  dialect: DialectName;
  /** Human-readable target, without secrets (for logs). */
  describe: string;
  close(): Promise<void>;
}

export class StorageConfigError extends Error {}

// `timestamp without time zone` (1114) and `jsonb` (3802) come back as text, like SQLite gives them.
pg.types.setTypeParser(1114, (v: string) => v);
pg.types.setTypeParser(3802, (v: string) => v);

export function postgresDsn(conf: SqlStorageConfig): string {
  const user = encodeURIComponent(conf.pg_username);
  const pass = conf.pg_password ? `:${encodeURIComponent(conf.pg_password)}` : '';
  const auth = user || pass ? `${user}${pass}@` : '';
  const params = conf.pg_params ? `?${conf.pg_params}` : '';
  return `postgresql://${auth}${conf.pg_host || 'localhost'}:${conf.pg_port || 5432}/${conf.pg_db_name}${params}`;
}

export interface OpenOptions {
  /** Maximum PostgreSQL pool size (default 10). */
  poolSize?: number;
  plugins?: KyselyPlugin[];
  /** Called after every statement (`log_sql_queries`: SQL metrics and debug logging). */
  onQuery?: (sql: string, params: readonly unknown[], durationMs: number, error?: unknown) => void;
  /** SQLite: how long a statement waits (asynchronously) for a lock another connection holds (default 5 s). */
  sqliteBusyTimeoutMs?: number;
}

function kyselyLog(options: OpenOptions): ((event: LogEvent) => void) | undefined {
  const onQuery = options.onQuery;
  if (!onQuery) return undefined;
  return (event) =>
    onQuery(event.query.sql, event.query.parameters, event.queryDurationMillis, event.level === 'error' ? event.error : undefined);
}

export function openStorage<Schema>(conf: SqlStorageConfig, options: OpenOptions = {}): Db<Schema> {
  const driver = conf.db_driver;
  if (driver === 'postgres') {
    const pool = new pg.Pool({
      connectionString: postgresDsn(conf),
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
    });
    // An idle client losing its connection (server restart) must not crash the process.
    pool.on('error', () => {});
    pool.on('connect', useNamedStatements);
    // A checked-out client losing its connection rejects its queries and also emits 'error'; pg-pool only
    // listens while the client is idle, so without this listener that event would crash the process.
    pool.on('connect', (client) => client.on('error', () => {}));
    const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), plugins: options.plugins, log: kyselyLog(options) });
    return {
      kysely,
      dialect: 'postgres',
      describe: `postgres ${conf.pg_host || 'localhost'}:${conf.pg_port || 5432}/${conf.pg_db_name}`,
      close: () => kysely.destroy(),
    };
  }
  if (driver === 'sqlite3' || driver === 'sqlite') {
    const path = conf.sqlite_datasource || ':memory:';
    const shared = acquireSqlite(path, options);
    const kysely = shared.kysely as Kysely<Schema>;
    let closed = false;
    return {
      kysely,
      dialect: 'sqlite',
      describe: `sqlite ${path}`,
      close: async () => {
        if (closed) return;
        closed = true;
        await releaseSqlite(path, shared);
      },
    };
  }
  throw new StorageConfigError(`driver ${driver || '""'} is not supported`);
}

/**
 * One Kysely instance per SQLite datasource in a process: the OCP and DVO storages of one file share the
 * connection AND its driver, whose mutex serialises transactions; two Kysely instances on one connection
 * could interleave one's statements into the other's transaction. The first opener's options (plugins,
 * query observer) apply to the shared instance.
 */
interface SharedSqlite {
  kysely: Kysely<unknown>;
  refs: number;
}

const sqliteStores = new Map<string, SharedSqlite>();

function acquireSqlite(path: string, options: OpenOptions): SharedSqlite {
  const existing = sqliteStores.get(path);
  if (existing) {
    existing.refs += 1;
    return existing;
  }
  const raw = new BetterSqlite3(path);
  // Lock waits happen in the driver, off the event loop (sqlite-driver.ts); ATTACH and the pragmas below
  // still wait synchronously at open, before the service answers anything.
  raw.pragma('busy_timeout = 5000');
  if (path !== ':memory:') raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  const dvoPath = path === ':memory:' ? ':memory:' : `${path}-dvo`;
  raw.prepare('ATTACH DATABASE ? AS dvo').run(dvoPath);
  if (path !== ':memory:') raw.pragma('dvo.journal_mode = WAL');
  const kysely = new Kysely<unknown>({
    dialect: new NonBlockingSqliteDialect(raw, options.sqliteBusyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS),
    plugins: options.plugins,
    log: kyselyLog(options),
  });
  const shared: SharedSqlite = { kysely, refs: 1 };
  sqliteStores.set(path, shared);
  return shared;
}

async function releaseSqlite(path: string, shared: SharedSqlite): Promise<void> {
  shared.refs -= 1;
  if (shared.refs > 0) return;
  if (sqliteStores.get(path) === shared) sqliteStores.delete(path);
  await shared.kysely.destroy();
}

/**
 * Hot, fixed SQL texts (registered with `registerPreparedStatement`) run as named prepared statements on
 * every PostgreSQL connection: parsed and planned once per connection instead of once per execution (the
 * report endpoint's statement spends far more time in the planner than executing). Other texts, e.g. the
 * ones with variable-length IN lists, keep using unnamed statements, so nothing accumulates per connection.
 */
const namedStatements = new Map<string, string>();

/** Runs this exact SQL text as a named prepared statement on PostgreSQL (no effect on SQLite). */
export function registerPreparedStatement(sqlText: string): void {
  if (!namedStatements.has(sqlText)) {
    namedStatements.set(sqlText, `stmt_${createHash('sha1').update(sqlText).digest('hex').slice(0, 24)}`);
  }
}

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  (client as unknown as { query: QueryFn }).query = (config, values, callback) => {
    if (typeof config === 'string' && Array.isArray(values)) {
      const name = namedStatements.get(config);
      if (name !== undefined) return query({ name, text: config, values }, callback);
    }
    return query(config, values, callback);
  };
}
