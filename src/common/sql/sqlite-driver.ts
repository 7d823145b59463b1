/**
 * Kysely's SQLite driver, changed so that a database lock held by another process (the `import` command,
 * a second writer, a backup) never blocks the event loop.
 *
 * better-sqlite3 is synchronous: with a busy timeout, a statement that waits for the write lock blocks the
 * whole process (every request, `/info` included) for the full timeout. Here the connection's busy
 * timeout is 0; a statement refused with SQLITE_BUSY is retried after a short asynchronous wait, with
 * backoff, until `busyTimeoutMs` has passed, then fails with TransientStorageError (the HTTP server's
 * 503). Between attempts the connection is free: other requests' statements run meanwhile.
 *
 * One connection serves the process, so a transaction must own it from BEGIN to COMMIT/ROLLBACK: a
 * statement leaves the connection owned by its handle while `inTransaction` is true (Kysely's
 * `transaction()` and `connection()` with an explicit BEGIN both work). Kysely transactions begin
 * IMMEDIATE: the write lock is taken, or waited for asynchronously, before the transaction reads anything.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import { TransientStorageError } from './errors.js';

/** Upstream's SQLite driver (mattn/go-sqlite3) waits 5 s for a lock. */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5000;

export const SQLITE_LOCKED_TEXT = 'database is locked by another writer';

const isBusy = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  async lock(): Promise<void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
  }

  unlock(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }
}

class Handle implements DatabaseConnection {
  owns = false;

  constructor(private readonly driver: NonBlockingSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.driver.execute<R>(this, query);
    for (const row of result.rows) yield { rows: [row] };
  }
}

export class NonBlockingSqliteDriver implements Driver {
  private readonly mutex = new Mutex();

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly busyTimeoutMs: number,
  ) {}

  async init(): Promise<void> {
    this.db.pragma('busy_timeout = 0');
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Handle(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const handle = connection as Handle;
    if (!handle.owns) return;
    // A transaction left open (its code threw between BEGIN and COMMIT without a ROLLBACK).
    if (this.db.inTransaction) this.db.prepare('rollback').run();
    handle.owns = false;
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.db.close();
  }

  /** One statement: attempts until it gets the lock or the busy timeout passes, waiting asynchronously. */
  async execute<R>(handle: Handle, query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.busyTimeoutMs;
    let wait = 2;
    for (;;) {
      if (!handle.owns) await this.mutex.lock();
      handle.owns = true;
      try {
        return this.run<R>(query);
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() >= deadline) throw new TransientStorageError(SQLITE_LOCKED_TEXT, { cause: err });
      } finally {
        // The connection stays with the handle while its transaction is open.
        if (!this.db.inTransaction) {
          handle.owns = false;
          this.mutex.unlock();
        }
      }
      await sleep(Math.min(wait, Math.max(1, deadline - Date.now())));
      wait = Math.min(wait * 2, 50);
    }
  }

  private run<R>(query: CompiledQuery): QueryResult<R> {
    const stmt = this.db.prepare(query.sql);
    const params = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}

/** Kysely's SqliteDialect with the driver above. */
export class NonBlockingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly busyTimeoutMs: number = DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
  ) {
    super({ database: raw } satisfies SqliteDialectConfig);
  }

  override createDriver(): Driver {
    return new NonBlockingSqliteDriver(this.raw, this.busyTimeoutMs);
  }
}
