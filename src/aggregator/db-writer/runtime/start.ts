/**
 * Wires the db-writer / dvo-writer (spec 1.2, 1.4 step 5, 2.1): `storage_backend.use` selects the OCP or
 * DVO pipeline, the batch consumer reads `broker.topic` in group `broker.group`, and a BatchWriter handles
 * each batch. Configuration errors (unknown backend, missing storage, bad allowlist) make the consumer
 * task fail (the service then stops with exit code 1), as upstream.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import {
  brokerOptionsFromConfig,
  createBatchConsumer,
  createProducer,
  type BatchConsumer,
  type BatchProducer,
  type BrokerOptions,
  type KafkaMessage,
} from '#common/kafka/index.js';
import { toDbTimestamp } from '#common/time.js';
import type { Db } from '../../storage/db.js';
import { isRedisStorage, storageOf } from '../../storage/storages.js';
import type { Redis } from '#common/redis/client.js';
import type { ConsumerOptions, RunningConsumer } from '../index.js';
import { loadAllowlist } from '../allowlist.js';
import { createPipeline, isTransient } from '../pipeline.js';
import { inTransaction, insertConsumerErrors, type ConsumerErrorRow } from '../writer/sql.js';
import { BatchWriter } from './writer.js';
import type { BackoffOptions } from '#common/kafka/backoff.js';
import { DEFAULT_BACKOFF, Retrier, WriterStoppedError, type BackoffPolicy } from '#common/kafka/retry.js';

export const INCOMPATIBLE_BACKEND = 'no backend storage or incompatible selected';

/**
 * Largest batch handed to the pipeline (and per-partition read-ahead). Memory grows with the messages in
 * flight (docs/performance.md, "Memory"); 250 keeps a batch's transaction cost amortised.
 */
export const MAX_BATCH_MESSAGES = 250;

/**
 * Messages the consumer holds (fetched + being stored), in bytes: the bound on the writer's working set. A
 * batch stops counting once stored (MessageBatch.release), while its statuses are produced; 6 MiB keeps the
 * peak RSS of `bench:consumer` under 200 MB with that overlap (8 MiB: 206-214 MB, same rate; measured
 * 2026-12-03, docs/performance.md "Memory").
 */
export const MAX_BUFFERED_BYTES = 6 * 1024 * 1024;

/**
 * The writer's V8 old generation grows to at most 2 times its live size after each full collection
 * (V8 lets a small heap grow up to 4 times): a batch lives for its transaction (about a second), longer
 * than the young generation does, so its data is promoted and dies in the old generation; without this
 * bound that garbage accumulated to 200-300 MB of RSS. 1.5 times (50) made full collections 5 times as
 * frequent as V8's default and cost about 15 % more writer CPU per message (measured); the memory 2 times
 * takes is paid for by the 8 MiB young generation (bin/insights-results-aggregator). docs/performance.md,
 * "Memory".
 */
export const WRITER_HEAP_GROWING_PERCENT = 100;

export interface WriterTuning {
  backoff?: BackoffPolicy;
  /** The consumer's reconnect backoff (default: common/kafka/backoff.ts). */
  reconnectBackoff?: BackoffOptions;
  maxBatchMessages?: number;
  maxBufferedBytes?: number;
}

function failed(err: Error): RunningConsumer {
  const done = Promise.reject(err);
  done.catch(() => {}); // observed by the service; avoid an unhandled rejection before that
  return { done, stop: async () => {} };
}

export type Backend = { kind: 'ocp' | 'dvo'; db: Db; redis: null } | { kind: 'redis'; db: null; redis: Redis };

/** The pipeline `storage_backend.use` selects: OCP or DVO into SQL, or OCP into Redis (valkey-writer). */
export function selectBackend(config: Config, options: Pick<ConsumerOptions, 'ocp' | 'dvo' | 'redis'>): Backend {
  const selected = storageOf(config, config.storage_backend.use);
  if (selected?.set === 'ocp' && isRedisStorage(selected.conf)) {
    if (!options.redis) throw new Error(INCOMPATIBLE_BACKEND);
    return { kind: 'redis', db: null, redis: options.redis };
  }
  const kind = selected?.set;
  const db = kind ? options[kind] : null;
  if (!kind || !db) throw new Error(INCOMPATIBLE_BACKEND);
  return { kind, db, redis: null };
}

