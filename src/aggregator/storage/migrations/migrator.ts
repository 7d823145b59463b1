/**
 * Schema migrations (spec 1.3, 3.2): two ordered step lists, OCP (schema `public`, 32 steps) and DVO
 * (schema `dvo`, 4 steps), each with its own `<schema>.migration_info(version)` holding exactly one row.
 * `migrateTo` applies up steps current+1..target or down steps current..target+1 in ONE transaction and
 * then sets the version; any failure rolls everything back.
 *
 * Concurrency: the OCP and DVO migrations may run at the same time, and two processes may migrate the same
 * set at once (two init containers). PostgreSQL: every transaction here first takes
 * `pg_advisory_xact_lock(LOCK_CLASS, 1|2)` (one key per set) and reads the version only after that, so the
 * second migrator sees the first one's result and has nothing left to do. SQLite: `BEGIN IMMEDIATE`
 * (the connection sets busy_timeout), plus an in-process queue per database file, because the storages of
 * one process share one SQLite connection.
 *
 * SQLite differences (upstream dropped SQLite; these are ours, the PostgreSQL path is upstream's):
 * - Schema `dvo` is the ATTACHed database `dvo` (see connection.ts); there is no CREATE SCHEMA.
 * - Types: VARCHAR/TIMESTAMP/JSONB -> TEXT (timestamps as `YYYY-MM-DD HH:MM:SS[.fff...]` text, JSONB as
 *   JSON text, default '{}'), SMALLINT/BIGINT/BOOLEAN -> INTEGER. recommendation.created_at defaults to
 *   strftime('%Y-%m-%d %H:%M:%f','now') (UTC, milliseconds).
 * - Constraint changes (steps 4, 6, 11, 14, 15, 28, 31 and the column default of 19) rebuild the table:
 *   create the new one under a temporary name, copy, drop the old one, rename. Constraint names other than
 *   `recommendation_pk` are not kept (SQLite has no named-constraint catalogue); primary-key columns,
 *   UNIQUE columns, the CHECK and the FK cluster_id -> report(cluster) ON DELETE CASCADE are the same.
 * - The DVO HASH index `report_org_id_idx` is a plain index.
 * - Regex and JSON work runs in JavaScript with the same pattern/encoding: step 13 (report JSON), step 16
 *   (SQL string functions), step 19 (regex over the rows). Step 22 uses GLOB (case-sensitive LIKE). DVO 3
 *   compares the timestamp text.
 * - Upstream refuses the down steps of 21, 24 and 25 on non-PostgreSQL drivers; SQLite can drop the
 *   columns, so they run.
 */
import { sql } from 'kysely';
import type { Db } from '../db.js';
import { writeTransaction } from '#common/sql/transaction.js';
import { dvoSteps } from './dvo/index.js';
import { ocpSteps } from './ocp/index.js';
import type { MigrationDb, MigrationStep } from './support.js';

export type MigrationSet = 'ocp' | 'dvo';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface SetInfo {
  steps: readonly MigrationStep[];
  /** PostgreSQL schema (created when missing). */
  schema: string;
  /** The migration_info table as SQL names it (on both databases). */
  table: string;
  /** SQLite database (main, or the attached dvo). */
  sqliteDb: string;
  lockKey: number;
}

const SETS: Record<MigrationSet, SetInfo> = {
  ocp: { steps: ocpSteps, schema: 'public', table: 'migration_info', sqliteDb: 'main', lockKey: 1 },
  dvo: { steps: dvoSteps, schema: 'dvo', table: 'dvo.migration_info', sqliteDb: 'dvo', lockKey: 2 },
};

/** First key of the advisory locks (ASCII "IRAG"); the second is the set's lockKey. */
const LOCK_CLASS = 0x49524147;

export function maxVersion(set: MigrationSet): number {
  return SETS[set].steps.length;
}

/**
 * Creates the schema (PostgreSQL) and `<schema>.migration_info` with one row `version = 0` when that table
 * is missing. An existing table is left alone, whatever it holds.
 */
export async function ensureMigrationInfo(db: Db, set: MigrationSet): Promise<void> {
  await locked(db, set, (trx) => createInfoIfMissing(trx, db, set));
}

