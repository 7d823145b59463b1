/** Kafka helpers for integration tests (real broker at KAFKA_BOOTSTRAP, a comma list; default 127.0.0.1:9092). */
import { randomBytes } from 'node:crypto';
import { createBatchConsumer, createProducer, createTopic, type KafkaMessage, type OutgoingMessage } from '#common/kafka/index.js';

export const BOOTSTRAP = process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092';
export const brokerOptions = { brokers: BOOTSTRAP.split(',') };

/** Which broker a helper talks to: the shared one by default, or e.g. a PrivateKafka's `brokerOptions`. */
export interface On {
  brokers: string[];
}

export function unique(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
}

export async function makeTopic(name: string, partitions = 1, on: On = brokerOptions): Promise<string> {
  await createTopic(on, name, partitions);
  return name;
}

/** Produces the messages in order (in chunks), each to its `partition` when given. */
export async function produce(
  topic: string,
  messages: (OutgoingMessage | Buffer | string)[],
  chunk = 500,
  on: On = brokerOptions,
): Promise<void> {
  const producer = createProducer({ ...on, clientId: 'test-producer' });
  try {
    const list = messages.map((m) => (typeof m === 'string' || Buffer.isBuffer(m) ? { value: m } : m));
    for (let i = 0; i < list.length; i += chunk) await producer.sendBatch(topic, list.slice(i, i + chunk));
  } finally {
    await producer.close();
  }
}

/**
 * Reads a topic from the beginning with a fresh group until `count` messages arrived (then waits `settleMs`
 * more to catch extras) or `timeoutMs` passed. Returns the messages sorted by (partition, offset).
 */
export async function readTopic(
  topic: string,
  count: number,
  opts: { timeoutMs?: number; settleMs?: number; on?: On } = {},
): Promise<KafkaMessage[]> {
  const got: KafkaMessage[] = [];
  const consumer = createBatchConsumer({
    ...(opts.on ?? brokerOptions),
    clientId: 'test-reader',
    groupId: unique('reader'),
    topic,
    maxWaitMs: 200,
  });
  let reached: () => void = () => {};
  const enough = new Promise<void>((r) => (reached = r));
  const run = consumer.run(async (batch) => {
    got.push(...batch.messages);
    if (got.length >= count) reached();
  });
  run.catch(() => {});
  const deadline = sleep(opts.timeoutMs ?? 30_000);
  if (count > 0) await Promise.race([enough, deadline]);
  await sleep(opts.settleMs ?? (count > 0 ? 500 : 2000));
  await consumer.stop();
  return got.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/** Sum over the topic's partitions of the group's committed offsets (0 when nothing committed). */
export async function committedTotal(group: string, topic: string, on: On = brokerOptions): Promise<bigint> {
  const { Admin } = await import('@platformatic/kafka');
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: on.brokers });
  try {
    const groups = await admin.listConsumerGroupOffsets({ groups: [group] });
    let total = 0n;
    for (const g of groups)
      for (const t of g.topics) if (t.name === topic) for (const p of t.partitions) if (p.committedOffset > 0n) total += p.committedOffset;
    return total;
  } finally {
    await admin.close().catch(() => {});
  }
}
