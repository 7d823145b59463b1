// @requires kafka
/**
 * The consumer's memory bounds against a real broker: batches handed out at once never exceed
 * `maxInFlightBatches` (and reach it), their bytes stay under `maxBufferedBytes` plus at most one record
 * batch per partition (the broker always returns a first record batch whole), batches never exceed
 * `maxBatchMessages`, and every message is delivered exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTopic, produce, unique, waitFor } from '#test/helpers/kafka.js';
import { createBatchConsumer } from './index.js';

const broker = { brokers: (process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092').split(',') };

test('maxBufferedBytes, maxInFlightBatches and maxBatchMessages bound what the consumer holds', { timeout: 120_000 }, async () => {
  const P = 4;
  const SIZE = 10 * 1024;
  const N = 120;
  const topic = await makeTopic(unique('bounds'), P);
  // One message per partition per produce request: record batches of one message each.
  await produce(
    topic,
    Array.from({ length: N }, (_, i) => ({ value: `${i}:`.padEnd(SIZE, 'x'), partition: i % P })),
    P,
  );
  const maxBufferedBytes = 64 * 1024;
  const consumer = createBatchConsumer({
    ...broker,
    groupId: unique('bounds'),
    topic,
    maxBatchMessages: 3,
    maxInFlightBatches: 2,
    maxBufferedBytes,
    maxWaitMs: 100,
  });
  const seen = new Map<string, number>();
  let inFlight = 0;
  let inFlightBytes = 0;
  let maxInFlight = 0;
  let maxBytes = 0;
  let firstPairSeen = false;
  const run = consumer.run(async (batch) => {
    const bytes = batch.messages.reduce((n, m) => n + (m.value?.length ?? 0) + (m.key?.length ?? 0), 0);
    inFlight += 1;
    inFlightBytes += bytes;
    maxInFlight = Math.max(maxInFlight, inFlight);
    maxBytes = Math.max(maxBytes, inFlightBytes);
    try {
      assert.ok(batch.messages.length <= 3, `batch of ${batch.messages.length}`);
      // The first batch waits until a second one is handed out: the bound on batches in flight is reached.
      if (!firstPairSeen) {
        await waitFor('a second batch handed out while this one runs', () => maxInFlight >= 2, 20_000, 10);
        firstPairSeen = true;
      }
      for (const m of batch.messages) seen.set(`${m.partition}:${m.offset}`, (seen.get(`${m.partition}:${m.offset}`) ?? 0) + 1);
      if (seen.size >= N) void consumer.stop();
    } finally {
      inFlight -= 1;
      inFlightBytes -= bytes;
    }
  });
  await run;
  assert.equal(seen.size, N);
  assert.ok(
    [...seen.values()].every((n) => n === 1),
    'every message exactly once',
  );
  assert.equal(maxInFlight, 2);
  assert.ok(maxBytes <= maxBufferedBytes + P * SIZE, `held ${maxBytes} bytes in flight`);
});

test('maxBufferedBytes holds back fetching: batches handed out stay under it, and without it they do not', {
  timeout: 120_000,
}, async () => {
  const P = 4;
  const SIZE = 10 * 1024;
  const N = 120;
  const topic = await makeTopic(unique('buffered'), P);
  await produce(
    topic,
    Array.from({ length: N }, (_, i) => ({ value: `${i}:`.padEnd(SIZE, 'y'), partition: i % P })),
    P,
  );
  /** Largest sum of the bytes of the batches being handled at once; each handler holds its batch until `hold` resolves (given the most batches seen in flight at once). */
  async function maxHeld(maxBufferedBytes: number, hold: (mostInFlight: () => number) => Promise<void>): Promise<number> {
    const consumer = createBatchConsumer({
      ...broker,
      groupId: unique('buffered'),
      topic,
      maxBatchMessages: 10,
      maxBufferedBytes,
      maxWaitMs: 100,
    });
    let handled = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    let bytesNow = 0;
    let max = 0;
    await consumer.run(async (batch) => {
      const bytes = batch.messages.reduce((n, m) => n + (m.value?.length ?? 0), 0);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      bytesNow += bytes;
      max = Math.max(max, bytesNow);
      try {
        await hold(() => mostInFlight);
        handled += batch.messages.length;
        if (handled >= N) void consumer.stop();
      } finally {
        inFlight -= 1;
        bytesNow -= bytes;
      }
    });
    assert.equal(handled, N);
    return max;
  }
  const budget = 64 * 1024;
  // Bounded: whatever the timing, what is handed out stays under the budget plus one record batch per partition.
  const bounded = await maxHeld(budget, () => new Promise((r) => setTimeout(r, 50)));
  assert.ok(bounded <= budget + P * SIZE, `bounded: ${bounded} bytes held`);
  // Unbounded (64 MiB): the first batches wait until one is handed out on every partition: 4 full batches.
  const unbounded = await maxHeld(64 * 1024 * 1024, async (mostInFlight) => {
    await waitFor('a batch on every partition at once', () => mostInFlight() >= P, 20_000, 10);
  });
  assert.ok(unbounded > budget + P * SIZE, `unbounded: ${unbounded} bytes held`);
});
