/**
 * The consumer's group membership (consumer.ts): joining the group until it works, where newly assigned
 * partitions start (the group's committed offset, or the earliest one), and committing offsets.
 */
import { type Consumer, ListOffsetTimestamps } from '@platformatic/kafka';
import { pause } from './backoff.js';
import type { PartitionState } from './partition-fetch.js';

export interface JoinControl {
  stopping: () => boolean;
  stopSignal: Promise<void>;
  /** Records a failure; returns the delay before the next attempt. */
  noteFailure: (error: unknown) => number;
}

/** The first join: attempted until it succeeds, `joined()` says so, or the consumer stops. */
export async function joinFirst(consumer: Consumer, c: JoinControl, joined: () => boolean): Promise<void> {
  while (!c.stopping() && !joined()) {
    try {
      await consumer.joinGroup({});
      return;
    } catch (error) {
      if (c.stopping()) return;
      await pause(c.noteFailure(error), c.stopSignal);
    }
  }
}

/** After the library's own rejoin failed: waits `delay`, then rejoins with backoff until it works or the consumer stops. */
export async function rejoinUntilJoined(consumer: Consumer, c: JoinControl, delay: number): Promise<void> {
  let wait = delay;
  while (!c.stopping()) {
    await pause(wait, c.stopSignal);
    if (c.stopping()) break;
    try {
      await consumer.joinGroup({});
      break;
    } catch (err) {
      wait = c.noteFailure(err);
    }
  }
}

/**
 * Sets the position of `pending` partitions (position null): the committed offset, or the earliest when the
 * group has none (or the partition must reset to it). Partitions no longer `current` (revoked meanwhile),
 * or without an answer, are left for the next attempt.
 */
export async function initialPositions(
  consumer: Consumer,
  topic: string,
  pending: PartitionState[],
  current: (s: PartitionState) => boolean,
): Promise<void> {
  if (pending.length === 0) return;
  let committed: bigint[] = [];
  const fromCommit = pending.filter((s) => !s.resetToEarliest);
  if (fromCommit.length > 0) {
    const res = await consumer.listCommittedOffsets({
      topics: [{ topic, partitions: fromCommit.map((s) => s.partition) }],
    });
    committed = res.get(topic) ?? [];
  }
  const needEarliest = pending.filter((s) => s.resetToEarliest || !(committed[s.partition]! >= 0n));
  let earliest: bigint[] = [];
  if (needEarliest.length > 0) {
    const res = await consumer.listOffsets({
      topics: [topic],
      partitions: { [topic]: needEarliest.map((s) => s.partition) },
      timestamp: ListOffsetTimestamps.EARLIEST,
    });
    earliest = res.get(topic) ?? [];
  }
  for (const s of pending) {
    if (!current(s)) continue; // revoked meanwhile
    const c = s.resetToEarliest ? undefined : committed[s.partition];
    const offset = c !== undefined && c >= 0n ? c : earliest[s.partition];
    if (offset === undefined) continue; // retried on the next loop iteration
    s.position = offset;
    s.resetToEarliest = false;
  }
}

/** A commit not answered by then counts as failed (and is retried): a library call must not hang a partition. */
const COMMIT_TIMEOUT_MS = 90_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`kafka consumer: ${what} not answered within ${ms / 1000} s`)), ms);
  });
  work.catch(() => {}); // a late failure after the timeout is not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Commits the group's `offset` for the partition; rejects on failure or when not answered within 90 s. */
export async function commitOffset(consumer: Consumer, topic: string, partition: number, offset: bigint): Promise<void> {
  const commit = consumer.commit({ offsets: [{ topic, partition, offset, leaderEpoch: -1 }] });
  await withTimeout(commit, COMMIT_TIMEOUT_MS, 'offset commit');
}
