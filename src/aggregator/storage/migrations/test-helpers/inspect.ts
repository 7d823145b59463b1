/**
 * Test helpers for the migration suites: open a fresh database per test, and read back what the schema
 * looks like (tables, columns, keys, indexes) on either database.
 */
import { sql } from 'kysely';
import { openStorage, type Db } from '../../db.js';
import { backends, type TestDatabase } from '#test/helpers/databases.js';
import { ensureMigrationInfo, migrateTo, type MigrationSet } from '../migrator.js';

export { backends };
export type Backend = (typeof backends)[number];

export interface Fixture {
  db: Db;
  test: TestDatabase;
  close(): Promise<void>;
}

/** A fresh database with both migration_info tables at version 0 (or at `ocp`/`dvo` when given). */
export async function fresh(backend: Backend, at: { ocp?: number; dvo?: number } = {}): Promise<Fixture> {
  const test = await backend.create();
  const db = openStorage(test.conf);
  for (const set of ['ocp', 'dvo'] as const) {
    await ensureMigrationInfo(db, set);
    if (at[set]) await migrateTo(db, set, at[set]);
  }
  return {
    db,
    test,
    close: async () => {
      await db.close();
      await test.drop();
    },
  };
}

/** Runs raw SQL (setup statements of the tests). */
export async function run(db: Db, ...statements: string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db.kysely);
}

export async function rows<T = Record<string, unknown>>(db: Db, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(db.kysely)).rows;
}

const PG_SCHEMA: Record<MigrationSet, string> = { ocp: 'public', dvo: 'dvo' };
const SQLITE_DB: Record<MigrationSet, string> = { ocp: 'main', dvo: 'dvo' };

export async function tables(db: Db, set: MigrationSet): Promise<string[]> {
  const list =
    db.dialect === 'postgres'
      ? await rows<{ name: string }>(
          db,
          `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = '${PG_SCHEMA[set]}' AND table_type = 'BASE TABLE'`,
        )
      : await rows<{ name: string }>(
          db,
          `SELECT name FROM ${SQLITE_DB[set]}.sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
        );
  return list.map((r) => r.name).sort();
}

export interface Column {
  table: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

export async function columns(db: Db, set: MigrationSet): Promise<Column[]> {
  if (db.dialect === 'postgres') {
    const list = await rows<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      db,
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_schema = '${PG_SCHEMA[set]}'`,
    );
    return sortColumns(
      list.map((c) => ({
        table: c.table_name,
        name: c.column_name,
        type: c.data_type,
        nullable: c.is_nullable === 'YES',
        default: c.column_default,
      })),
    );
  }
  const out: Column[] = [];
  for (const table of await tables(db, set)) {
    const info = await rows<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(
      db,
      `SELECT * FROM pragma_table_info('${table}', '${SQLITE_DB[set]}')`,
    );
    // SQLite lets primary-key columns hold NULL unless declared NOT NULL; upstream's are NOT NULL anyway.
    for (const c of info) out.push({ table, name: c.name, type: c.type, nullable: c.notnull === 0 && c.pk === 0, default: c.dflt_value });
  }
  return sortColumns(out);
}

function sortColumns(list: Column[]): Column[] {
  return list.sort((a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name));
}

/** Primary-key columns per table, in key order. */
export async function primaryKeys(db: Db, set: MigrationSet): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (db.dialect === 'postgres') {
    const list = await rows<{ table: string; cols: string }>(
      db,
      `
      SELECT rel.relname AS table,
        (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols
      FROM pg_constraint c JOIN pg_class rel ON rel.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
      WHERE ns.nspname = '${PG_SCHEMA[set]}' AND c.contype = 'p'`,
    );
    for (const r of list) out[r.table] = r.cols.split(',');
    return out;
  }
  for (const table of await tables(db, set)) {
    const info = await rows<{ name: string; pk: number }>(db, `SELECT name, pk FROM pragma_table_info('${table}', '${SQLITE_DB[set]}')`);
    const pk = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    if (pk.length) out[table] = pk;
  }
  return out;
}

/**
 * Everything but constraint names, as sorted lines: columns, PK columns, other constraints (definition)
 * and plain indexes. Equal dumps at one version reached by two paths mean the down steps are right.
 */
export async function dump(db: Db, set: MigrationSet): Promise<string[]> {
  const lines = (await columns(db, set)).map(
    (c) => `column ${c.table}.${c.name} ${c.type} ${c.nullable ? 'null' : 'not null'} ${c.default ?? ''}`,
  );
  for (const [table, cols] of Object.entries(await primaryKeys(db, set))) lines.push(`pk ${table} (${cols.join(', ')})`);
  if (db.dialect === 'postgres') {
    const cons = await rows<{ t: string; def: string }>(
      db,
      `
      SELECT c.conrelid::regclass::text AS t, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
      JOIN pg_namespace ns ON ns.oid = c.connamespace WHERE ns.nspname = '${PG_SCHEMA[set]}' AND c.contype <> 'p'`,
    );
    lines.push(...cons.map((c) => `constraint ${c.t} ${c.def}`));
    const idx = await rows<{ def: string }>(
      db,
      `
      SELECT indexdef AS def FROM pg_indexes i WHERE schemaname = '${PG_SCHEMA[set]}' AND NOT EXISTS
        (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
    );
    lines.push(...idx.map((i) => `index ${i.def}`));
  } else {
    for (const table of await tables(db, set)) {
      const fks = await rows<{ table: string; from: string; to: string; on_delete: string }>(
        db,
        `SELECT * FROM pragma_foreign_key_list('${table}', '${SQLITE_DB[set]}')`,
      );
      lines.push(...fks.map((f) => `fk ${table}.${f.from} -> ${f.table}(${f.to}) on delete ${f.on_delete}`));
      const idx = await rows<{ name: string; unique: number; origin: string }>(
        db,
        `SELECT * FROM pragma_index_list('${table}', '${SQLITE_DB[set]}')`,
      );
      for (const i of idx.filter((x) => x.origin !== 'pk')) {
        const cols = await rows<{ name: string }>(
          db,
          `SELECT name FROM pragma_index_info('${i.name}', '${SQLITE_DB[set]}') ORDER BY seqno`,
        );
        const name = i.origin === 'c' ? i.name : '(auto)';
        lines.push(`index ${table} ${name} unique=${i.unique} (${cols.map((c) => c.name).join(', ')})`);
      }
    }
  }
  return lines.sort();
}
