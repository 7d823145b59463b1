import { Admin, defaultPartitioner, Producer as PlatformaticProducer } from '@platformatic/kafka';
import { errorText } from './errors.js';
import { clientOptions } from './options.js';
import type { BatchProducer, BrokerOptions, OutgoingMessage } from './types.js';

const MAX_REQUEST_BYTES = 900_000;
type Outgoing = { topic: string; value: Buffer; key?: Buffer; headers?: Map<Buffer, Buffer>; partition: number };
const headerMap = (h: Record<string, string>): Map<Buffer, Buffer> =>
  new Map(Object.entries(h).map(([k, v]) => [Buffer.from(k), Buffer.from(v)]));
const toBuffer = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);

/**
 * Synchronous-style producer (spec 2.1: payload tracker, DLQ): send() resolves once the partition leader
 * acknowledged the write (acks=1, like Sarama's default). Topics are auto-created on first use when the
 * broker allows it (auto.create.topics.enable).
 */
export function createProducer(opts: BrokerOptions): BatchProducer {
  const producer = new PlatformaticProducer({
    ...clientOptions(opts, 'insights-results-producer'),
    autocreateTopics: true,
  });
  let roundRobin = 0;
  const sendBatch = async (topic: string, messages: OutgoingMessage[]): Promise<void> => {
    if (messages.length === 0) return;
    // One produce request per partition: the library retries a request as a whole when any partition in it
    // fails (e.g. NOT_LEADER right after topic creation), which would duplicate the other partitions' data.
    const md = await producer.metadata({ topics: [topic], autocreateTopics: true });
    const count = md.topics.get(topic)?.partitionsCount ?? 1;
    const byPartition = new Map<number, Outgoing[]>();
    for (const m of messages) {
      const value = toBuffer(m.value);
      const key = m.key !== undefined && m.key !== null ? toBuffer(m.key) : undefined;
      const partition = (m.partition ?? (key ? defaultPartitioner(undefined as never, key) : roundRobin++)) % count;
      const list = byPartition.get(partition) ?? [];
      list.push({ topic, value, ...(key ? { key } : {}), ...(m.headers ? { headers: headerMap(m.headers) } : {}), partition });
      byPartition.set(partition, list);
    }
    await Promise.all([...byPartition.values()].map((list) => sendChunked(list)));
  };
  // The library writes all messages of one call and partition as ONE record batch, which the broker
  // rejects above message.max.bytes (1 MiB by default): split into requests of at most ~900 KB.
  const sendChunked = async (list: Outgoing[]) => {
    let chunk: typeof list = [];
    let bytes = 0;
    for (const m of list) {
      const size = m.value.length + (m.key?.length ?? 0) + 64;
      if (chunk.length > 0 && bytes + size > MAX_REQUEST_BYTES) {
        await producer.send({ messages: chunk });
        chunk = [];
        bytes = 0;
      }
      chunk.push(m);
      bytes += size;
    }
    if (chunk.length > 0) await producer.send({ messages: chunk });
  };
  return {
    send: async (topic, value, key) => {
      const k = key !== undefined && key !== null ? toBuffer(key) : undefined;
      await producer.send({ messages: [{ topic, value: toBuffer(value), ...(k ? { key: k } : {}) }] });
    },
    sendBatch,
    close: () => producer.close(),
  };
}

/** Creates a topic (admin; for tests and benchmarks). An existing topic is fine. Waits until it has leaders. */
export async function createTopic(opts: BrokerOptions, topic: string, partitions: number): Promise<void> {
  const admin = new Admin(clientOptions(opts, 'insights-results-admin'));
  try {
    try {
      await admin.createTopics({ topics: [topic], partitions, replicas: -1 });
    } catch (error) {
      if (!/TOPIC_ALREADY_EXISTS|already exists/i.test(errorText(error))) throw error;
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const md = await admin.metadata({ topics: [topic], forceUpdate: true });
        const t = md.topics.get(topic);
        if (t && t.partitionsCount > 0 && t.partitions.every((p) => p && p.leader >= 0)) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`kafka: topic ${topic} has no leaders after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.close().catch(() => {});
  }
}
