/**
 * BatchConsumer over @platformatic/kafka's low-level Consumer API (group membership, fetch, commit).
 *
 * The library's MessagesStream is not used: it resets fetch positions to the committed offsets on every
 * rebalance (re-delivering what is in flight) and has no per-partition backpressure. Instead we keep one
 * state per assigned partition (next fetch position + queue of fetched messages), run one fetch at a time
 * per partition leader on a separate connection pool (so long-poll fetches never delay heartbeats and
 * commits), and dispatch each partition's queue to the handler one batch at a time, full batches while the
 * broker has more (partition-work.ts: a released batch commits while the next one is handled, in order).
 *
 * Rebalances: the library rejoins by itself (on a heartbeat error) and emits `consumer:group:join` with the
 * new assignment. Retained partitions keep their positions; revoked ones are dropped (their in-flight batch
 * is not committed, so the new owner re-reads it: at-least-once); new ones start at the committed offset,
 * or the EARLIEST offset when the group has none.
 *
 * Outages (outage.ts): while no broker ever answered, Kafka failing for `maxFailureMs` ends run() with a
 * clear error (start-up rule). After a broker answered, every transient failure (fetch, metadata, commit, heartbeat, rejoin) is
 * waited out with capped jittered backoff (backoff.ts) for as long as it lasts: a failed commit is kept and
 * retried, a failed rejoin is retried, positions are kept, and `health` (health.ts) says not connected
 * until a request succeeds again. Only configuration errors (authentication, authorisation, TLS) are fatal.
 */
import { ConnectionPool, Consumer } from '@platformatic/kafka';
import { pause } from './backoff.js';
import { type FetchResponse, findResponse, isRebalanceError } from './errors.js';
import { KafkaFailures } from './failures.js';
import { commitOffset, initialPositions, joinFirst, rejoinUntilJoined, type JoinControl } from './group.js';
import { clientOptions } from './options.js';
import {
  fetchFrom,
  fetchPlan,
  ingestFetch,
  newPartitionState,
  resetOutOfRange,
  sizeOf,
  waitsForMore,
  type PartitionState,
  type Requested,
} from './partition-fetch.js';
import { waitForTopic } from './topics.js';
import { PartitionWork } from './partition-work.js';
import type { BatchConsumer, BatchConsumerOptions, MessageBatch } from './types.js';
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_FETCH_BYTES, DEFAULT_PARTITION_FETCH_BYTES } from './types.js';
import { Wake } from './wake.js';

/**
 * Unfinished batches per partition: one in the handler, one released and committing (MessageBatch.release),
 * so that storing the next batch overlaps producing and committing the previous one.
 */
export const PIPELINE_DEPTH = 2;

export class KafkaBatchConsumer implements BatchConsumer {
  readonly #opts: BatchConsumerOptions;
  readonly #topic: string;
  readonly #maxBatch: number;
  readonly #maxWait: number;
  readonly #maxBuffered: number;
  readonly #maxInFlight: number;
  readonly #partitionFetchBytes: number;
  /** Bytes of the batches handed to the handler and not finished yet. */
  #inFlightBytes = 0;
  readonly #consumer: Consumer;
  readonly #pool: ConnectionPool;
  /** Currently assigned partitions; a revoked partition's state object is dropped from this map. */
  readonly #parts = new Map<number, PartitionState>();
  /** Batches in the handler and commits, chained per partition (keyed by number so re-assignment cannot overlap). */
  readonly #work = new PartitionWork(PIPELINE_DEPTH, (partition) => this.#afterWork(partition));
  readonly #fetching = new Set<number>(); // leader node ids with a fetch in flight
  #handler: ((batch: MessageBatch) => Promise<void>) | null = null;
  #running = false;
  #stopping = false;
  #error: unknown = null;
  /** Joined the group once (health is reported from then on). */
  #joined = false;
  readonly #failures: KafkaFailures;
  readonly #join: JoinControl;
  #rejoining = false;
  /** When failed commits may be retried next (ms since the epoch). */
  #commitRetryAt = 0;
  readonly #wake = new Wake();
  #stopSignal!: Promise<void>;
  #signalStop!: () => void;
  #done: Promise<void> = Promise.resolve();

