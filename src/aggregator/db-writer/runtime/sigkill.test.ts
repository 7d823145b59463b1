// @requires postgres
// @requires kafka
/**
 * (d) SIGKILL: the writer process (the real service, `node --import tsx src/aggregator/main.ts`) is killed
 * with SIGKILL in the middle of the stream and restarted. The final database content must equal that of an
 * uninterrupted run on a second database (columns holding the write time excluded).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { freePort } from '#test/helpers/private-postgres.js';
import { committedTotal, makeTopic, produce, unique, waitFor } from '#test/helpers/kafka.js';
import { clusterUuid, isoPlus, ocpMessage } from './test-helpers/messages.js';
import { count, dumpOcp, migratedDb, spawnWriter, stopChild, type ChildWriter, type WriterSetup } from './test-helpers/writer.js';
import type { Db } from '../../storage/db.js';

const CLUSTERS = 1500;
const BASE = '2024-06-01T00:00:00Z';

/** First reports, re-reports with newer LastChecked (other hits), invalid messages; one sentinel per partition last. */
function stream(): { values: { value: string; partition: number }[]; sentinels: string[] } {
  const values: { value: string; partition: number }[] = [];
  for (let i = 0; i < CLUSTERS; i++) {
    const cluster = clusterUuid(i, 99);
    const partition = i % 2;
    values.push({ value: ocpMessage({ org: 1 + (i % 20), cluster, lastChecked: isoPlus(BASE, i), seed: i }), partition });
    if (i % 3 === 0 && i >= 30) {
      // a newer report of an earlier cluster of the same partition, sometimes by another org
      const j = i - 30;
      values.push({
        value: ocpMessage({
          org: j % 7 === 0 ? 500 : 1 + (j % 20),
          cluster: clusterUuid(j, 99),
          lastChecked: isoPlus(BASE, 10_000 + i),
          seed: i + 5,
        }),
        partition: j % 2,
      });
    }
    if (i % 50 === 7) values.push({ value: ocpMessage({ org: 1 + (i % 20), cluster, lastChecked: 'not-a-time', seed: i }), partition });
    if (i % 97 === 3) values.push({ value: '{"OrgID": 1, "ClusterName": "nope"', partition });
  }
  const sentinels = [clusterUuid(900_000, 99), clusterUuid(900_001, 99)];
  sentinels.forEach((cluster, partition) => {
    values.push({ value: ocpMessage({ org: 9, cluster, lastChecked: BASE }), partition });
  });
  return { values, sentinels };
}

describe('writer killed with SIGKILL and restarted', () => {
  const dbs: TestDatabase[] = [];
  const open: Db[] = [];
  const children: ChildWriter[] = [];
  const topic = unique('ccx.ocp.results.kill');

  before(async () => {
    await makeTopic(topic, 2);
  });

  after(async () => {
    for (const c of children) await stopChild(c, 2000);
    for (const db of open) await db.close();
    for (const d of dbs) await d.drop();
  });

  async function prepare(): Promise<{ setup: WriterSetup; db: Db }> {
    const d = await createPostgresDatabase();
    dbs.push(d);
    const db = await migratedDb(d.conf, ['ocp']);
    open.push(db);
    return { setup: { use: 'ocp_recommendations', storage: d.conf, topic, group: unique('db-writer') }, db };
  }

  const sentinelsStored = (db: Db, sentinels: string[]) => async () =>
    (await count(db, 'report', `cluster IN ('${sentinels.join("','")}')`)) === sentinels.length;

  it('ends with the same database state as an uninterrupted run', { timeout: 300_000 }, async (t) => {
    const { values, sentinels } = stream();
    await produce(topic, values);

    // Reference: uninterrupted.
    const ref = await prepare();
    const a = spawnWriter(ref.setup, await freePort());
    children.push(a);
    await waitFor('reference run complete', sentinelsStored(ref.db, sentinels), 180_000, 250);
    await stopChild(a);

    // Interrupted: SIGKILL while it is writing (twice, at different points), then restart.
    const run = await prepare();
    let writer = spawnWriter(run.setup, await freePort());
    children.push(writer);
    let committed = 0;
    for (const threshold of [Math.floor(CLUSTERS / 3), Math.floor((2 * CLUSTERS) / 3)]) {
      await waitFor(`${threshold} reports stored`, async () => (await count(run.db, 'report')) >= threshold, 180_000, 10);
      writer.proc.kill('SIGKILL');
      await writer.exited;
      const atKill = await count(run.db, 'report');
      committed = Number(await committedTotal(run.setup.group, topic));
      t.diagnostic(`killed with ${atKill} reports stored and ${committed} of ${values.length} offsets committed`);
      assert.ok(atKill < CLUSTERS + sentinels.length, `killed before the end (${atKill} reports stored)`);
      assert.ok(committed < values.length);
      writer = spawnWriter(run.setup, await freePort());
      children.push(writer);
    }
    await waitFor('restarted run complete', sentinelsStored(run.db, sentinels), 180_000, 250);
    // The restarted writer resumes exactly at the committed offsets: it re-reads everything after them.
    const last = writer;
    await waitFor(
      'restarted writer consumed the rest',
      async () => (await last.metric('consumed_messages')) === values.length - committed,
      30_000,
    );
    await stopChild(last);

    const expected = await dumpOcp(ref.db);
    const actual = await dumpOcp(run.db);
    assert.equal(expected.report!.length, CLUSTERS + sentinels.length);
    assert.ok(expected.consumer_error!.length > 0);
    for (const table of Object.keys(expected)) {
      assert.equal(actual[table]!.length, expected[table]!.length, `${table} row count`);
      assert.deepEqual(actual[table], expected[table], `${table} content`);
    }
  });
});
