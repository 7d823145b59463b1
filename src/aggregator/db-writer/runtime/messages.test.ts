// @requires postgres
// @requires kafka
/**
 * (a) Every message family (the repository's generated ones, test/fixtures) through the real broker into PostgreSQL: valid ones stored, every
 * invalid_* one rejected with its error text in consumer_error and its raw value on the dead-letter topic,
 * payload-tracker statuses per spec 2.9, and the writer keeps consuming afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { makeTopic, produce, readTopic, unique, waitFor } from '#test/helpers/kafka.js';
import { clusterUuid, ocpMessage } from './test-helpers/messages.js';
import { INVALID_FAMILY_ERRORS } from '../processor/test-helpers/messages.js';
import { handled } from './test-helpers/metrics.js';
import { generatedMessages } from '#test/fixtures/results-messages.js';
import { count, metricValue, migratedDb, startInProcess, type InProcessWriter } from './test-helpers/writer.js';

const ERRORS = INVALID_FAMILY_ERRORS;
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;

function withRequestId(content: Buffer, requestId: string): Buffer {
  const v = JSON.parse(content.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...v, RequestId: requestId }));
}

describe('OCP writer with every generated message family', () => {
  let database: TestDatabase;
  let w: InProcessWriter;
  const topic = unique('ccx.ocp.results');
  const dlq = unique('dead.letter.queue');
  const tracker = unique('platform.payload-status');

  before(async () => {
    database = await createPostgresDatabase();
    const db = await migratedDb(database.conf, ['ocp']);
    await Promise.all([makeTopic(topic), makeTopic(dlq), makeTopic(tracker)]);
    w = await startInProcess(
      {
        use: 'ocp_recommendations',
        storage: database.conf,
        topic,
        group: unique('db-writer'),
        deadLetterTopic: dlq,
        trackerTopic: tracker,
      },
      db,
    );
  });

  after(async () => {
    await w?.running.stop();
    await w?.db.close();
    await database?.drop();
  });

  it('stores, rejects, dead-letters and tracks every message, then keeps consuming', async () => {
    const files = generatedMessages();
    const byName = (folder: string, name: string) => files.find((f) => f.folder === folder && f.name === name)!.content;
    const tracked = [
      {
        id: 'req-valid',
        value: Buffer.from(
          ocpMessage({
            org: 42,
            account: 4242,
            cluster: clusterUuid(1, 77),
            lastChecked: '2024-02-06T12:25:07.418761Z',
            requestId: 'req-valid',
          }),
        ),
        expect: ['received', 'processed', 'success'],
      },
      {
        id: 'req-bad-time',
        value: withRequestId(byName('invalid_wrong_last_checked', 'no_hits_no_skips.json'), 'req-bad-time'),
        expect: ['received', 'processed', 'error'],
      },
      {
        id: 'req-bad-org',
        value: withRequestId(byName('invalid_wrong_org_id', 'no_hits_no_skips.json'), 'req-bad-org'),
        expect: ['processed', 'error'],
      },
      {
        id: 'req-empty',
        value: Buffer.from(
          JSON.stringify({
            OrgID: 7,
            ClusterName: clusterUuid(2, 77),
            LastChecked: '2024-02-06T12:25:07Z',
            RequestId: 'req-empty',
            Report: {},
          }),
        ),
        expect: ['received', 'processed', 'success'],
      },
    ];
    const values = [...files.map((f) => f.content), ...tracked.map((t) => t.value)];
    await produce(topic, values);
    await waitFor('every message handled', async () => (await handled(w.metrics)) >= values.length, 60_000);
    assert.equal(await handled(w.metrics), values.length);
    assert.equal(await metricValue(w.metrics, 'consumed_messages'), values.length);

    // consumer_error: exactly the invalid messages (their offsets), raw value and error text.
    const invalidOffsets = new Map<number, { folder: string; content: Buffer }>();
    files.forEach((f, i) => {
      if (f.folder.startsWith('invalid_')) invalidOffsets.set(i, f);
    });
    invalidOffsets.set(files.length + 1, { folder: 'invalid_wrong_last_checked', content: tracked[1]!.value });
    invalidOffsets.set(files.length + 2, { folder: 'invalid_wrong_org_id', content: tracked[2]!.value });
    const rows = await w.db.kysely.selectFrom('consumer_error').selectAll().orderBy('topic_offset').execute();
    assert.deepEqual(
      rows.map((r) => Number(r.topic_offset)),
      [...invalidOffsets.keys()].sort((a, b) => a - b),
    );
    for (const r of rows) {
      const f = invalidOffsets.get(Number(r.topic_offset))!;
      assert.equal(r.topic, topic);
      assert.equal(r.partition, 0);
      assert.equal(r.message, f.content.toString('utf8'), `raw message at offset ${r.topic_offset}`);
      assert.equal(r.error, ERRORS[f.folder], `error of ${f.folder} at offset ${r.topic_offset}`);
    }
    assert.equal(await metricValue(w.metrics, 'consuming_errors'), invalidOffsets.size);

    // Valid messages: every cluster stored.
    const valid = files.filter((f) => !f.folder.startsWith('invalid_'));
    const clusters = new Set(valid.map((f) => (JSON.parse(f.content.toString('utf8')) as { ClusterName: string }).ClusterName));
    clusters.add(clusterUuid(1, 77));
    const stored = new Set((await w.db.kysely.selectFrom('report').select('cluster').execute()).map((r) => r.cluster));
    for (const c of clusters) assert.ok(stored.has(c), `cluster ${c} stored`);
    assert.equal(stored.size, clusters.size);

    // Dead-letter topic: the raw values of the rejected messages, in order, without key.
    const dead = await readTopic(dlq, invalidOffsets.size);
    assert.equal(dead.length, invalidOffsets.size);
    const expectedDead = [...invalidOffsets.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f.content.toString('utf8'));
    assert.deepEqual(
      dead.map((m) => m.value?.toString('utf8')),
      expectedDead,
    );
    assert.ok(dead.every((m) => m.key === null || m.key.length === 0));

    // Payload tracker: only messages with a RequestId; received only when decoded.
    const expectedStatuses = tracked.reduce((n, t) => n + t.expect.length, 0);
    const statuses = (await readTopic(tracker, expectedStatuses)).map(
      (m) => JSON.parse(m.value!.toString('utf8')) as Record<string, string>,
    );
    assert.equal(statuses.length, expectedStatuses);
    for (const t of tracked) {
      const mine = statuses.filter((s) => s.request_id === t.id);
      assert.deepEqual(
        mine.map((s) => s.status),
        t.expect,
        t.id,
      );
      for (const s of mine) {
        assert.equal(s.service, 'insights-results-db-writer');
        assert.match(s.date!, DATE);
      }
      const dates = mine.map((s) => s.date!);
      assert.deepEqual([...dates].sort(), dates, `${t.id} dates in order`);
    }
    const valid1 = statuses.find((s) => s.request_id === 'req-valid')!;
    assert.equal(valid1.org_id, '42');
    assert.equal(valid1.account, '4242');
    const badTime = statuses.find((s) => s.request_id === 'req-bad-time')!;
    const badTimeSent = JSON.parse(tracked[1]!.value.toString('utf8')) as { OrgID: number; AccountNumber: number };
    assert.equal(badTime.org_id, String(badTimeSent.OrgID));
    assert.equal(badTime.account, String(badTimeSent.AccountNumber));
    assert.equal(statuses.find((s) => s.request_id === 'req-bad-org')!.org_id, undefined);
    const empty = statuses.find((s) => s.request_id === 'req-empty')!;
    assert.equal(empty.org_id, '7');
    assert.equal(empty.account, undefined);
    assert.equal(await metricValue(w.metrics, 'produced_messages'), invalidOffsets.size + expectedStatuses);

    // Still consuming.
    const late = clusterUuid(3, 77);
    await produce(topic, [ocpMessage({ org: 5, cluster: late, lastChecked: '2024-03-01T00:00:00Z' })]);
    await waitFor('the late message stored', async () => (await count(w.db, 'report', `cluster = '${late}'`)) === 1, 30_000);
    assert.equal(await count(w.db, 'rule_hit', `cluster_id = '${late}'`), 7);
  });
});