  constructor(opts: BatchConsumerOptions) {
    this.#opts = opts;
    this.#topic = opts.topic;
    this.#maxBatch = Math.max(1, opts.maxBatchMessages ?? 500);
    this.#maxWait = opts.maxWaitMs ?? 500;
    this.#maxBuffered = Math.max(1, opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
    this.#maxInFlight = Math.max(1, opts.maxInFlightBatches ?? Number.POSITIVE_INFINITY);
    this.#partitionFetchBytes = Math.max(1024, opts.partitionFetchBytes ?? DEFAULT_PARTITION_FETCH_BYTES);
    this.#failures = new KafkaFailures(opts);
    const base = clientOptions(opts, 'insights-results-consumer');
    const session = opts.sessionTimeoutMs ?? 30_000;
    this.#consumer = new Consumer({
      ...base,
      groupId: opts.groupId,
      autocommit: false,
      sessionTimeout: session,
      rebalanceTimeout: Math.max(session, 60_000),
      heartbeatInterval: Math.min(opts.heartbeatIntervalMs ?? 3000, Math.floor(session / 3)),
      maxWaitTime: this.#maxWait,
      maxBytes: opts.maxFetchBytes ?? DEFAULT_MAX_FETCH_BYTES,
    });
    this.#pool = new ConnectionPool(base.clientId, { ...base });
    // A failed rejoin (after a heartbeat said so) is reported as an 'error' event: rejoin with backoff.
    this.#consumer.on('error', (error: Error) => this.#rejoin(error));
    this.#consumer.on('consumer:group:join', (payload) => {
      this.#joined = true;
      this.#succeeded();
      this.#onAssignment(payload.assignments ?? []);
    });
    this.#consumer.on('consumer:heartbeat:end', () => this.#succeeded());
    // After a heartbeat fails for another reason than a rebalance (broker away), the library schedules no
    // further heartbeat (@platformatic/kafka 1.35): the member would silently expire. Rejoin instead.
    this.#consumer.on('consumer:heartbeat:error', (payload: { error?: unknown }) => this.#rejoin(payload?.error));
    this.#stopSignal = new Promise<void>((resolve) => (this.#signalStop = resolve));
    this.#join = { stopping: () => this.#stopping, stopSignal: this.#stopSignal, noteFailure: (error) => this.#noteFailure(error) };
  }

  run(handler: (batch: MessageBatch) => Promise<void>): Promise<void> {
    if (this.#running) return Promise.reject(new Error('kafka consumer: run() is already active'));
    if (this.#stopping) return Promise.resolve(); // stop() before run(): nothing to do
    this.#running = true;
    this.#handler = handler;
    const done = this.#loop();
    this.#done = done.catch(() => {});
    return done;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#signalStop();
    this.#poke();
    if (!this.#running) {
      await this.#close();
      return;
    }
    await this.#done;
  }

  async #loop(): Promise<void> {
    try {
      await waitForTopic(this.#consumer, this.#topic, {
        stopped: this.#stopSignal,
        isStopping: () => this.#stopping,
        reached: () => this.#failures.reached(),
        waiting: (state) => this.#opts.onTopicWait?.(state),
        failed: (error) => this.#noteFailure(error),
      });
      this.#failures.clearWindow();
      if (!this.#stopping) {
        this.#consumer.topics.track(this.#topic);
        await joinFirst(this.#consumer, this.#join, () => this.#joined);
      }
      while (!this.#stopping) {
        this.#wake.reset();
        try {
          const pending = [...this.#parts.values()].filter((s) => s.position === null);
          await initialPositions(this.#consumer, this.#topic, pending, (s) => this.#current(s));
          this.#retryCommits();
          if (!this.#stopping) await this.#startFetches();
        } catch (error) {
          // e.g. broker away, coordinator moving, metadata refresh failing: retried
          const delay = this.#noteFailure(error);
          this.#consumer.clearMetadata();
          await pause(delay, this.#stopSignal);
          continue;
        }
        if (!this.#wake.woken && !this.#stopping) await this.#wake.wait(this.#maxWait);
      }
    } catch (error) {
      this.#fail(error);
    }
    this.#stopping = true;
    this.#signalStop();
    // Graceful: let in-flight handlers finish and commit; queued (uncommitted) messages are dropped.
    await this.#work.settled();
    for (const s of this.#parts.values()) if (s.uncommitted !== null) await this.#commit(s, s.uncommitted);
    await this.#close();
    this.#running = false;
    if (this.#error !== null) throw this.#error;
  }

  async #close(): Promise<void> {
    this.#parts.clear();
    // close() leaves the group; if that fails (broker gone) at least drop the connections.
    await this.#consumer.close().catch(() => this.#consumer.connections.close().catch(() => {}));
    await this.#pool.close().catch(() => {});
  }

  /** The library's own rejoin failed (broker away, coordinator loading): rejoin with backoff until it works. */
  #rejoin(error: unknown): void {
    if (this.#stopping) return;
    const delay = this.#noteFailure(error);
    if (this.#rejoining || this.#stopping) return;
    this.#rejoining = true;
    void rejoinUntilJoined(this.#consumer, this.#join, delay).finally(() => {
      this.#rejoining = false;
    });
  }

  /** Commits refused while Kafka was away, retried (with backoff) for partitions not handling a batch. */
  #retryCommits(): void {
    if (Date.now() < this.#commitRetryAt) return;
    for (const s of this.#parts.values()) {
      if (s.uncommitted !== null && !this.#work.busy(s.partition)) this.#retryCommit(s, s.uncommitted);
    }
  }

  #onAssignment(assignments: { topic: string; partitions: number[] }[]): void {
    const now = new Set(assignments.filter((a) => a.topic === this.#topic).flatMap((a) => a.partitions));
    for (const p of [...this.#parts.keys()]) if (!now.has(p)) this.#parts.delete(p);
    for (const s of this.#parts.values()) {
      if (s.uncommitted !== null && !this.#work.busy(s.partition)) this.#retryCommit(s, s.uncommitted);
    }
    for (const p of now) {
      if (!this.#parts.has(p)) {
        this.#parts.set(p, newPartitionState(p));
      }
    }
    this.#poke();
    try {
      this.#opts.onAssignment?.([...now].sort((a, b) => a - b));
    } catch {
      // a logging hook must not break the consumer
    }
  }

  /** Still assigned: not revoked since (a re-assigned partition gets a new state object). */
  #current(s: PartitionState): boolean {
    return this.#parts.get(s.partition) === s;
  }

  /** Bytes of messages held: queued in assigned partitions and in batches being handled. */
  #bufferedBytes(): number {
    let bytes = this.#inFlightBytes;
    for (const s of this.#parts.values()) bytes += s.queuedBytes;
    return bytes;
  }

  /**
   * Starts one fetch per partition leader that has no fetch in flight, for partitions with queue room, while
   * the messages held (queued + being handled) stay under `maxBufferedBytes`. Each partition asks for at
   * most `partitionFetchBytes` (and its share of the room left); the broker still returns a whole first
   * record batch when it is larger, so a partition always makes progress.
   */
  async #startFetches(): Promise<void> {
    const room = this.#maxBuffered - this.#bufferedBytes();
    if (room <= 0) return;
    const ready = [...this.#parts.values()].filter((s) => s.position !== null && s.queue.length < this.#maxBatch);
    if (ready.length === 0) return;
    const partitionMaxBytes = Math.max(1024, Math.min(this.#partitionFetchBytes, Math.floor(room / ready.length)));
    const md = await this.#consumer.metadata({ topics: [this.#topic] });
    const tmd = md.topics.get(this.#topic);
    if (!tmd) throw new Error(`kafka consumer: topic ${this.#topic} disappeared`);
    const target = { consumer: this.#consumer, pool: this.#pool, topic: tmd, maxWaitMs: this.#maxWait, partitionMaxBytes };
    for (const [leader, requested] of fetchPlan(tmd, ready, this.#fetching)) {
      this.#fetching.add(leader);
      fetchFrom(target, leader, requested)
        .then(
          (response) => {
            this.#succeeded();
            this.#ingest(requested, response);
          },
          async (error: unknown) => {
            if (this.#stopping) return;
            const partial = findResponse(error);
            if (partial) this.#ingest(requested, partial); // partitions without error still carry records
            const outOfRange = partial
              ? resetOutOfRange(requested, partial, (s) => this.#current(s) && s.queue.length === 0 && !this.#work.busy(s.partition))
              : false;
            if (!outOfRange) {
              const delay = this.#noteFailure(error);
              this.#consumer.clearMetadata();
              await pause(delay, this.#stopSignal);
            }
          },
        )
        .finally(() => {
          this.#fetching.delete(leader);
          this.#poke();
        });
    }
  }

  #ingest(requested: Requested[], response: FetchResponse): void {
    if (this.#stopping) return;
    ingestFetch(
      this.#topic,
      requested,
      response,
      (s) => this.#current(s),
      (s) => this.#dispatch(s.partition),
    );
  }

  /**
   * Hands the partition's queued messages (up to maxBatch) to the handler unless a batch of that partition
   * is being handled, two of its batches are unfinished, or `maxInFlightBatches` batches are being handled.
   * The commit waits for the partition's previous batch and is skipped when that one failed.
   */
  #dispatch(partition: number): void {
    const s = this.#parts.get(partition);
    if (!s || s.queue.length === 0 || this.#stopping || !this.#handler) return;
    if (!this.#work.canStart(partition) || this.#work.handling >= this.#maxInFlight) return;
    if (waitsForMore(s, this.#maxBatch, this.#bufferedBytes() < this.#maxBuffered)) return;
    const messages = s.queue.splice(0, this.#maxBatch);
    let bytes = 0;
    for (const m of messages) bytes += sizeOf(m);
    s.queuedBytes -= bytes;
    this.#inFlightBytes += bytes;
    const next = messages[messages.length - 1]!.offset + 1n;
    const handler = this.#handler;
    this.#work.run(partition, true, async (previous, release) => {
      let held = true;
      const letGo = () => {
        if (held) {
          held = false;
          this.#inFlightBytes -= bytes;
        }
        release();
      };
      const batch: MessageBatch = { topic: this.#topic, partition, messages };
      batch.release = () => {
        batch.messages = [];
        letGo();
      };
      try {
        await handler(batch);
      } catch (error) {
        this.#fail(error);
        return false;
      } finally {
        letGo();
      }
      if (!(await previous)) return false;
      await this.#commit(s, next);
      return true;
    });
  }

  /** A commit refused earlier, retried for a partition without work. */
  #retryCommit(s: PartitionState, offset: bigint): void {
    this.#work.run(s.partition, false, async () => {
      await this.#commit(s, offset);
      return true;
    });
  }

  /** A batch released or a unit finished: the partitions after this one first (so a bound on batches in flight serves them in turn); fetch. */
  #afterWork(partition: number): void {
    const order = [...this.#parts.keys()].sort((a, b) => a - b);
    const at = order.indexOf(partition);
    for (const p of [...order.slice(at + 1), ...order.slice(0, at + 1)]) this.#dispatch(p);
    this.#poke();
  }

  /**
   * Commits `offset` for a partition we still own. A commit refused because the group is rebalancing, or
   * failing because Kafka is away, is not fatal: it is kept in `uncommitted` and retried after the next
   * join or backoff delay (or superseded by the next batch's commit). A partition revoked meanwhile is not
   * committed (the new owner re-reads the batch; the writer's idempotence absorbs it).
   */
  async #commit(s: PartitionState, offset: bigint): Promise<void> {
    if (!this.#current(s)) return;
    try {
      await commitOffset(this.#consumer, this.#topic, s.partition, offset);
      if (s.uncommitted !== null && s.uncommitted <= offset) s.uncommitted = null;
      this.#succeeded();
    } catch (error) {
      if (!this.#current(s)) return;
      if (s.uncommitted === null || s.uncommitted < offset) s.uncommitted = offset;
      if (!isRebalanceError(error)) this.#commitRetryAt = Date.now() + this.#noteFailure(error);
    }
  }

  #fail(error: unknown): void {
    if (this.#error === null) this.#error = error;
    this.#stopping = true;
    this.#signalStop();
    this.#poke();
  }

  /** A request succeeded: Kafka is back (health, backoff). */
  #succeeded(): void {
    this.#failures.succeeded(this.#joined);
    this.#commitRetryAt = 0;
  }

  /** A failed request (failures.ts): a configuration error, or failing too long at start-up, stops the consumer; returns the backoff delay. */
  #noteFailure(error: unknown): number {
    if (this.#stopping) return 0;
    const { delay, fatal } = this.#failures.failed(error);
    if (fatal) this.#fail(fatal);
    return delay;
  }

  #poke(): void {
    this.#wake.poke();
  }
}
