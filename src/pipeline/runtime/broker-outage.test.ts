// @requires kafka
// @requires s3
/**
 * The pipeline through a Kafka outage (issue 13): it consumes from a PRIVATE broker
 * (test/helpers/private-kafka.ts; the shared one is never stopped), which is stopped and started again.
 * Readiness answers 200 and `kafka_connected` 1 while connected, 503 and 0 while the broker is away (HTTP
 * keeps answering), 200 once it is back; the service never stops, and an announcement sent after the
 * restart is processed (its report published).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '#common/logger.js';
import type { RunningService } from '#common/service/shell.js';
import { clusterArchive } from '#test/helpers/io-archive.js';
import { makeTopic, produce, readTopic, unique, waitFor } from '#test/helpers/kafka.js';
import { PrivateKafka } from '#test/helpers/private-kafka.js';
import { freePort } from '#test/helpers/private-postgres.js';
import { TestBucket } from '#test/helpers/s3.js';
import { start } from '../service.js';
import { announcement, announcementValue, pipelineTopics, pipelineConfig } from './test-helpers/announce.js';

describe('pipeline: Kafka broker outage', () => {
  const t = pipelineTopics('pipewire');
  const bucket = new TestBucket(unique('pipewire-outage').toLowerCase());
  let kafka: PrivateKafka;
  let service: RunningService;
  let httpPort = 0;
  let exited: number | null = null;

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/${path}`);
    return { status: res.status, text: await res.text() };
  };
  const connectedGauge = async () => /^kafka_connected (\d+)$/m.exec((await get('metrics')).text)?.[1];
  const requestIds = async (count: number) =>
    (await readTopic(t.results, count, { on: kafka.brokerOptions })).map(
      (m) => (JSON.parse(m.value?.toString() ?? '{}') as { RequestId?: string }).RequestId,
    );

  before(async () => {
    await bucket.create();
    kafka = await PrivateKafka.start();
    for (const topic of [t.incoming, t.results, t.tracker, t.dlq]) await makeTopic(topic, 1, kafka.brokerOptions);
    httpPort = await freePort();
    service = await start(
      pipelineConfig(t, (c) => {
        c.broker.addresses = kafka.bootstrap;
        c.metrics.address = `127.0.0.1:${httpPort}`;
      }),
      silentLogger,
      { retryDelayMs: 50 },
    );
    void service.stopped.then((code) => {
      exited = code;
    });
  });
  after(async () => {
    await service?.stop();
    await kafka?.destroy();
    await bucket.close();
  });

  it('answers 503 while the broker is away, 200 once back, and processes what is sent after', async () => {
    const url = await bucket.put('cluster.tar.gz', await clusterArchive({}));
    await waitFor('readiness 200', async () => (await get('readiness')).status === 200);
    assert.equal(await connectedGauge(), '1');
    await produce(t.incoming, [announcement(announcementValue({ url, requestId: 'before-outage' }))], 500, kafka.brokerOptions);
    assert.deepEqual(await requestIds(1), ['before-outage']);

    await kafka.stop();
    const down = await waitFor('readiness 503', async () => {
      const r = await get('readiness');
      return r.status === 503 ? r : null;
    });
    assert.ok(down);
    assert.match(down.text, /"status":"not ready"/);
    assert.match(down.text, /"kafka":/);
    assert.equal(await connectedGauge(), '0');
    assert.match((await get('metrics')).text, /^kafka_transient_errors [1-9]\d*$/m);

    await kafka.start();
    await waitFor('readiness 200 after the restart', async () => (await get('readiness')).status === 200, 120_000);
    assert.equal(await connectedGauge(), '1');
    await produce(t.incoming, [announcement(announcementValue({ url, requestId: 'after-outage' }))], 500, kafka.brokerOptions);
    const ids = await waitFor('the report of the announcement sent after the restart', async () => {
      const got = await requestIds(2);
      return got.includes('after-outage') ? got : null;
    });
    assert.deepEqual(ids, ['before-outage', 'after-outage']);
    assert.equal(exited, null, 'the pipeline kept running through the outage');
  });
});
