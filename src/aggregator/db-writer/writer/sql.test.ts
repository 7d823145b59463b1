// @requires postgres
/** The batch transaction's planner settings on PostgreSQL (lockClusters). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type TestDb, backends, migratedDb } from './test-helpers/db.js';
import { inTransaction, lockClusters, type Trx } from './sql.js';

const postgres = backends.find((b) => b.name === 'postgres')!;

const settings = async (trx: Trx) =>
  (
    await sql<{
      jit: string;
      workers: string;
    }>`SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers`.execute(trx)
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
      assert.deepEqual(await settings(trx), { jit: 'off', workers: '0' });
      assert.doesNotMatch(await plan(trx, clusters), /Gather|Parallel/);
    });
    await inTransaction(t.db, async (trx) => {
      assert.notEqual((await settings(trx)).workers, '0', 'the setting ends with the transaction');
    });
  });
});
