/**
 * The consumer's per-partition state and its fetches (consumer.ts drives them): which partitions a fetch
 * asks for (one fetch per partition leader), the request itself on the consumer's fetch connection pool,
 * and what a response does to the partitions (messages queued, position moved, OFFSET_OUT_OF_RANGE reset).
 */
import type { ClusterTopicMetadata, ConnectionPool, Consumer } from '@platformatic/kafka';
import type { FetchResponse } from './errors.js';
import { decodeRecordBatches } from './records.js';
import type { KafkaMessage } from './types.js';

export interface PartitionState {
  partition: number;
  /** Next offset to fetch; null until initialised from the committed/earliest offset. */
  position: bigint | null;
  /** Initialise from the earliest offset even if a commit exists (after OFFSET_OUT_OF_RANGE). */
  resetToEarliest: boolean;
  queue: KafkaMessage[];
  /** Bytes (keys and values) of `queue`. */
  queuedBytes: number;
  /** Offset whose commit was refused during a rebalance; retried after the next join. */
  uncommitted: bigint | null;
  /** The partition's high watermark in the last fetch answer (null before one): more is on the broker while position < it. */
  highWatermark: bigint | null;
}

export function newPartitionState(partition: number): PartitionState {
  return { partition, position: null, resetToEarliest: false, queue: [], queuedBytes: 0, uncommitted: null, highWatermark: null };
}

/** A partition asked for in a fetch, at the position it had when the request was sent. */
export interface Requested {
  state: PartitionState;
  offset: bigint;
}

export const sizeOf = (m: KafkaMessage) => (m.value?.length ?? 0) + (m.key?.length ?? 0);

/**
 * A partial batch waits for the next fetch while the broker holds more of the partition and a fetch has room
 * to bring it: small batches cost a transaction each, and handing one over at once left most batches at
 * what one fetch brought. A caught-up partition's messages go at once.
 */
export function waitsForMore(s: PartitionState, maxBatch: number, roomToFetch: boolean): boolean {
  return roomToFetch && s.queue.length < maxBatch && s.highWatermark !== null && s.position !== null && s.position < s.highWatermark;
}

/** The ready partitions grouped by leader, leaving out partitions without a leader and leaders with a fetch in flight. */
export function fetchPlan(topic: ClusterTopicMetadata, ready: PartitionState[], fetching: ReadonlySet<number>): Map<number, Requested[]> {
  const byLeader = new Map<number, Requested[]>();
  for (const s of ready) {
    const leader = topic.partitions[s.partition]?.leader ?? -1;
    if (leader < 0 || fetching.has(leader)) continue;
    const list = byLeader.get(leader) ?? [];
    list.push({ state: s, offset: s.position! });
    byLeader.set(leader, list);
  }
  return byLeader;
}

export interface FetchTarget {
  consumer: Consumer;
  pool: ConnectionPool;
  topic: ClusterTopicMetadata;
  maxWaitMs: number;
  partitionMaxBytes: number;
}

/** One fetch request to `leader` for the `requested` partitions. */
export function fetchFrom(t: FetchTarget, leader: number, requested: Requested[]): Promise<FetchResponse> {
  return t.consumer.fetch({
    node: leader,
    connectionPool: t.pool,
    maxWaitTime: t.maxWaitMs,
    topics: [
      {
        topicId: t.topic.id,
        partitions: requested.map(({ state, offset }) => ({
          partition: state.partition,
          fetchOffset: offset,
          partitionMaxBytes: t.partitionMaxBytes,
          currentLeaderEpoch: -1,
          lastFetchedEpoch: -1,
        })),
      },
    ],
  });
}

/**
 * Queues the records of every partition that answered without error and is still `current` (not revoked)
 * at the position it was asked for, moves its position on, and tells `received` about it.
 */
export function ingestFetch(
  topic: string,
  requested: Requested[],
  response: FetchResponse,
  current: (s: PartitionState) => boolean,
  received: (s: PartitionState) => void,
): void {
  for (const topicResponse of response.responses) {
    for (const part of topicResponse.partitions) {
      if (part.errorCode !== 0) continue;
      const req = requested.find((r) => r.state.partition === part.partitionIndex);
      const s = req?.state;
      // Stale: revoked (new state object) or repositioned since the request was sent.
      if (!s || !current(s) || s.position !== req.offset) continue;
      if (part.records) {
        const { messages, next } = decodeRecordBatches(topic, s.partition, s.position!, part.records);
        for (const m of messages) {
          s.queue.push(m);
          s.queuedBytes += sizeOf(m);
        }
        s.position = next;
      }
      // What a read_committed fetch can return is bounded by the last stable offset (-1 when not sent).
      const stable = part.lastStableOffset;
      s.highWatermark = stable >= 0n && stable < part.highWatermark ? stable : part.highWatermark;
      received(s);
    }
  }
}

/**
 * Partitions answered with OFFSET_OUT_OF_RANGE that `resettable` allows (current, nothing queued or being
 * handled) restart from the earliest offset. True when any did.
 */
export function resetOutOfRange(requested: Requested[], response: FetchResponse, resettable: (s: PartitionState) => boolean): boolean {
  let any = false;
  for (const t of response.responses) {
    for (const part of t.partitions) {
      if (part.errorCode !== 1) continue; // OFFSET_OUT_OF_RANGE
      const s = requested.find((r) => r.state.partition === part.partitionIndex)?.state;
      if (s && resettable(s)) {
        s.position = null;
        s.resetToEarliest = true;
        any = true;
      }
    }
  }
  return any;
}
