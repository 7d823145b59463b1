import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createSqliteDatabase } from '#test/helpers/databases.js';
import { openStorage, postgresDsn, type SqlStorageConfig, StorageConfigError } from './connection.js';

describe('storage connection', () => {
  it('two storages on one SQLite file never interleave one another\u2019s statements into a transaction', async () => {
    const database = await createSqliteDatabase();
    const a = openStorage(database.conf);
    const b = openStorage(database.conf);
    try {
      await sql`create table t (v text)`.execute(a.kysely);
      // Explicit barriers, no timers: b's statement is issued while a's transaction is provably open (its row
      // inserted, its callback held), and the transaction is released only afterwards.
      let opened!: () => void;
      const inside = new Promise<void>((r) => (opened = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const rolledBack = a.kysely.transaction().execute(async (trx) => {
        await sql`insert into t values ('inside')`.execute(trx);
        opened();
        await gate;
        throw new Error('roll back');
      });
      await inside;
      let outsideDone = false;
      const outside = sql`insert into t values ('outside')`.execute(b.kysely).then(() => (outsideDone = true));
      await new Promise((r) => setImmediate(r));
      assert.equal(outsideDone, false, 'the other storage waits for the open transaction');
      release();
      await assert.rejects(rolledBack, /roll back/);
      await outside;
      const rows = await sql<{ v: string }>`select v from t`.execute(b.kysely);
      assert.deepEqual(
        rows.rows.map((r) => r.v),
        ['outside'],
      );
      await sql`select 1 from dvo.sqlite_master`.execute(a.kysely); // the dvo schema is attached
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });

  it('builds the upstream DSN and refuses unknown drivers', () => {
    const conf: SqlStorageConfig = {
      db_driver: 'postgres',
      pg_username: 'u',
      pg_password: 'p@ss',
      pg_host: 'h',
      pg_port: 5433,
      pg_db_name: 'd',
      pg_params: 'sslmode=disable',
      sqlite_datasource: '',
    };
    assert.equal(postgresDsn(conf), 'postgresql://u:p%40ss@h:5433/d?sslmode=disable');
    assert.throws(
      () => openStorage({ ...conf, db_driver: 'mysql' }),
      (e: Error) => e instanceof StorageConfigError && e.message === 'driver mysql is not supported',
    );
  });
});
