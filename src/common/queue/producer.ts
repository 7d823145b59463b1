/**
 * BatchProducer over the queue folder (log.ts): this process's own segment per topic, opened on first use;
 * every record is appended with one write call (so records of other producers never interleave with it),
 * and send() resolves once the write returned (like Kafka's acks=1: written, not fsynced).
 */
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchProducer, OutgoingMessage } from '../kafka/types.js';
import { encodeRecord, newSegmentName, topicDir } from './log.js';

const toBuffer = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);

export function createFileProducer(dir: string): BatchProducer {
  const segments = new Map<string, Promise<FileHandle>>();
  let closed = false;
  const segmentOf = (topic: string): Promise<FileHandle> => {
    let fh = segments.get(topic);
    if (!fh) {
      fh = open(join(topicDir(dir, topic), newSegmentName()), 'a');
      fh.catch(() => segments.delete(topic));
      segments.set(topic, fh);
    }
    return fh;
  };
  // Writes of one topic are chained so that records keep the order of the send calls.
  const tails = new Map<string, Promise<void>>();
  const append = (topic: string, lines: string[]): Promise<void> => {
    if (closed) return Promise.reject(new Error('queue producer: closed'));
    const previous = tails.get(topic) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const fh = await segmentOf(topic);
        for (const line of lines) await fh.write(line);
      });
    tails.set(topic, next);
    return next;
  };
  const line = (m: OutgoingMessage): string =>
    encodeRecord({
      timestamp: Date.now(),
      key: m.key !== undefined && m.key !== null ? toBuffer(m.key) : null,
      value: toBuffer(m.value),
      headers: m.headers ? Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)]) : undefined,
    });
  return {
    send: (topic, value, key) => append(topic, [line({ value, key: key ?? null })]),
    sendBatch: (topic, messages) => (messages.length === 0 ? Promise.resolve() : append(topic, messages.map(line))),
    close: async () => {
      closed = true;
      await Promise.all([...tails.values()].map((t) => t.catch(() => {})));
      for (const fh of segments.values()) await (await fh.catch(() => null))?.close();
      segments.clear();
    },
  };
}
