/**
 * Decoding of one partition's fetched record batches into our KafkaMessages (pure; no I/O).
 */
import type { FetchResponse } from './errors.js';
import type { KafkaMessage } from './types.js';

type RecordBatches = NonNullable<FetchResponse['responses'][number]['partitions'][number]['records']>;

/** Transaction markers (control batches) carry no messages. */
const IS_CONTROL_BATCH = 0x20;

/**
 * The messages of `batches` at or after `position` (a fetch may return a batch starting earlier), and the
 * next fetch position (after the last offset seen, control batches included).
 */
export function decodeRecordBatches(
  topic: string,
  partition: number,
  position: bigint,
  batches: RecordBatches,
): { messages: KafkaMessage[]; next: bigint } {
  const messages: KafkaMessage[] = [];
  let next = position;
  for (const batch of batches) {
    if ((batch.attributes & IS_CONTROL_BATCH) === 0) {
      for (const record of batch.records) {
        const offset = batch.firstOffset + BigInt(record.offsetDelta);
        if (offset < position) continue;
        const message: KafkaMessage = {
          topic,
          partition,
          offset,
          key: record.key ?? null,
          value: record.value ?? null,
          timestamp: new Date(Number(batch.firstTimestamp + record.timestampDelta)),
        };
        const headers = (record.headers as typeof record.headers | undefined) ?? [];
        if (headers.length > 0) message.headers = headers.map(([k, v]) => [k ? k.toString('utf8') : '', v]);
        messages.push(message);
      }
    }
    const after = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (after > next) next = after;
  }
  return { messages, next };
}
