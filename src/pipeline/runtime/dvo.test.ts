// @requires kafka
// @requires s3
/**
 * DVO on a real broker and a real S3 server (spec 5, 6): an archive with `config/dvo_metrics` gives its OCP
 * report and a gzip-compressed `ccx.dvo.results` message; without the file only the OCP report; a malformed
 * file only the OCP report, a warning with the reason and `status_msg` on the tracker's success; a failed
 * archive nothing on either results topic. The consumer keeps going throughout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { RunningService } from '#common/service/shell.js';
import { clusterArchive, type DvoFinding } from '#test/helpers/io-archive.js';
import { makeTopic, produce, readTopic, unique } from '#test/helpers/kafka.js';
import { TestBucket } from '#test/helpers/s3.js';
import { start } from '../service.js';
import { announcement, announcementValue, pipelineTopics, pipelineConfig } from './test-helpers/announce.js';

const FINDINGS: DvoFinding[] = [
  { check: 'unset_cpu_requirements', namespaceUid: 'ns-uid-1', uid: 'w-1', namespace: 'shop', name: 'api' },
  { check: 'no_anti_affinity', namespaceUid: 'ns-uid-1', uid: 'w-1', namespace: 'shop', name: 'api' },
];
const IDS = {
  dvo: '11111111-2222-4333-8444-555555555501',
  none: '11111111-2222-4333-8444-555555555502',
  bad: '11111111-2222-4333-8444-555555555503',
  empty: '11111111-2222-4333-8444-555555555504',
};

describe('pipeline runtime: ccx.dvo.results (Kafka + S3)', () => {
  const t = pipelineTopics('pipeline.dvo');
  const dvoTopic = unique('pipeline.dvo.dvo-results');
  const bucket = new TestBucket(unique('pipeline-dvo').toLowerCase());
  const logs: Record<string, unknown>[] = [];
  let service: RunningService;

  before(async () => {
    await bucket.create();
    for (const topic of [t.incoming, t.results, t.tracker, t.dlq, dvoTopic]) await makeTopic(topic);
    const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
    service = await start(
      pipelineConfig(t, (c) => {
        c.publisher.dvo_topic = dvoTopic;
      }),
      logger,
      { retryDelayMs: 50 },
    );
  });
  after(async () => {
    await service?.stop();
    await bucket.close();
  });

  it('publishes DVO beside OCP, only OCP without or with a bad file, nothing for a failed archive', async () => {
    const put = async (name: string, body: Buffer) => bucket.put(name, body);
    await produce(t.incoming, [
      announcement(
        announcementValue({ url: await put('dvo.tar.gz', await clusterArchive({ id: IDS.dvo, dvo: FINDINGS })), requestId: 'dvo' }),
      ),
      announcement(announcementValue({ url: await put('none.tar.gz', await clusterArchive({ id: IDS.none })), requestId: 'none' })),
      announcement(
        announcementValue({
          url: await put(
            'bad.tar.gz',
            await clusterArchive({ id: IDS.bad, files: { 'config/dvo_metrics': 'deployment_validation_operator_x{kind="Pod"} 1\n' } }),
          ),
          requestId: 'bad',
        }),
      ),
      announcement(
        announcementValue({ url: await put('empty.tar.gz', await clusterArchive({ id: IDS.empty, dvo: [] })), requestId: 'empty' }),
      ),
      announcement(
        announcementValue({ url: await put('noid.tar.gz', await clusterArchive({ id: null, dvo: FINDINGS })), requestId: 'failed' }),
      ),
    ]);

    const ocp = (await readTopic(t.results, 4, { timeoutMs: 60_000 })).map((m) => JSON.parse(m.value?.toString() ?? '{}'));
    assert.deepEqual(ocp.map((m) => m.RequestId).sort(), ['bad', 'dvo', 'empty', 'none']);

    const dvo = await readTopic(dvoTopic, 2, { timeoutMs: 60_000 });
    assert.equal(dvo.length, 2);
    for (const m of dvo) {
      assert.equal(m.key, null);
      assert.equal(m.headers?.length ?? 0, 0, 'no headers');
      assert.deepEqual([m.value?.[0], m.value?.[1]], [0x1f, 0x8b], 'the value is gzip-compressed');
    }
    const messages = dvo.map((m) => JSON.parse(gunzipSync(m.value as Buffer).toString('utf8')));
    const byId = Object.fromEntries(messages.map((m) => [m.RequestId, m]));
    assert.deepEqual(Object.keys(byId).sort(), ['dvo', 'empty']);
    assert.equal(byId.dvo.ClusterName, IDS.dvo);
    assert.equal(byId.dvo.OrgID, 123456);
    assert.equal(byId.dvo.AccountNumber, 789000);
    assert.equal(byId.dvo.Version, 2);
    assert.deepEqual(
      byId.dvo.Metrics.workload_recommendations.map((r: { key: string }) => r.key),
      ['DVO_NO_ANTI_AFFINITY', 'DVO_UNSET_CPU_REQUIREMENTS'],
    );
    assert.deepEqual(byId.empty.Metrics.workload_recommendations, []);

    const dlq = await readTopic(t.dlq, 1, { timeoutMs: 30_000 });
    assert.deepEqual(
      dlq.map((m) => JSON.parse(m.value?.toString() ?? '{}').request_id),
      ['failed'],
    );
    const statuses = (await readTopic(t.tracker, 4 * 3 + 2, { timeoutMs: 30_000 })).map((m) => JSON.parse(m.value?.toString() ?? '{}'));
    const of = (id: string) => statuses.filter((s) => s.request_id === id);
    for (const id of ['dvo', 'none', 'empty']) {
      assert.deepEqual(
        of(id).map((s) => [s.status, s.status_msg]),
        [
          ['received', undefined],
          ['processing', undefined],
          ['success', undefined],
        ],
        id,
      );
    }
    assert.deepEqual(
      of('bad').map((s) => s.status),
      ['received', 'processing', 'success'],
    );
    assert.match(
      of('bad')[2].status_msg,
      /^DVO metrics not published: config\/dvo_metrics line 1: label\(s\) namespace_uid, uid missing or empty$/,
    );
    assert.deepEqual(
      of('failed').map((s) => s.status),
      ['received', 'error'],
    );
    assert.match(of('failed')[1].status_msg, /no cluster ID/);

    const warned = logs.find((l) => l.msg === 'DVO metrics refused');
    assert.ok(warned, 'a warning for the refused DVO file');
    assert.equal(warned.request_id, 'bad');
    assert.match(String(warned.reason), /line 1: label\(s\) namespace_uid, uid missing/);
    assert.equal(logs.filter((l) => l.msg === 'DVO recommendations published').length, 2);
  });
});
