// @requires postgres
/** The batch transaction's planner settings on PostgreSQL (lockClusters). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type TestDb, backends, migratedDb } from './test-helpers/db.js';
import { inTransaction, lockClusters, placeholders, type Trx } from './sql.js';

const postgres = backends.find((b) => b.name === 'postgres')!;

const settings = async (trx: Trx) =>
  (
    await sql<{
      jit: string;
      workers: string;
      seqscan: string;
    }>`SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers,
      current_setting('enable_seqscan') AS seqscan`.execute(trx)
  ).rows[0];

/** The plan of the writer's stored-state read, as text. */
async function plan(trx: Trx, clusters: string[]): Promise<string> {
  const { rows } = await sql<{
    'QUERY PLAN': string;
  }>`EXPLAIN SELECT cluster, org_id, last_checked_at FROM report WHERE cluster = ANY(CAST(${clusters} AS varchar[]))`.execute(trx);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('batch transaction on PostgreSQL', () => {
  let t: TestDb;
  before(async () => {
    t = await migratedDb(postgres, { dvo: false });
  });
  after(async () => t.drop());

  it('plans without JIT and without parallel workers, for the batch transaction only', async () => {
    const clusters = ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222'];
    await inTransaction(t.db, async (trx) => {
      // Make parallel plans free, as a large table makes them look to the planner.
      await sql`SELECT set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0', true),
        set_config('min_parallel_table_scan_size', '0', true), set_config('min_parallel_index_scan_size', '0', true),
        set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(trx);
      const before = await settings(trx);
      assert.notEqual(before.workers, '0');
      assert.match(await plan(trx, clusters), /Gather/);

      await lockClusters(t.db, trx, 1, clusters);
      assert.deepEqual(await settings(trx), { jit: 'off', workers: '0', seqscan: 'off' });
      assert.doesNotMatch(await plan(trx, clusters), /Gather|Parallel/);
    });
    await inTransaction(t.db, async (trx) => {
      assert.notEqual((await settings(trx)).workers, '0', 'the setting ends with the transaction');
    });
  });

  it("finds the re-reported clusters' rule hits by the key while the table outgrows its statistics", async () => {
    // A growing rule_hit whose statistics say it holds few distinct clusters: the planner then takes an
    // ANY of a batch's clusters for most of the table.
    await sql`INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data, created_at)
      SELECT 1, 'c' || (i % 20), 'r' || i, 'K', '{}', now() FROM generate_series(1, 2000) AS i`.execute(t.db.kysely);
    await sql`ANALYZE rule_hit`.execute(t.db.kysely);
    await sql`INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data, created_at)
      SELECT 1, md5(i::text), 'r', 'K', '{}', now() FROM generate_series(1, 20000) AS i`.execute(t.db.kysely);
    const clusters = Array.from({ length: 225 }, (_, i) => `c${i}`);
    const deletePlan = async (trx: Trx) =>
      (
        await sql<{ 'QUERY PLAN': string }>`EXPLAIN DELETE FROM rule_hit WHERE cluster_id = ANY(CAST(${clusters} AS varchar[]))`.execute(
          trx,
        )
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    await inTransaction(t.db, async (trx) => {
      assert.match(await deletePlan(trx), /Seq Scan on rule_hit/, 'the statistics do mislead the planner');
      await lockClusters(t.db, trx, 1, clusters);
      assert.match(await deletePlan(trx), /Index Scan|Bitmap Index Scan/);
      assert.doesNotMatch(await deletePlan(trx), /Seq Scan/);
    });
  });
});

describe('placeholders', () => {
  it('numbers every tuple, whatever was asked for before (a prefix of the longest run)', () => {
    const pg = { dialect: 'postgres' } as Parameters<typeof placeholders>[0];
    const lite = { dialect: 'sqlite' } as Parameters<typeof placeholders>[0];
    assert.equal(placeholders(pg, 2, 3), '($1, $2, $3), ($4, $5, $6)');
    assert.equal(placeholders(pg, 5, 3).split('), (').at(-1), '$13, $14, $15)');
    assert.equal(placeholders(pg, 1, 3), '($1, $2, $3)');
    assert.equal(placeholders(pg, 3, 2), '($1, $2), ($3, $4), ($5, $6)');
    assert.equal(placeholders(pg, 0, 3), '');
    assert.equal(placeholders(lite, 2, 2), '(?, ?), (?, ?)');
    for (const rows of [7, 4, 1, 12, 3]) {
      const text = placeholders(pg, rows, 6);
      const marks = text.match(/\$\d+/g) ?? [];
      assert.deepEqual(
        marks,
        Array.from({ length: rows * 6 }, (_, i) => `$${i + 1}`),
        `${rows} rows`,
      );
      assert.ok(text.endsWith(')') && !text.endsWith(', '), text);
    }
  });
});