export async function startWriter(options: ConsumerOptions, tuning: WriterTuning = {}): Promise<RunningConsumer> {
  const { config, metrics } = options;
  const broker = config.broker;
  let backend: Backend;
  let allowlist: Set<number> | null = null;
  try {
    backend = selectBackend(config, options);
    if (broker.enable_org_allowlist) allowlist = await loadAllowlist(config.processing.org_allowlist_file || 'org_allowlist.csv');
  } catch (err) {
    options.logger.fatal({ err }, 'unable to start the consumer');
    return failed(err as Error);
  }
  const { kind, db } = backend;
  const logger = options.logger.child({ consumer: kind, topic: broker.topic, group: broker.group });
  const pipeline = createPipeline(kind, {
    db,
    redis: backend.redis,
    redisTtlSeconds: config.redis.expiration > 0 ? Math.max(1, Math.round(config.redis.expiration / 1000)) : undefined,
    metrics,
    logger,
    allowlist,
    displayMessageWithWrongStructure: broker.display_message_with_wrong_structure,
    // Deliberate addition: the DVO writer records rejections in consumer_error too (upstream: OCP only).
    recordErrors: true,
  });
  let brokerOptions: BrokerOptions;
  let producer: BatchProducer | null = null;
  let consumer: BatchConsumer;
  try {
    brokerOptions = brokerOptionsFromConfig(broker);
    producer = broker.dead_letter_queue_topic || broker.payload_tracker_topic ? createProducer(brokerOptions) : null;
    consumer = createBatchConsumer({
      ...brokerOptions,
      groupId: broker.group,
      topic: broker.topic,
      maxBatchMessages: tuning.maxBatchMessages ?? MAX_BATCH_MESSAGES,
      maxBufferedBytes: tuning.maxBufferedBytes ?? MAX_BUFFERED_BYTES,
      onAssignment: (partitions) => logger.info({ partitions }, 'partitions assigned'),
      onTopicWait: (state) => logger.warn({ state }, 'waiting for the topic to exist and have leaders'),
      ...(options.health ? { health: options.health } : {}),
      ...(tuning.reconnectBackoff ? { reconnectBackoff: tuning.reconnectBackoff } : {}),
    });
  } catch (err) {
    logger.fatal({ err }, 'unable to create the Kafka clients');
    await producer?.close().catch(() => {});
    return failed(err as Error);
  }
  const retrier = new Retrier(metrics.retry, logger, tuning.backoff ?? DEFAULT_BACKOFF);
  const writer = new BatchWriter({
    pipeline,
    isTransient,
    producer,
    deadLetterTopic: broker.dead_letter_queue_topic,
    payloadTrackerTopic: broker.payload_tracker_topic,
    serviceName: broker.service_name,
    recordPoison: kind === 'ocp' && db ? consumerErrorWriter(db, logger) : null,
    metrics,
    logger,
    retrier,
  });
  logger.info(
    {
      brokers: brokerOptions.brokers,
      deadLetterTopic: broker.dead_letter_queue_topic,
      payloadTrackerTopic: broker.payload_tracker_topic,
      allowlist: allowlist?.size ?? null,
    },
    'consumer starting',
  );

  const done = consumer
    .run((batch) => writer.handle(batch))
    .catch((err: unknown) => {
      // A batch abandoned because of stop() is not a failure: it stays uncommitted and is re-read later.
      if (err instanceof WriterStoppedError && retrier.stopped) return;
      throw err;
    })
    .finally(async () => {
      metrics.writerPaused.set(0);
      await producer?.close().catch((err: unknown) => logger.warn({ err }, 'closing the producer failed'));
      logger.info('consumer stopped');
    });
  done.catch(() => {}); // the service observes `done`
  return {
    done,
    stop: async () => {
      retrier.stop();
      await consumer.stop();
      await done.catch(() => {});
    },
  };
}

/** consumer_error row (spec 2.8) for a message the pipeline failed on unexpectedly (kept as first recorded on re-delivery). */
export function consumerErrorWriter(db: Db, logger: Logger): (message: KafkaMessage, error: string) => Promise<void> {
  return async (message, error) => {
    const now = new Date();
    const row: ConsumerErrorRow = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      producedAt: toDbTimestamp(Number.isNaN(message.timestamp.getTime()) ? now : message.timestamp),
      consumedAt: toDbTimestamp(now),
      message: message.value,
      error,
    };
    await inTransaction(db, (trx) => insertConsumerErrors(db, trx, [row], logger));
  };
}
