/** Our small Kafka interface (spec 2.1). Implemented over @platformatic/kafka in ./consumer.ts and ./producer.ts. */
import type { BackoffOptions } from './backoff.js';
import type { KafkaHealthReporter } from './health.js';

export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: Date;
  /** Record headers in order (absent when the record has none); keys and values as sent. */
  headers?: [string, Buffer | null][];
}

/** Consecutive offsets of ONE partition, in order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  /**
   * The handler no longer needs the messages (e.g. they are stored and only the producing of their
   * outcomes is left): the consumer stops counting their bytes against its memory bound, empties
   * `messages`, and may hand the partition's next batch to the handler while this one finishes. Offsets are
   * still committed in order, each after its batch's handler resolved, and not at all after a batch failed.
   * Optional to call: a handler that never calls it releases its batch when it resolves.
   */
  release?: () => void;
}

export interface BrokerOptions {
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  clientId?: string;
  /** Connect and request timeout in ms (0 or absent: library defaults, 5 s connect / 30 s request). */
  timeoutMs?: number;
  /** `true` for TLS with the system CAs; `{ ca }` with a PEM text (not a path) to trust. */
  tls?: { ca?: string } | boolean;
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-512'; username: string; password: string };
}

export interface BatchConsumer {
  /**
   * Consumes until stop(). For each partition, batches are delivered strictly in order, one at a time;
   * different partitions may be in flight at once. After `handler(batch)` resolves, the offset after the
   * batch's last message is committed for that partition. If the handler rejects, nothing of that batch is
   * committed and run() rejects with that error after stopping.
   */
  run(handler: (batch: MessageBatch) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface Producer {
  send(topic: string, value: Buffer | string, key?: Buffer | string | null): Promise<void>;
  close(): Promise<void>;
}

export interface OutgoingMessage {
  value: Buffer | string;
  key?: Buffer | string | null;
  /** Explicit partition; otherwise murmur2(key) when keyed, round robin when not. */
  partition?: number;
  /** Record headers (e.g. the platform's `service` header on `platform.upload.announce`). */
  headers?: Record<string, string>;
}

/** What createProducer() returns: a Producer plus a bulk send (one produce request per leader). */
export interface BatchProducer extends Producer {
  sendBatch(topic: string, messages: OutgoingMessage[]): Promise<void>;
}

/** Defaults of the consumer's memory bounds (BatchConsumerOptions). */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
export const DEFAULT_PARTITION_FETCH_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FETCH_BYTES = 4 * 1024 * 1024;

export interface BatchConsumerOptions extends BrokerOptions {
  groupId: string;
  topic: string;
  /** Largest batch handed to the handler (default 500). Also the per-partition read-ahead. */
  maxBatchMessages?: number;
  /** Fetch long-poll wait in ms (default 500). Also bounds how quickly an idle consumer notices data. */
  maxWaitMs?: number;
  /** Group session timeout in ms (default 30000; the broker enforces group.min/max.session.timeout.ms). */
  sessionTimeoutMs?: number;
  /** Heartbeat interval in ms (default 3000). */
  heartbeatIntervalMs?: number;
  /**
   * Until a broker answered once: run() rejects when Kafka keeps failing for this long, i.e. broker
   * unreachable at start (default 30000). After that, outages are waited out however long.
   */
  maxFailureMs?: number;
  /** Reconnect/rejoin/commit-retry delays after transient failures (default 250 ms doubling to 10 s, jittered). */
  reconnectBackoff?: BackoffOptions;
  /** Told of every success and transient failure (KafkaHealth: readiness, `kafka_connected`). */
  health?: KafkaHealthReporter;
  /** Called once when the topic does not exist yet (or has no leader) and the consumer waits for it. */
  onTopicWait?: (state: 'missing' | 'no-leader') => void;
  /** Upper bound for one fetch response in bytes (default 4 MiB). */
  maxFetchBytes?: number;
  /** Upper bound for one partition's part of a fetch in bytes (default 1 MiB). */
  partitionFetchBytes?: number;
  /**
   * Messages held by the consumer, in bytes of keys and values: fetched and queued, plus the batches being
   * handled. No fetch starts while they reach this bound (default 16 MiB). The memory a consumer needs is
   * then bounded by it (and by what the handler makes of those messages), whatever the partitions hold.
   */
  maxBufferedBytes?: number;
  /** Batches handed to the handler at once, across partitions (default: one per partition). */
  maxInFlightBatches?: number;
  /** Called after every (re)join with this member's partitions of the topic (for logs and tests). */
  onAssignment?: (partitions: number[]) => void;
}
