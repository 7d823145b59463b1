// @requires postgres
/** DVO write semantics on both databases. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromDbTimestamp } from '#common/time.js';
import {
  type RecommendationSpec,
  type TestDb,
  backends,
  dump,
  dvoValue,
  gzipped,
  kafkaMessage,
  migratedDb,
  newCluster,
  pipelineFor,
} from './test-helpers/db.js';

const T1 = '2024-02-06T12:25:07.418761+00:00';
const T2 = '2024-02-07T12:00:00Z';
const T3 = '2024-02-08T12:00:00Z';

const a = (uid: string) => ({ namespace: 'ns-a', namespaceUid: 'UID-A', uid });
const b = (uid: string) => ({ namespace: 'ns-b', namespaceUid: 'UID-B', uid });
const recs = (...workloads: ReturnType<typeof a>[][]): RecommendationSpec[] =>
  workloads.map((w, i) => ({ module: `issue_${i}`, key: `DVO_ISSUE_${i}`, workloads: w }));
const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n + BigInt(/\.\d{3}(\d{3})/.exec(iso)?.[1] ?? 0);

for (const backend of backends) {
  describe(`DVO writer on ${backend.name}`, () => {
    let t: TestDb;
    before(async () => {
      t = await migratedDb(backend);
    });
    after(async () => t.drop());

    const write = (...values: unknown[]) =>
      pipelineFor(t.db, 'dvo').processBatch(
        values.map((v) => kafkaMessage(Buffer.isBuffer(v) ? v : JSON.stringify(v), { topic: 'ccx.dvo.results' })),
      );
    const rows = async (cluster: string) =>
      ((await dump(t.db, ['dvo.dvo_report']))['dvo.dvo_report'] as Record<string, unknown>[]).filter((r) => r.cluster_id === cluster);

    it('stores one row per namespace, from plain and gzipped values', async () => {
      const plain = newCluster();
      const zipped = newCluster();
      const value = (cluster: string) =>
        dvoValue({ org: 5, cluster, lastChecked: T1, recommendations: recs([a('w1'), a('w2'), b('w3')], [a('w1')]) });
      const outcomes = await write(value(plain), gzipped(value(zipped)));
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['written', 'written'],
      );
      for (const cluster of [plain, zipped]) {
        const stored = await rows(cluster);
        assert.deepEqual(
          stored.map((r) => [
            Number(r.org_id),
            r.namespace_id,
            r.namespace_name,
            Number(r.recommendations),
            Number(r.objects),
            JSON.parse(r.rule_hits_count as string),
          ]),
          [
            [
              5,
              'UID-A',
              'ns-a',
              2,
              2,
              { 'ccx_rules_ocp.external.dvo.issue_0|DVO_ISSUE_0': 2, 'ccx_rules_ocp.external.dvo.issue_1|DVO_ISSUE_1': 1 },
            ],
            [5, 'UID-B', 'ns-b', 1, 1, { 'ccx_rules_ocp.external.dvo.issue_0|DVO_ISSUE_0': 1 }],
          ],
        );
        for (const row of stored) {
          assert.deepEqual(JSON.parse(JSON.parse(row.report as string)), value(cluster).Metrics);
          assert.equal(fromDbTimestamp(row.last_checked_at as string)?.micros, micros('2024-02-06T12:25:07.418761Z'));
          assert.equal(row.reported_at, row.last_checked_at);
        }
      }
    });

    it('replaces namespaces, deletes those no longer reported and keeps first-seen times', async () => {
      const cluster = newCluster();
      await write(dvoValue({ cluster, lastChecked: T1, recommendations: recs([a('w1'), b('w2')]) }));
      const first = await rows(cluster);
      await write(dvoValue({ cluster, lastChecked: T2, recommendations: recs([a('w1'), a('w5')], [a('w5')]) }));
      const second = await rows(cluster);
      assert.deepEqual(
        second.map((r) => [r.namespace_id, Number(r.objects), Number(r.recommendations)]),
        [['UID-A', 2, 2]],
      );
      assert.equal(second[0].reported_at, first[0].reported_at);
      assert.equal(fromDbTimestamp(second[0].last_checked_at as string)?.micros, micros(T2));
      await write(dvoValue({ cluster, lastChecked: T3, recommendations: recs([b('w9')]) }));
      const third = await rows(cluster);
      assert.deepEqual(
        third.map((r) => r.namespace_id),
        ['UID-B'],
      );
      assert.equal(fromDbTimestamp(third[0].reported_at as string)?.micros, micros(T3));
    });

    it('deletes the cluster for an empty or null recommendation list and skips Metrics = {}', async () => {
      const cluster = newCluster();
      const other = newCluster();
      await write(
        dvoValue({ cluster, lastChecked: T1, recommendations: recs([a('w1')]) }),
        dvoValue({ cluster: other, lastChecked: T1, recommendations: recs([a('w1')]) }),
      );
      const skipped = await write({ ...dvoValue({ cluster, lastChecked: T2, recommendations: [] }), Metrics: {} });
      assert.deepEqual(
        skipped.map((o) => o.status),
        ['skipped-empty'],
      );
      assert.equal((await rows(cluster)).length, 1);
      await write(
        dvoValue({ cluster, lastChecked: T2, recommendations: [] }),
        dvoValue({ cluster: other, lastChecked: T2, recommendations: null }),
      );
      assert.deepEqual([(await rows(cluster)).length, (await rows(other)).length], [0, 0]);
    });

    it('ignores older and equal reports (re-delivery leaves the table identical)', async () => {
      const cluster = newCluster();
      const batch = [dvoValue({ cluster, lastChecked: T2, recommendations: recs([a('w1')]) })];
      await write(...batch);
      const before = await dump(t.db, ['dvo.dvo_report', 'consumer_error']);
      assert.deepEqual(
        (await write(...batch)).map((o) => o.status),
        ['skipped-older'],
      );
      assert.deepEqual(
        (await write(dvoValue({ cluster, lastChecked: T1, recommendations: recs([b('w2')]) }))).map((o) => o.status),
        ['skipped-older'],
      );
      assert.deepEqual(await dump(t.db, ['dvo.dvo_report', 'consumer_error']), before);
    });

    it('moves a cluster to its new org, keeping first-seen times', async () => {
      const cluster = newCluster();
      await write(dvoValue({ org: 1, cluster, lastChecked: T1, recommendations: recs([a('w1'), b('w2')]) }));
      const first = await rows(cluster);
      assert.deepEqual(
        (await write(dvoValue({ org: 2, cluster, lastChecked: T1, recommendations: recs([a('w1')]) }))).map((o) => o.status),
        ['skipped-older'],
      );
      await write(dvoValue({ org: 2, cluster, lastChecked: T2, recommendations: recs([a('w1'), b('w3')]) }));
      const moved = await rows(cluster);
      assert.deepEqual(
        moved.map((r) => Number(r.org_id)),
        [2, 2],
      );
      assert.deepEqual(
        moved.map((r) => r.reported_at),
        first.map((r) => r.reported_at),
      );
    });

    it('records rejections in consumer_error (gzipped values decompressed)', async () => {
      const bad = gzipped({ ...dvoValue({ cluster: newCluster(), lastChecked: T1, recommendations: [] }), LastChecked: 'x' });
      const [outcome] = await write(bad);
      assert.equal(outcome.status, 'rejected');
      const errors = ((await dump(t.db, ['consumer_error'])).consumer_error as Record<string, unknown>[]).filter(
        (r) => r.topic === 'ccx.dvo.results',
      );
      assert.equal(errors.length, 1);
      assert.equal(errors[0].error, outcome.error);
      assert.match(errors[0].message as string, /"LastChecked":"x"/);
    });
  });

  describe(`DVO writer on ${backend.name} without the OCP schema`, () => {
    it('skips consumer_error rows when that table does not exist', async () => {
      const t = await migratedDb(backend, { ocp: false });
      try {
        const pipeline = pipelineFor(t.db, 'dvo');
        const cluster = newCluster();
        const outcomes = await pipeline.processBatch([
          kafkaMessage('{'),
          kafkaMessage(JSON.stringify(dvoValue({ cluster, lastChecked: T1, recommendations: recs([a('w1')]) }))),
        ]);
        assert.deepEqual(
          outcomes.map((o) => [o.status, o.error]),
          [
            ['rejected', 'unexpected end of JSON input'],
            ['written', undefined],
          ],
        );
        assert.equal((await dump(t.db, ['dvo.dvo_report']))['dvo.dvo_report'].length, 1);
      } finally {
        await t.drop();
      }
    });
  });
}
