/**
 * A write transaction on either database. PostgreSQL: a plain transaction. SQLite: `BEGIN IMMEDIATE`, so
 * the write lock is taken (waiting up to the busy timeout) before the transaction reads anything, instead
 * of failing when a read transaction is upgraded after another writer committed.
 */
import { type Kysely, sql } from 'kysely';
import type { Db } from './connection.js';

export async function writeTransaction<Schema, T>(db: Db<Schema>, fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return db.kysely.transaction().execute(fn);
  return db.kysely.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
