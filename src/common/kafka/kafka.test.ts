// @requires kafka
// Tests of src/common/kafka against a real broker (scripts/kafka start; address from KAFKA_BOOTSTRAP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createBatchConsumer,
  createProducer,
  createTopic,
  type BatchConsumer,
  type BatchConsumerOptions,
  type BrokerOptions,
  type KafkaMessage,
  type MessageBatch,
} from './index.js';

const broker: BrokerOptions = { brokers: (process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092').split(',') };
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const key = (m: KafkaMessage) => `${m.partition}:${m.offset}`;
const T = { timeout: 90_000 };

async function produce(topic: string, count: number, opts: { size?: number; partitions?: number; from?: number } = {}) {
  const producer = createProducer(broker);
  try {
    const from = opts.from ?? 0;
    for (let i = from; i < from + count; i += 500) {
      const chunk = [];
      for (let j = i; j < Math.min(i + 500, from + count); j++) {
        const value = opts.size ? `${j}:`.padEnd(opts.size, 'x') : `msg-${j}`;
        chunk.push({ value, key: `k${j}`, ...(opts.partitions ? { partition: j % opts.partitions } : {}) });
      }
      await producer.sendBatch(topic, chunk);
    }
  } finally {
    await producer.close();
  }
}

/** Runs a consumer until `done(messages)` holds, then stops it. Resolves with what it saw. */
async function consumeUntil(
  opts: Partial<BatchConsumerOptions> & { topic: string; groupId: string },
  done: (messages: KafkaMessage[]) => boolean,
  handler?: (batch: MessageBatch, consumer: BatchConsumer) => Promise<void>,
  timeoutMs = 60_000,
) {
  const batches: MessageBatch[] = [];
  const messages: KafkaMessage[] = [];
  const consumer = createBatchConsumer({ ...broker, ...opts });
  const timer = setTimeout(() => void consumer.stop(), timeoutMs);
  try {
    await consumer.run(async (batch) => {
      await handler?.(batch, consumer);
      batches.push(batch);
      messages.push(...batch.messages);
      if (done(messages)) void consumer.stop();
    });
  } finally {
    clearTimeout(timer);
  }
  return { batches, messages };
}

function assertConsecutive(batches: MessageBatch[]) {
  for (const b of batches) {
    assert.ok(b.messages.length > 0, 'empty batch');
    b.messages.forEach((m, i) => {
      assert.equal(m.topic, b.topic);
      assert.equal(m.partition, b.partition);
      assert.equal(m.offset, b.messages[0]!.offset + BigInt(i), 'offsets of a batch are consecutive');
    });
  }
}

test('a new group starts from the EARLIEST message; keys, values and timestamps arrive', T, async () => {
  const topic = uid('earliest');
  const before = Date.now();
  await produce(topic, 10); // auto-creates the topic
  const { batches, messages } = await consumeUntil({ topic, groupId: uid('g') }, (m) => m.length >= 10);
  assertConsecutive(batches);
  assert.deepEqual(
    messages.map((m) => [m.offset, m.key?.toString(), m.value?.toString()]),
    Array.from({ length: 10 }, (_, i) => [BigInt(i), `k${i}`, `msg-${i}`]),
  );
  assert.ok(messages[0]!.timestamp.getTime() >= before - 5000 && messages[0]!.timestamp.getTime() <= Date.now());
});

test('subscribing before the topic exists waits for it and reads it from the beginning', T, async () => {
  const topic = uid('late');
  const consuming = consumeUntil({ topic, groupId: uid('g') }, (m) => m.length >= 3);
  await sleep(2000);
  await createTopic(broker, topic, 2);
  await createTopic(broker, topic, 2); // already exists: fine
  await produce(topic, 3, { partitions: 2 });
  const { messages } = await consuming;
  assert.deepEqual(messages.map((m) => m.value?.toString()).sort(), ['msg-0', 'msg-1', 'msg-2']);
});

test('batches take what is fetched (up to maxBatchMessages): thousands of 8 KB messages per second', T, async (t) => {
  const topic = uid('bulk');
  const count = 10_000;
  let start = Date.now();
  await produce(topic, count, { size: 8192 });
  t.diagnostic(`produced ${count} x 8 KB in ${Date.now() - start} ms`);
  start = Date.now();
  let first = 0;
  const { batches, messages } = await consumeUntil(
    { topic, groupId: uid('g') },
    (m) => m.length >= count,
    async () => {
      first ||= Date.now();
    },
  );
  const ms = Date.now() - first;
  t.diagnostic(
    `first batch after ${first - start} ms (group join); then ${Math.round((count * 1000) / ms)} msg/s in ${batches.length} batches`,
  );
  assertConsecutive(batches);
  assert.equal(messages.length, count);
  assert.ok(batches.every((b) => b.messages.length <= 500));
  assert.ok(batches.length <= count / 100, `expected big batches, got ${batches.length}`);
  assert.ok(messages[count - 1]!.value!.toString().startsWith(`${count - 1}:x`));
  assert.equal(messages[count - 1]!.value!.length, 8192);
});

test('restart resumes after the last commit; a rejected batch is not committed and comes again', T, async () => {
  const topic = uid('resume');
  const groupId = uid('g');
  await produce(topic, 20);
  // 1) two batches of 5 are handled and committed, then stop.
  const first = await consumeUntil({ topic, groupId, maxBatchMessages: 5 }, (m) => m.length >= 10);
  assert.deepEqual(
    first.batches.map((b) => b.messages.length),
    [5, 5],
  );
  // 2) resumes at 10; the handler rejects: run() rejects with that error.
  const boom = new Error('boom');
  await assert.rejects(
    consumeUntil(
      { topic, groupId, maxBatchMessages: 5 },
      () => false,
      async (b) => {
        assert.equal(b.messages[0]!.offset, 10n);
        throw boom;
      },
    ),
    (e) => e === boom,
  );
  // 3) the rejected batch is delivered again.
  const third = await consumeUntil({ topic, groupId }, (m) => m.length >= 10);
  assert.deepEqual(
    third.messages.map((m) => Number(m.offset)),
    Array.from({ length: 10 }, (_, i) => 10 + i),
  );
});

test('messages of a killed process (uncommitted) are delivered again', T, async () => {
  const topic = uid('killed');
  const groupId = uid('g');
  await produce(topic, 5);
  const index = fileURLToPath(new URL('./index.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `
      import { createBatchConsumer } from ${JSON.stringify(index)};
      const c = createBatchConsumer({ brokers: ${JSON.stringify(broker.brokers)}, groupId: ${JSON.stringify(groupId)},
        topic: ${JSON.stringify(topic)}, sessionTimeoutMs: 6000 });
      await c.run(async (b) => { console.log('GOT ' + b.messages.length); await new Promise(() => {}); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const got = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => resolve(d.toString()));
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  assert.match(got, /GOT 5/);
  child.kill('SIGKILL');
  // The dead member's session (6 s) must expire before the partition is handed to the new member.
  const { messages } = await consumeUntil({ topic, groupId }, (m) => m.length >= 5);
  assert.deepEqual(
    messages.map((m) => Number(m.offset)),
    [0, 1, 2, 3, 4],
  );
});

test('two members of one group share a 4-partition topic: every message exactly once', T, async () => {
  const topic = uid('shared');
  const groupId = uid('g');
  await createTopic(broker, topic, 4);
  const total = 2000;
  const seen: KafkaMessage[][] = [[], []];
  const assigned: number[][] = [[], []];
  const consumers = [0, 1].map((i) =>
    createBatchConsumer({
      ...broker,
      topic,
      groupId,
      heartbeatIntervalMs: 500,
      sessionTimeoutMs: 6000,
      onAssignment: (ps) => (assigned[i] = ps),
    }),
  );
  const stopAll = () => Promise.all(consumers.map((c) => c.stop()));
  const runs = consumers.map((c, i) =>
    c.run(async (b) => {
      seen[i]!.push(...b.messages);
      if (seen[0]!.length + seen[1]!.length >= total) void stopAll();
    }),
  );
  // Wait for the group to settle: two disjoint non-empty assignments covering the 4 partitions.
  for (let i = 0; i < 200; i++) {
    if (assigned[0]!.length > 0 && assigned[1]!.length > 0 && assigned[0]!.length + assigned[1]!.length === 4) break;
    await sleep(100);
  }
  assert.deepEqual([...assigned[0]!, ...assigned[1]!].sort(), [0, 1, 2, 3]);
  await produce(topic, total, { partitions: 4 });
  const timer = setTimeout(() => void stopAll(), 60_000);
  try {
    await Promise.all(runs);
  } finally {
    clearTimeout(timer);
    await stopAll();
  }
  const all = [...seen[0]!, ...seen[1]!];
  assert.equal(all.length, total, 'each message once');
  assert.equal(new Set(all.map(key)).size, total);
  assert.ok(seen[0]!.length > 0 && seen[1]!.length > 0, 'both members got messages');
  for (const i of [0, 1]) assert.ok(seen[i]!.every((m) => assigned[i]!.includes(m.partition)));
});

test('no message is lost when a second member joins mid-stream (at-least-once)', T, async (t) => {
  const topic = uid('join');
  const groupId = uid('g');
  await createTopic(broker, topic, 4);
  const total = 4000;
  await produce(topic, total, { partitions: 4 });
  const seen = new Set<string>();
  const delivered = [0, 0];
  const opts = { ...broker, topic, groupId, maxBatchMessages: 20, heartbeatIntervalMs: 500, sessionTimeoutMs: 6000 };
  let bAssigned: number[] = [];
  let joinedWhileHeld = false;
  const a = createBatchConsumer(opts);
  const b = createBatchConsumer({ ...opts, onAssignment: (ps) => (bAssigned = ps) });
  // An explicit barrier instead of "a consumed something after 1 s": a holds its first batch until b is in the
  // group with partitions of its own, so b provably joins mid-stream.
  let aStarted!: () => void;
  const aMidStream = new Promise<void>((resolve) => (aStarted = resolve));
  const handler = (i: number) => async (batch: MessageBatch) => {
    if (i === 0 && delivered[0] === 0) {
      aStarted();
      const deadline = Date.now() + 60_000;
      while (bAssigned.length === 0 && Date.now() < deadline) await sleep(20);
      joinedWhileHeld = bAssigned.length > 0;
    }
    await sleep(5);
    delivered[i] += batch.messages.length;
    // By value, not offset: under heavy load a produce retry can legitimately write a message twice.
    for (const m of batch.messages) seen.add(m.value!.toString());
    if (seen.size >= total) void Promise.all([a.stop(), b.stop()]);
  };
  const timer = setTimeout(() => void Promise.all([a.stop(), b.stop()]), 80_000);
  try {
    const ra = a.run(handler(0));
    await aMidStream;
    assert.equal(seen.size, 0, 'the first member holds its first batch: mid-stream');
    const rb = b.run(handler(1));
    await Promise.all([ra, rb]);
    assert.ok(joinedWhileHeld, 'the second member was assigned partitions while the first held its batch');
    t.diagnostic(`delivered ${delivered[0]} + ${delivered[1]} for ${total} messages`);
    assert.ok(delivered[1]! > 0, 'the second member took over partitions');
  } finally {
    clearTimeout(timer);
    await Promise.all([a.stop(), b.stop()]);
  }
  assert.equal(seen.size, total, `saw ${seen.size} distinct messages`);
});

test('stop() waits for the in-flight handler and commits its batch', T, async () => {
  const topic = uid('graceful');
  const groupId = uid('g');
  await produce(topic, 6);
  let finished = false;
  const consumer = createBatchConsumer({ ...broker, topic, groupId, maxBatchMessages: 3 });
  let entered!: () => void;
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  const run = consumer.run(async () => {
    entered();
    await sleep(700);
    finished = true;
  });
  await inHandler;
  await consumer.stop();
  assert.equal(finished, true, 'stop() resolved only after the handler');
  await run;
  const { messages } = await consumeUntil({ topic, groupId }, (m) => m.length >= 3);
  assert.deepEqual(
    messages.map((m) => Number(m.offset)),
    [3, 4, 5],
  );
});

test('stop() while waiting for a missing topic ends run() promptly', T, async () => {
  const consumer = createBatchConsumer({ ...broker, topic: uid('never'), groupId: uid('g') });
  const run = consumer.run(async () => assert.fail('no messages expected'));
  await sleep(1200); // not deciding the outcome: stop() must end run() whenever it comes (the test's timeout bounds it)
  await consumer.stop();
  await run;
});
