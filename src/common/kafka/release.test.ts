// @requires kafka
// MessageBatch.release against a real broker: the partition's next batch is handled while a released one
// is still finishing, offsets are committed in order, and nothing after a failed batch is committed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { committedTotal, makeTopic, produce, unique } from '#test/helpers/kafka.js';
import { createBatchConsumer, type MessageBatch } from './index.js';

const broker = { brokers: (process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092').split(',') };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rejects after `ms` with `what`: a barrier that never opens fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('MessageBatch.release', { timeout: 90_000 }, () => {
  it('the next batch of the partition runs while a released one finishes; every offset is committed in the end', async () => {
    const topic = await makeTopic(unique('release.overlap'), 1);
    const group = unique('release.overlap.g');
    await produce(
      topic,
      Array.from({ length: 30 }, (_, i) => `m${i}`),
    );
    const secondStarted = deferred();
    const seen: string[] = [];
    let firstEmptied = false;
    const consumer = createBatchConsumer({ ...broker, topic, groupId: group, maxBatchMessages: 10 });
    let handled = 0;
    const done = consumer.run(async (batch: MessageBatch) => {
      const values = batch.messages.map((m) => m.value!.toString());
      seen.push(...values);
      handled += values.length;
      if (values[0] === 'm0') {
        batch.release!();
        firstEmptied = batch.messages.length === 0;
        // The barrier: only a second batch of the same partition, started while this one is unresolved, opens it.
        await within(secondStarted.promise, 'the second batch while the first was released');
        assert.equal(await committedTotal(group, topic), 0n, 'nothing committed while the first batch is unresolved');
      } else {
        secondStarted.resolve();
      }
      if (handled >= 30) void consumer.stop();
    });
    await done;
    assert.ok(firstEmptied, 'release() empties the batch');
    assert.deepEqual(
      seen,
      Array.from({ length: 30 }, (_, i) => `m${i}`),
    );
    assert.equal(await committedTotal(group, topic), 30n);
  });

  it('a batch that fails after its release keeps the later batches of the partition from committing', async () => {
    const topic = await makeTopic(unique('release.fail'), 1);
    const group = unique('release.fail.g');
    await produce(
      topic,
      Array.from({ length: 20 }, (_, i) => `m${i}`),
    );
    const secondDone = deferred();
    const consumer = createBatchConsumer({ ...broker, topic, groupId: group, maxBatchMessages: 10 });
    const done = consumer.run(async (batch: MessageBatch) => {
      if (batch.messages[0]!.value!.toString() === 'm0') {
        batch.release!();
        await within(secondDone.promise, 'the second batch to be handled');
        throw new Error('storing the first batch failed');
      }
      secondDone.resolve();
    });
    await assert.rejects(done, /storing the first batch failed/);
    // run() settled: every batch finished; the second batch, handled successfully, was not committed.
    assert.equal(await committedTotal(group, topic), 0n);
  });
});
