/**
 * SQLite lock waits happen off the event loop (sqlite-driver.ts): with another connection holding the
 * write lock, reads keep answering, a write waits asynchronously and completes once the lock is released,
 * or fails with TransientStorageError after the busy timeout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { type Generated, sql } from 'kysely';
import { type Db, openStorage } from './connection.js';
import { TransientStorageError } from './errors.js';
import { writeTransaction } from './transaction.js';

interface Schema {
  t: { id: Generated<number>; v: string };
}

describe('SQLite driver: lock waits off the event loop', () => {
  let dir: string;
  let file: string;
  let db: Db<Schema>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'harden-sqlite-'));
    file = join(dir, 'x.db');
    const conf = {
      db_driver: 'sqlite3',
      sqlite_datasource: file,
      pg_username: '',
      pg_password: '',
      pg_host: '',
      pg_port: 0,
      pg_db_name: '',
      pg_params: '',
    };
    db = openStorage<Schema>(conf, { sqliteBusyTimeoutMs: 1500 });
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`.execute(db.kysely);
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holdLock = () => {
    const other = new BetterSqlite3(file, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    return other;
  };

  for (const kind of ['statement', 'writeTransaction', 'kysely transaction'] as const) {
    it(`${kind}: reads answer while a write waits for the lock; the write completes once it is released`, async () => {
      const other = holdLock();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      try {
        let written = false;
        const insert = (k: typeof db.kysely) => k.insertInto('t').values({ v: kind }).execute();
        const write = (
          kind === 'statement'
            ? insert(db.kysely)
            : kind === 'writeTransaction'
              ? writeTransaction(db, insert)
              : db.kysely.transaction().execute(insert)
        ).then(() => {
          written = true;
        });
        for (let i = 0; i < 20; i++) await db.kysely.selectFrom('t').selectAll().execute();
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(written, false, 'the write waits for the lock');
        assert.ok(ticks > 0, 'the event loop kept running');
        other.exec('COMMIT');
        await write;
        const rows = await db.kysely.selectFrom('t').selectAll().where('v', '=', kind).execute();
        assert.equal(rows.length, 1);
        // The lock is free again for the other connection.
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
      } finally {
        clearInterval(timer);
        if (other.inTransaction) other.exec('ROLLBACK');
        other.close();
      }
    });
  }

  it('a write that cannot get the lock within the busy timeout fails with TransientStorageError, leaving no transaction open', async () => {
    const other = holdLock();
    try {
      await assert.rejects(
        writeTransaction(db, (k) => k.insertInto('t').values({ v: 'late' }).execute()),
        (err) => err instanceof TransientStorageError,
      );
      await assert.rejects(db.kysely.insertInto('t').values({ v: 'late' }).execute(), (err) => err instanceof TransientStorageError);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await db.kysely.insertInto('t').values({ v: 'after' }).execute();
    const check = new BetterSqlite3(file, { timeout: 0 });
    check.exec('BEGIN IMMEDIATE');
    check.exec('ROLLBACK');
    check.close();
  });
});