async function createInfoIfMissing(trx: MigrationDb, db: Db, set: MigrationSet): Promise<void> {
  const info = SETS[set];
  // Only when missing: CREATE SCHEMA needs the CREATE privilege on the database even if the schema exists.
  if (db.dialect === 'postgres' && !(await schemaExists(trx, info.schema))) {
    await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${info.schema}`).execute(trx);
  }
  if (await infoTableExists(trx, db, set)) return;
  await sql.raw(`CREATE TABLE ${info.table} (version INTEGER NOT NULL)`).execute(trx);
  await sql.raw(`INSERT INTO ${info.table} (version) VALUES (0)`).execute(trx);
}

/** The current version; the table must hold exactly one row. */
export async function getVersion(db: Db, set: MigrationSet): Promise<number> {
  return readVersion(db.kysely, set);
}

/**
 * Migrates up or down to `target` in one transaction. A missing schema / migration_info table is created
 * first (as ensureMigrationInfo does), so a fresh database can be migrated in one call.
 */
export async function migrateTo(db: Db, set: MigrationSet, target: number): Promise<{ from: number; to: number }> {
  const { steps, table } = SETS[set];
  const max = steps.length;
  const invalid = () => new MigrationError(`invalid target version (available version range is 0-${max})`);
  if (!Number.isInteger(target) || target < 0 || target > max) throw invalid();
  return locked(db, set, async (trx) => {
    await createInfoIfMissing(trx, db, set);
    const from = await readVersion(trx, set);
    if (from < 0 || from > max) throw invalid();
    if (from < target) {
      for (let v = from + 1; v <= target; v++) await runStep(trx, db, set, v, 'up');
    } else {
      for (let v = from; v > target; v--) await runStep(trx, db, set, v, 'down');
    }
    const result = await sql.raw(`UPDATE ${table} SET version = ${target}`).execute(trx);
    const changed = Number(result.numAffectedRows ?? 0n);
    if (changed !== 1) throw new MigrationError(`unexpected number of rows affected: ${changed}`);
    return { from, to: target };
  });
}

async function runStep(trx: MigrationDb, db: Db, set: MigrationSet, version: number, direction: 'up' | 'down'): Promise<void> {
  try {
    await SETS[set].steps[version - 1][direction](trx, db.dialect);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new MigrationError(`${set} migration ${version} (${direction}) failed: ${message}`, { cause: err });
  }
}

async function readVersion(q: MigrationDb, set: MigrationSet): Promise<number> {
  const { rows } = await sql.raw<{ version: number | string }>(`SELECT version FROM ${SETS[set].table}`).execute(q);
  if (rows.length !== 1) throw new MigrationError(`migration info table contain ${rows.length} rows`);
  return Number(rows[0].version);
}

async function infoTableExists(q: MigrationDb, db: Db, set: MigrationSet): Promise<boolean> {
  const info = SETS[set];
  if (db.dialect === 'postgres') {
    // The name as the migrations use it (OCP tables are unqualified, i.e. on the search_path).
    const { rows } = await sql<{ present: boolean }>`SELECT to_regclass(${info.table}) IS NOT NULL AS present`.execute(q);
    return rows[0].present;
  }
  const { rows } = await sql
    .raw<{ n: number }>(`SELECT count(*) AS n FROM ${info.sqliteDb}.sqlite_master WHERE type = 'table' AND name = 'migration_info'`)
    .execute(q);
  return Number(rows[0].n) > 0;
}

async function schemaExists(q: MigrationDb, schema: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`.execute(q);
  return rows.length > 0;
}

/** Runs `fn` in a transaction that holds the set's migration lock. */
async function locked<T>(db: Db, set: MigrationSet, fn: (trx: MigrationDb) => Promise<T>): Promise<T> {
  const run = () =>
    writeTransaction(db, async (trx) => {
      if (db.dialect === 'postgres') await sql.raw(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${SETS[set].lockKey})`).execute(trx);
      return fn(trx);
    });
  return db.dialect === 'postgres' ? run() : queued(db.describe, run);
}

/** One queue per SQLite database of this process (its storages share one connection). */
const queues = new Map<string, Promise<unknown>>();

function queued<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}
