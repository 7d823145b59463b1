/** BatchWriter without services: retries, poison-message fallback, produced messages, metrics. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '#common/logger.js';
import { Metrics } from '../../metrics.js';
import type { KafkaMessage, OutgoingMessage } from '#common/kafka/index.js';
import type { Outcome } from '../pipeline.js';
import { BatchWriter } from './writer.js';
import { Retrier, WriterStoppedError } from '#common/kafka/retry.js';
import { formatRfc3339NanoNs, producedFor } from '#common/kafka/payload-tracker.js';
import { metricValue } from './test-helpers/metrics.js';

class Transient extends Error {}
const isTransient = (e: unknown) => e instanceof Transient;

const msg = (offset: number, value: string): KafkaMessage => ({
  topic: 't',
  partition: 0,
  offset: BigInt(offset),
  key: null,
  value: Buffer.from(value),
  timestamp: new Date(0),
});
const ok = (m: KafkaMessage, extra: Partial<Outcome> = {}): Outcome =>
  ({ message: m, status: 'written', decoded: true, ...extra }) as Outcome;

function setup(processBatch: (ms: KafkaMessage[]) => Promise<Outcome[]>, opts: { failSends?: number } = {}) {
  const metrics = new Metrics('', { defaultMetrics: false });
  const retrier = new Retrier(metrics.retry, silentLogger, { initialMs: 5, maxMs: 20 });
  const sent: { topic: string; messages: OutgoingMessage[] }[] = [];
  let failSends = opts.failSends ?? 0;
  const poison: { offset: bigint; error: string }[] = [];
  const writer = new BatchWriter({
    pipeline: { processBatch },
    isTransient,
    producer: {
      sendBatch: async (topic, messages) => {
        if (failSends-- > 0) throw new Error('broker not available');
        sent.push({ topic, messages });
      },
    },
    deadLetterTopic: 'dlq',
    payloadTrackerTopic: 'tracker',
    serviceName: 'svc',
    recordPoison: async (m, error) => void poison.push({ offset: m.offset, error }),
    metrics,
    logger: silentLogger,
    retrier,
  });
  return { writer, metrics, retrier, sent, poison };
}

describe('BatchWriter', () => {
  it('retries the same batch on transient storage errors, pausing meanwhile', async () => {
    let calls = 0;
    let pausedSeen = 0;
    const batch = [msg(0, 'a'), msg(1, 'b')];
    const s = setup(async (ms) => {
      calls += 1;
      assert.deepEqual(ms, batch);
      if (calls <= 3) {
        if (calls > 1) pausedSeen = await metricValue(s.metrics, 'writer_paused');
        throw new Transient('connection refused');
      }
      return ms.map((m) => ok(m));
    });
    await s.writer.handle({ topic: 't', partition: 0, messages: batch });
    assert.equal(calls, 4);
    assert.equal(pausedSeen, 1);
    assert.equal(await metricValue(s.metrics, 'writer_paused'), 0);
    assert.equal(await metricValue(s.metrics, 'storage_transient_failures'), 3);
    assert.equal(await metricValue(s.metrics, 'consumed_messages'), 2);
    assert.equal(await metricValue(s.metrics, 'consuming_errors'), 0);
  });

  it('falls back to one message at a time after an unexpected error; a poison message is rejected', async () => {
    const batch = [msg(0, '{"a":1}'), msg(1, '{"RequestId":"r1","OrgID":5}'), msg(2, '{"c":3}')];
    const seen: number[] = [];
    const s = setup(async (ms) => {
      seen.push(ms.length);
      if (ms.length > 1) throw new TypeError('cannot read properties of undefined');
      if (ms[0]!.offset === 1n) throw new RangeError('poison');
      return [ok(ms[0]!)];
    });
    await s.writer.handle({ topic: 't', partition: 0, messages: batch });
    assert.deepEqual(seen, [3, 1, 1, 1]);
    assert.deepEqual(s.poison, [{ offset: 1n, error: 'poison' }]);
    assert.equal(await metricValue(s.metrics, 'consuming_errors'), 1);
    const dlq = s.sent.filter((x) => x.topic === 'dlq').flatMap((x) => x.messages);
    assert.deepEqual(
      dlq.map((m) => m.value.toString()),
      ['{"RequestId":"r1","OrgID":5}'],
    );
    assert.ok(dlq.every((m) => m.key === undefined));
    const statuses = s.sent
      .filter((x) => x.topic === 'tracker')
      .flatMap((x) => x.messages)
      .map((m) => JSON.parse(m.value.toString()) as Record<string, string>);
    assert.deepEqual(
      statuses.map((t) => [t.request_id, t.status, t.org_id]),
      [
        ['r1', 'processed', '5'],
        ['r1', 'error', '5'],
      ],
    );
  });

  it('retries only what was not produced yet', async () => {
    const metrics = new Metrics('', { defaultMetrics: false });
    let failTracker = 2;
    let dlqSends = 0;
    const w = new BatchWriter({
      pipeline: {
        processBatch: async (ms) => [{ message: ms[0]!, status: 'rejected', error: 'x', decoded: true, requestId: 'q' } as Outcome],
      },
      isTransient,
      producer: {
        sendBatch: async (topic) => {
          if (topic === 'dlq') dlqSends += 1;
          else if (failTracker-- > 0) throw new Error('timeout');
        },
      },
      deadLetterTopic: 'dlq',
      payloadTrackerTopic: 'tracker',
      serviceName: 'svc',
      recordPoison: null,
      metrics,
      logger: silentLogger,
      retrier: new Retrier(metrics.retry, silentLogger, { initialMs: 5, maxMs: 20 }),
    });
    await w.handle({ topic: 't', partition: 0, messages: [msg(0, 'bad')] });
    assert.equal(dlqSends, 1);
    assert.equal(await metricValue(metrics, 'storage_transient_failures'), 2);
    assert.equal(await metricValue(metrics, 'produced_messages'), 4); // 1 dead letter + received, processed, error
  });

  it('gives up waiting when stopped (the batch stays uncommitted)', async () => {
    const s = setup(async () => {
      throw new Transient('down');
    });
    const p = s.writer.handle({ topic: 't', partition: 0, messages: [msg(0, 'x')] });
    // A condition, not a fixed delay: stop once the writer is provably waiting to retry (one failure counted).
    while ((await metricValue(s.metrics, 'storage_transient_failures')) < 1) await new Promise((r) => setImmediate(r));
    s.retrier.stop();
    await assert.rejects(p, WriterStoppedError);
    assert.equal(await metricValue(s.metrics, 'writer_paused'), 0);
  });

  it('does not retry a non-transient error of a single-message batch: rejected', async () => {
    const s = setup(async () => {
      throw new Error('bug');
    });
    await s.writer.handle({ topic: 't', partition: 0, messages: [msg(7, 'v')] });
    assert.deepEqual(s.poison, [{ offset: 7n, error: 'bug' }]);
    assert.equal(await metricValue(s.metrics, 'consuming_errors'), 1);
  });
});

describe('payload tracker messages', () => {
  it('formats dates like Go RFC3339Nano', () => {
    const ns = BigInt(Date.parse('2024-02-06T12:25:08Z')) * 1_000_000n;
    assert.equal(formatRfc3339NanoNs(ns + 123_456_789n), '2024-02-06T12:25:08.123456789Z');
    assert.equal(formatRfc3339NanoNs(ns + 120_000_000n), '2024-02-06T12:25:08.12Z');
    assert.equal(formatRfc3339NanoNs(ns), '2024-02-06T12:25:08Z');
  });

  it('received only for decoded messages, nothing without a RequestId, ids as decimal strings', () => {
    const m = { value: Buffer.from('raw') };
    const p = producedFor(
      [
        { message: m, status: 'written', decoded: true, requestId: 'a', orgId: 1, account: 0 },
        { message: m, status: 'rejected', decoded: false, requestId: 'b' },
        { message: m, status: 'skipped-older', decoded: true },
        { message: m, status: 'rejected', decoded: true },
      ],
      { service: 's', dlq: true, tracker: true, receivedAt: 0n },
    );
    const statuses = p.statuses.map((x) => JSON.parse(x.value.toString()) as Record<string, string>);
    assert.deepEqual(
      statuses.map((s) => [s.request_id, s.status]),
      [
        ['a', 'received'],
        ['a', 'processed'],
        ['a', 'success'],
        ['b', 'processed'],
        ['b', 'error'],
      ],
    );
    assert.deepEqual(Object.keys(statuses[0]!), ['service', 'request_id', 'status', 'date', 'org_id', 'account']);
    assert.equal(statuses[0]!.account, '0');
    assert.equal(statuses[3]!.org_id, undefined);
    assert.equal(p.deadLetters.length, 2);
    assert.equal(p.withoutRequestId, 2);
  });
});
