// @requires postgres
// @requires kafka
/** (b) The DVO writer (storage_backend.use = dvo_recommendations) over the real broker, one message gzip-compressed. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { makeTopic, produce, readTopic, unique, waitFor } from '#test/helpers/kafka.js';
import { clusterUuid, dvoMessage, type DvoWorkload } from './test-helpers/messages.js';
import { handled } from './test-helpers/metrics.js';
import { metricValue, migratedDb, startInProcess, type InProcessWriter } from './test-helpers/writer.js';

const ISSUE = 'ccx_rules_ocp.external.dvo.an_issue_pod.recommendation';
const UNSET = 'ccx_rules_ocp.external.dvo.unset_requirements.recommendation';
const wl = (ns: string, uid: string, kind = 'Deployment'): DvoWorkload => ({
  namespace: `namespace-${ns}`,
  namespace_uid: `NS-UID-${ns}`,
  kind,
  name: `name-${uid}`,
  uid,
});

describe('DVO writer', () => {
  let database: TestDatabase;
  let w: InProcessWriter;
  const topic = unique('ccx.dvo.results');
  const dlq = unique('dvo.dead.letter');
  const tracker = unique('dvo.payload-status');

  before(async () => {
    database = await createPostgresDatabase();
    const db = await migratedDb(database.conf, ['ocp', 'dvo']);
    await Promise.all([makeTopic(topic), makeTopic(dlq), makeTopic(tracker)]);
    w = await startInProcess(
      {
        use: 'dvo_recommendations',
        storage: database.conf,
        topic,
        group: unique('dvo_writer_app'),
        deadLetterTopic: dlq,
        trackerTopic: tracker,
        serviceName: 'dvo-writer',
      },
      db,
    );
  });

  after(async () => {
    await w?.running.stop();
    await w?.db.close();
    await database?.drop();
  });

  it('aggregates workloads per namespace, accepts gzip, dead-letters invalid messages', async () => {
    const c1 = clusterUuid(11, 5);
    const c2 = clusterUuid(12, 5);
    const first = dvoMessage({
      org: 1,
      cluster: c1,
      lastChecked: '2024-02-06T12:25:07.418761+00:00',
      requestId: 'dvo-req-1',
      recommendations: [
        { component: ISSUE, key: 'DVO_AN_ISSUE', workloads: [wl('A', 'UID-1'), wl('A', 'UID-2', 'DaemonSet'), wl('B', 'UID-3')] },
        { component: UNSET, key: 'DVO_UNSET', workloads: [wl('A', 'UID-1'), wl('A', 'UID-4')] },
      ],
    });
    const zipped = dvoMessage({
      org: 2,
      cluster: c2,
      lastChecked: '2024-02-06T13:00:00Z',
      gzip: true,
      recommendations: [{ component: ISSUE, key: 'DVO_AN_ISSUE', workloads: [wl('C', 'UID-9')] }],
    });
    assert.equal(zipped[0], 0x1f);
    const noMetrics = Buffer.from(
      JSON.stringify({ OrgID: 1, ClusterName: clusterUuid(13, 5), LastChecked: '2024-02-06T13:00:00Z', RequestId: 'dvo-req-bad' }),
    );
    const empty = Buffer.from(
      JSON.stringify({ OrgID: 1, ClusterName: clusterUuid(14, 5), LastChecked: '2024-02-06T13:00:00Z', Metrics: {} }),
    );
    const newer = dvoMessage({
      org: 1,
      cluster: c1,
      lastChecked: '2024-02-07T00:00:00Z',
      recommendations: [{ component: ISSUE, key: 'DVO_AN_ISSUE', workloads: [wl('A', 'UID-1')] }],
    });

    await produce(topic, [first, zipped, noMetrics, empty]);
    await waitFor('4 messages handled', async () => (await handled(w.metrics)) >= 4);
    const rows = (
      await sql<{
        cluster_id: string;
        namespace_id: string;
        namespace_name: string;
        recommendations: number;
        objects: number;
        rule_hits_count: unknown;
        report: string;
        reported_at: string;
        last_checked_at: string;
      }>`
      SELECT cluster_id, namespace_id, namespace_name, recommendations, objects, rule_hits_count, report, reported_at, last_checked_at
      FROM dvo.dvo_report ORDER BY org_id, cluster_id, namespace_id`.execute(w.db.kysely)
    ).rows;
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    assert.deepEqual(
      rows.map((r) => [r.cluster_id, r.namespace_id, r.namespace_name, r.recommendations, r.objects, json(r.rule_hits_count)]),
      [
        [
          c1,
          'NS-UID-A',
          'namespace-A',
          2,
          3,
          { 'ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE': 2, 'ccx_rules_ocp.external.dvo.unset_requirements|DVO_UNSET': 2 },
        ],
        [c1, 'NS-UID-B', 'namespace-B', 1, 1, { 'ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE': 1 }],
        [c2, 'NS-UID-C', 'namespace-C', 1, 1, { 'ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE': 1 }],
      ],
    );
    // `report` holds the whole Metrics object JSON-encoded once more (a JSON string).
    const metricsOf = (buf: Buffer) =>
      (JSON.parse((buf[0] === 0x1f ? gunzipSync(buf) : buf).toString('utf8')) as { Metrics: unknown }).Metrics;
    assert.deepEqual(JSON.parse(JSON.parse(rows[0]!.report) as string), metricsOf(first));
    assert.deepEqual(JSON.parse(JSON.parse(rows[2]!.report) as string), metricsOf(zipped));
    const firstSeenA = rows[0]!.reported_at;

    // Invalid → consumer_error (a deliberate addition for DVO), DLQ (raw), tracker error.
    assert.equal(await metricValue(w.metrics, 'consuming_errors'), 1);
    const errorRows = (
      await sql<{ topic: string; error: string; message: string }>`SELECT topic, error, message FROM consumer_error`.execute(w.db.kysely)
    ).rows;
    assert.deepEqual(
      errorRows.map((r) => [r.topic, r.error, r.message]),
      [[topic, "missing required attribute 'Metrics'", noMetrics.toString('utf8')]],
    );
    const dead = await readTopic(dlq, 1);
    assert.deepEqual(
      dead.map((m) => m.value!.toString('utf8')),
      [noMetrics.toString('utf8')],
    );
    // Missing Metrics is a deserialisation failure: no `received` for it (spec 2.9).
    const statuses = (await readTopic(tracker, 5)).map((m) => JSON.parse(m.value!.toString('utf8')) as Record<string, string>);
    assert.deepEqual(
      statuses.map((s) => [s.request_id, s.status, s.service]),
      [
        ['dvo-req-1', 'received', 'dvo-writer'],
        ['dvo-req-1', 'processed', 'dvo-writer'],
        ['dvo-req-1', 'success', 'dvo-writer'],
        ['dvo-req-bad', 'processed', 'dvo-writer'],
        ['dvo-req-bad', 'error', 'dvo-writer'],
      ],
    );
    assert.equal(statuses[0]!.org_id, '1');
    assert.equal(statuses[0]!.account, '1001');

    // A newer report replaces the cluster's rows; namespace A keeps its first-seen time.
    await produce(topic, [newer]);
    await waitFor('newer report handled', async () => (await handled(w.metrics)) >= 5);
    const after1 = (
      await sql<{ namespace_id: string; reported_at: string; last_checked_at: string; objects: number }>`
      SELECT namespace_id, reported_at, last_checked_at, objects FROM dvo.dvo_report WHERE cluster_id = ${c1}`.execute(w.db.kysely)
    ).rows;
    assert.equal(after1.length, 1);
    assert.equal(after1[0]!.namespace_id, 'NS-UID-A');
    assert.equal(after1[0]!.objects, 1);
    assert.equal(String(after1[0]!.reported_at), String(firstSeenA));
    assert.match(String(after1[0]!.last_checked_at), /^2024-02-07/);
  });
});
