/**
 * What the OCP and DVO writers share: the batch transaction, parameter chunking, per-cluster locks and the
 * consumer_error rows.
 */
import { CompiledQuery, type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Logger } from 'pino';
import { rowChunks } from '#common/sql/chunks.js';
import type { Db } from '../../storage/db.js';
import { inList, pgArrayLiteral } from '#common/sql/lists.js';
import { writeTransaction } from '#common/sql/transaction.js';
import type { Database } from '../../storage/tables.js';
import { classify } from '#common/sql/errors.js';

/** The batch's transaction (a Kysely bound to one connection). */
export type Trx = Kysely<Database>;

/**
 * Rows addressed by (org_id, cluster_id), the leading columns of recommendation's and dvo_report's keys.
 * PostgreSQL: a join with two unnested arrays; SQLite: `(org_id = ? AND cluster_id IN (...)) OR ...` per org.
 */
export function orgClusterPairs(db: Db, pairs: ReadonlyArray<readonly [number, string]>): Expression<SqlBool> {
  if (db.dialect === 'postgres') {
    return sql<SqlBool>`(org_id, cluster_id) IN (SELECT * FROM unnest(CAST(${pairs.map((p) => p[0])} AS int[]), CAST(${pairs.map((p) => p[1])} AS varchar[])))`;
  }
  const groups = new Map<number, string[]>();
  for (const [org, cluster] of pairs) {
    const list = groups.get(org);
    if (list) list.push(cluster);
    else groups.set(org, [cluster]);
  }
  const terms = [...groups].map(([org, clusters]) => sql`(org_id = ${org} AND ${inList(db, 'cluster_id', clusters)})`);
  return sql<SqlBool>`(${sql.join(terms, sql` OR `)})`;
}

/** Chunks for statements whose parameters grow with the rows (SQLite); PostgreSQL binds arrays, one chunk. */
export function batches<T>(db: Db, rows: readonly T[], paramsPerRow: number): T[][] {
  if (rows.length === 0) return [];
  return db.dialect === 'postgres' ? [[...rows]] : rowChunks(db, rows, paramsPerRow);
}

/** Per dialect and row width: the placeholder tuples of the most rows asked for so far, and where each ends. */
const placeholderRuns = new Map<string, { text: string; ends: number[] }>();

/**
 * `(?, ?), (?, ?)` or `($1, $2), ($3, $4)` for `rows` rows of `width` values: a prefix of the longest run
 * built so far for that width (the tuples are numbered in order), so a batch's thousands of tuples are not
 * written again for every statement.
 */
export function placeholders(db: Db, rows: number, width: number): string {
  const key = `${db.dialect}:${width}`;
  let run = placeholderRuns.get(key);
  if (!run || run.ends.length < rows) {
    const tuples: string[] = new Array(rows);
    const ends: number[] = new Array(rows);
    let length = -2;
    for (let r = 0; r < rows; r++) {
      const marks: string[] = new Array(width);
      for (let c = 0; c < width; c++) marks[c] = db.dialect === 'postgres' ? `$${r * width + c + 1}` : '?';
      tuples[r] = `(${marks.join(', ')})`;
      length += tuples[r]!.length + 2;
      ends[r] = length;
    }
    run = { text: tuples.join(', '), ends };
    placeholderRuns.set(key, run);
  }
  return rows === 0 ? '' : run.text.slice(0, run.ends[rows - 1]);
}

/**
 * `INSERT INTO table (columns) VALUES (...), (...) [conflict]`, chunked under the bound-parameter limit.
 * The statement text is built directly (a query builder costs more than the database for thousands of
 * rows). With `pgTypes`, PostgreSQL inserts instead from unnest() of one array per column: one statement
 * with a constant text whatever the row count, which is faster for many rows of small values; for large
 * values (report JSON, rule details) one parameter per value is faster, because the pg client escapes
 * array elements slowly and the server parses them again (measured).
 * `table`, `columns`, `conflict` and `pgTypes` are constants of the writers, never data.
 */
export async function bulkInsert(
  db: Db,
  trx: Trx,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  conflict = '',
  pgTypes?: readonly string[],
): Promise<void> {
  if (pgTypes && db.dialect === 'postgres' && rows.length > 0) {
    const arrays = columns.map((_, i) => pgArrayLiteral(rows.map((r) => r[i])));
    const text = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${pgTypes.map((t, i) => `CAST($${i + 1} AS ${t}[])`).join(', ')}) ${conflict}`;
    await trx.executeQuery(CompiledQuery.raw(text, arrays));
    return;
  }
  for (const part of rowChunks(db, rows, columns.length)) {
    const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders(db, part.length, columns.length)} ${conflict}`;
    await trx.executeQuery(CompiledQuery.raw(text, part.flat()));
  }
}

/** Runs the batch in one write transaction; transient failures come out as TransientStorageError. */
export async function inTransaction<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await writeTransaction(db, fn);
  } catch (err) {
    throw classify(err);
  }
}

/** Per database: whether the server can compress TOASTed values with LZ4 (PostgreSQL 14+ built with it). */
const lz4Toast = new WeakMap<Db, boolean>();

async function canUseLz4(db: Db, trx: Trx): Promise<boolean> {
  let known = lz4Toast.get(db);
  if (known === undefined) {
    const { rows } = await sql<{
      lz4: boolean;
    }>`SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`.execute(trx);
    known = rows[0]?.lz4 === true;
    lz4Toast.set(db, known);
  }
  return known;
}

