// @requires postgres
// @requires kafka
/**
 * (d) SIGKILL: the writer process (the real service, `node --import tsx src/aggregator/main.ts`) is killed
 * with SIGKILL in the middle of the stream (twice) and restarted. The final database content must equal that of an
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

  it('ends with the same database state as an uninterrupted run', { timeout: 600_000 }, async (t) => {
    const { values, sentinels } = stream();
    // The stream is produced in three slices: each kill happens while the writer works on a slice whose
    // successors are not produced yet, so "killed before the end" holds by construction (no poll has to catch
    // the writer in time); the kill lands at whatever point the writer has reached.
    const slices = [0, Math.floor(values.length / 3), Math.floor((2 * values.length) / 3), values.length];
    const clustersUpTo = (end: number) =>
      new Set(
        values.slice(0, end).flatMap((v) => {
          const m = /"ClusterName":"([^"]+)"/.exec(v.value);
          return m ? [m[1]!] : [];
        }),
      ).size;

    // Interrupted: SIGKILL in the middle of slices 1 and 2, then restart; slice 3 runs to the end.
    const run = await prepare();
    let writer = spawnWriter(run.setup, await freePort());
    children.push(writer);
    let committed = 0;
    for (const k of [1, 2]) {
      await produce(topic, values.slice(slices[k - 1], slices[k]));
      const threshold = Math.floor((clustersUpTo(slices[k - 1]!) + clustersUpTo(slices[k]!)) / 2);
      await waitFor(`${threshold} reports stored`, async () => (await count(run.db, 'report')) >= threshold, 180_000, 10);
      writer.proc.kill('SIGKILL');
      await writer.exited;
      const atKill = await count(run.db, 'report');
      committed = Number(await committedTotal(run.setup.group, topic));
      t.diagnostic(
        `killed with ${atKill} of ${clustersUpTo(slices[k]!)} reports of the produced slices stored, ${committed} of ${slices[k]} offsets committed`,
      );
      assert.ok(atKill >= threshold && atKill <= clustersUpTo(slices[k]!));
      assert.ok(committed <= slices[k]!);
      writer = spawnWriter(run.setup, await freePort());
      children.push(writer);
    }
    await produce(topic, values.slice(slices[2], slices[3]));
    await waitFor('restarted run complete', sentinelsStored(run.db, sentinels), 180_000, 250);
    // The restarted writer resumes exactly at the committed offsets: it re-reads everything after them.
    const last = writer;
    await waitFor(
      'restarted writer consumed the rest',
      async () => (await last.metric('consumed_messages')) === values.length - committed,
      30_000,
    );
    await stopChild(last);

    // Reference: an uninterrupted run of the whole stream on a second database (its own consumer group).
    const ref = await prepare();
    const a = spawnWriter(ref.setup, await freePort());
    children.push(a);
    await waitFor('reference run complete', sentinelsStored(ref.db, sentinels), 180_000, 250);
    await stopChild(a);

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
