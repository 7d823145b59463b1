/**
 * Building blocks shared by the migration steps (ocp/NN-*.ts, dvo/NN-*.ts).
 *
 * DDL is written once, in the upstream PostgreSQL types; `forDialect` maps those type names to the nearest
 * SQLite ones (VARCHAR/TIMESTAMP/JSONB -> TEXT, SMALLINT/BIGINT/BOOLEAN -> INTEGER). Identifiers in the DDL
 * are lower case and type names upper case, so the mapping never touches a column name.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '#common/sql/connection.js';

/** A Kysely transaction (or single connection) on which a step runs. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's migration idiom: a step runs against a past schema that no table type describes
export type MigrationDb = Kysely<any>;

export interface MigrationStep {
  up(db: MigrationDb, dialect: DialectName): Promise<void>;
  down(db: MigrationDb, dialect: DialectName): Promise<void>;
}

/** Runs raw statements in order. */
export async function exec(db: MigrationDb, ...statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Maps the PostgreSQL type names of a DDL text to SQLite's. */
export function forDialect(dialect: DialectName, text: string): string {
  if (dialect === 'postgres') return text;
  return text
    .replace(/\bTIMESTAMP WITHOUT TIME ZONE\b/g, 'TEXT')
    .replace(/\b(VARCHAR|TIMESTAMP|JSONB)\b/g, 'TEXT')
    .replace(/\b(SMALLINT|BIGINT|BOOLEAN)\b/g, 'INTEGER');
}

/** Runs DDL statements written in PostgreSQL types on either database. */
export async function ddl(db: MigrationDb, dialect: DialectName, ...statements: string[]): Promise<void> {
  await exec(db, ...statements.map((s) => forDialect(dialect, s)));
}

/**
 * PostgreSQL: upstream's `upgradeTable`/`downgradeTable`: rename the table away, create it anew, copy every
 * row (`SELECT *`, so the column order must match) and drop the old one. The old table keeps its index names
 * until it is dropped, which is why the new primary key of migration 4 is auto-named `..._pkey1`.
 * `create` receives the table name.
 */
export async function pgRebuildTable(db: MigrationDb, table: string, create: (name: string) => string): Promise<void> {
  const old = `${table}_tmp`;
  await exec(db, `ALTER TABLE ${table} RENAME TO ${old}`, create(table), `INSERT INTO ${table} SELECT * FROM ${old}`, `DROP TABLE ${old}`);
}

/**
 * SQLite: the documented way to change constraints: create the new table under a temporary name, copy the
 * rows, drop the old table and rename the new one. `columns` are the target columns, `select` the
 * expressions read from the old table (default: the same names).
 */
export async function sqliteRebuildTable(
  db: MigrationDb,
  table: string,
  create: (name: string) => string,
  columns: string[],
  select: string[] = columns,
): Promise<void> {
  const fresh = `${table}__new`;
  await exec(
    db,
    forDialect('sqlite', create(fresh)),
    `INSERT INTO ${fresh} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${fresh} RENAME TO ${table}`,
  );
}

/** Rebuilds a table on either database keeping all columns (same column list before and after). */
export async function rebuildTable(
  db: MigrationDb,
  dialect: DialectName,
  table: string,
  create: (name: string) => string,
  columns: string[],
): Promise<void> {
  if (dialect === 'postgres') await pgRebuildTable(db, table, create);
  else await sqliteRebuildTable(db, table, create, columns);
}

/** Replaces a primary key (PostgreSQL: drop whichever of the given names exists, add `name`). */
export async function pgReplacePrimaryKey(
  db: MigrationDb,
  table: string,
  name: string,
  columns: string[],
  oldNames: string[] = [name],
): Promise<void> {
  const drops = oldNames.map((n) => `DROP CONSTRAINT IF EXISTS ${n}`).join(', ');
  await exec(db, `ALTER TABLE ${table} ${drops}, ADD CONSTRAINT ${name} PRIMARY KEY (${columns.join(', ')})`);
}

/** Drops columns (SQLite needs one statement per column). */
export async function dropColumns(db: MigrationDb, dialect: DialectName, table: string, ...columns: string[]): Promise<void> {
  if (dialect === 'postgres') await exec(db, `ALTER TABLE ${table} ${columns.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
  else await exec(db, ...columns.map((c) => `ALTER TABLE ${table} DROP COLUMN ${c}`));
}

/** SQLite's nearest equivalent of PostgreSQL's `now() AT TIME ZONE 'utc'` as storage text. */
export const SQLITE_NOW_UTC = `strftime('%Y-%m-%d %H:%M:%f', 'now')`;