/**
 * PostgreSQL, one statement at the start of the batch transaction:
 * - transaction-scoped advisory locks on the batch's clusters (sorted, so two batches never wait on each
 *   other in a cycle). They serialise concurrent writers of one cluster (several partitions or processes)
 *   between the read of the stored state and the writes;
 * - `jit = off` and `max_parallel_workers_per_gather = 0` for the transaction: the writer's statements are
 *   small index-driven ones, but on large tables (or with a stale estimate right after a bulk load) their
 *   estimated cost passes jit_above_cost and parallel_setup_cost. JIT compilation then costs more than the
 *   statement, and so does starting parallel workers: with 1,000,000 stored reports the stored-state read
 *   of a 480-cluster batch ran as a Gather over two workers in 21 ms, of which 3 ms were the scans
 *   (measured with EXPLAIN ANALYZE; in a bench run it was 95 µs per message instead of 7.5 µs);
 * - `enable_seqscan = off` for the transaction: every statement of the writer finds its rows by a key, but
 *   while a table grows faster than its statistics (a new database, a burst) the planner took the batch's
 *   `cluster_id = ANY(...)` of 225 clusters for most of rule_hit and deleted the re-reported clusters' hits
 *   with a sequential scan of the whole table: 30-39 ms a batch at 50,000 rows and growing with the table,
 *   the costliest statement of `bench:consumer` (auto_explain, pg_stat_statements), against 2-5 ms by the
 *   primary key. A table without an index for a statement is still scanned;
 * - `default_toast_compression = lz4` for the transaction, where the server has it: a report (about 8 KB
 *   of JSON) is compressed when stored, and pglz, the default, spent 15 % of the database's CPU in
 *   `bench:consumer` (perf); LZ4 compresses 3-4 times faster to the same size (130 against 35 µs per report,
 *   1,862 against 1,895 bytes) and decompresses faster for the API. The stored text is the same; every
 *   PostgreSQL 14+ built with LZ4 reads it (docs/compatibility.md).
 * SQLite runs one write transaction at a time anyway (BEGIN IMMEDIATE).
 */
export async function lockClusters(db: Db, trx: Trx, lockClass: number, clusters: readonly string[]): Promise<void> {
  if (db.dialect !== 'postgres' || clusters.length === 0) return;
  const sorted = [...clusters].sort();
  const lz4 = (await canUseLz4(db, trx)) ? sql`, set_config('default_toast_compression', 'lz4', true)` : sql``;
  await sql`SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
    set_config('enable_seqscan', 'off', true)${lz4},
    (SELECT count(pg_advisory_xact_lock(${sql.lit(lockClass)}, hashtext(c))) FROM unnest(CAST(${sorted} AS text[])) AS c)`.execute(trx);
}

/** Keeps, per cluster, the index of the message with the newest LastChecked (the first one among equals). */
export function newestPerCluster<T extends { clusterName: string; lastChecked: { micros: bigint } }>(
  items: readonly T[],
): Map<string, number> {
  const winners = new Map<string, number>();
  items.forEach((item, index) => {
    const current = winners.get(item.clusterName);
    if (current === undefined || item.lastChecked.micros > items[current].lastChecked.micros) winners.set(item.clusterName, index);
  });
  return winners;
}

/** A rejected message as it goes into `consumer_error` (spec 2.8). */
export interface ConsumerErrorRow {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  producedAt: string;
  consumedAt: string;
  message: Buffer | null;
  error: string;
}

const INT4_MAX = 2_147_483_647n;

/** PostgreSQL text cannot hold U+0000; keep the rest of the value readable. */
const text = (value: string) => value.replace(/\u0000/g, '\ufffd');

const tablePresent = new WeakMap<Db, boolean>();

async function consumerErrorTableExists(db: Db, trx: Trx): Promise<boolean> {
  if (tablePresent.get(db)) return true;
  let present: boolean;
  if (db.dialect === 'postgres') {
    const { rows } = await sql<{ present: boolean }>`SELECT to_regclass('consumer_error') IS NOT NULL AS present`.execute(trx);
    present = rows[0].present;
  } else {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM main.sqlite_master WHERE type = 'table' AND name = 'consumer_error'`.execute(trx);
    present = Number(rows[0].n) > 0;
  }
  if (present) tablePresent.set(db, true);
  return present;
}

/**
 * Inserts the batch's consumer_error rows; a re-delivered message (same topic, partition, offset) is left
 * as first recorded. Rows the table cannot hold (an offset beyond its INTEGER column) and a missing table
 * (a DVO database without the OCP schema) are logged and skipped, as upstream only logs a failed insert.
 */
export async function insertConsumerErrors(db: Db, trx: Trx, rows: readonly ConsumerErrorRow[], logger: Logger): Promise<void> {
  if (rows.length === 0) return;
  if (!(await consumerErrorTableExists(db, trx))) {
    logger.warn({ rows: rows.length }, 'table consumer_error does not exist in this database; rejected messages are not recorded there');
    return;
  }
  const values = [];
  for (const row of rows) {
    if (row.offset > INT4_MAX || row.offset < 0n) {
      logger.warn(
        { topic: row.topic, partition: row.partition, offset: row.offset.toString() },
        'offset does not fit consumer_error.topic_offset; error not recorded',
      );
      continue;
    }
    values.push({
      topic: text(row.topic),
      partition: row.partition,
      topic_offset: Number(row.offset),
      key: row.key === null ? null : text(row.key.toString('utf8')),
      produced_at: row.producedAt,
      consumed_at: row.consumedAt,
      message: row.message === null ? null : text(row.message.toString('utf8')),
      error: text(row.error),
    });
  }
  for (const part of rowChunks(db, values, 8)) {
    await trx
      .insertInto('consumer_error')
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
