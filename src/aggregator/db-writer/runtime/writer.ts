/**
 * The db-writer's batch handler: one call per Kafka batch (consecutive messages of one partition).
 *
 * 1. `consumed_messages` += batch size.
 * 2. The pipeline validates and stores the whole batch in one transaction (consumer_error rows included).
 *    A transient storage failure (database unreachable, connection lost, deadlock, serialization failure)
 *    is waited out: the same batch is retried with backoff until it succeeds or the writer stops. Nothing
 *    is committed in between, so no message is lost or marked failed because the database was down.
 * 3. An unexpected (non-transient) error for the batch is a bug somewhere: the batch is re-run one message
 *    at a time, and a message that still fails non-transiently is recorded as rejected with that error
 *    text (consumer_error row + dead letter + tracker `error`), so a poison message never blocks its
 *    partition.
 * 4. Dead letters and payload-tracker statuses are produced in bulk (one request per topic) and retried
 *    until they are acknowledged, BEFORE the handler resolves: the offset commit that follows implies
 *    they were sent.
 * 5. Metrics (consuming_errors, processing-time histograms, produced_messages) and logs.
 */
import type { Logger } from 'pino';
import type { BatchProducer, KafkaMessage, MessageBatch } from '#common/kafka/index.js';
import type { Metrics } from '../../metrics.js';
import { withOneByOneFallback } from '#common/one-by-one.js';
import type { Outcome, Pipeline } from '../pipeline.js';
import { type Retrier, errorText } from '#common/kafka/retry.js';
import { OutcomeProducer, type PreparedOutcomes } from '#common/kafka/dead-letter.js';
import { nowNs } from '#common/kafka/payload-tracker.js';

export interface BatchWriterOptions {
  pipeline: Pick<Pipeline, 'processBatch'>;
  /** Storage unavailable with nothing committed (the pipeline's isTransient): wait and retry. */
  isTransient: (err: unknown) => boolean;
  /** null when neither a dead-letter nor a payload-tracker topic is configured. */
  producer: Pick<BatchProducer, 'sendBatch'> | null;
  deadLetterTopic: string;
  payloadTrackerTopic: string;
  /** `service` of the tracker messages (broker.service_name). */
  serviceName: string;
  /** Writes the consumer_error row of a message the pipeline could not handle at all (OCP only). */
  recordPoison: ((message: KafkaMessage, error: string) => Promise<void>) | null;
  metrics: Metrics;
  logger: Logger;
  retrier: Retrier;
}

/** What the logs and metrics of a batch need of an outcome (no message). */
type OutcomeSummary = Pick<Outcome, 'status' | 'requestId' | 'error'> & { offset: bigint };

interface BatchContext {
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  messages: number;
}

export class BatchWriter {
  readonly #o: BatchWriterOptions;

  readonly #outcomes: OutcomeProducer;

  constructor(options: BatchWriterOptions) {
    this.#o = options;
    this.#outcomes = new OutcomeProducer({
      producer: options.producer,
      deadLetterTopic: options.deadLetterTopic,
      payloadTrackerTopic: options.payloadTrackerTopic,
      serviceName: options.serviceName,
      retrier: options.retrier,
      logger: options.logger,
      onProduced: (count) => options.metrics.producedMessages.inc(count),
    });
  }

  /**
   * Resolves once every outcome is durable and every produced message acknowledged. Once the batch is
   * stored, the dead letters and statuses are built and the batch released (MessageBatch.release): only
   * what is produced and logged is kept while Kafka acknowledges, and the consumer may hand over the
   * partition's next batch meanwhile.
   */
  async handle(batch: MessageBatch): Promise<void> {
    if (batch.messages.length === 0) return;
    const started = performance.now();
    const { ctx, prepared, summary } = await this.#storeBatch(batch);
    batch.release?.();
    const stored = performance.now();
    await this.#outcomes.send(prepared, ctx);
    const ended = performance.now();
    this.#account(summary, (ended - started) / 1000, {
      ...ctx,
      storeMs: Math.round(stored - started),
      produceMs: Math.round(ended - stored),
    });
  }

  /** Steps 1-3 of the file comment, and what step 4 will produce; keeps no message. */
  async #storeBatch(batch: MessageBatch): Promise<{ ctx: BatchContext; prepared: PreparedOutcomes; summary: OutcomeSummary[] }> {
    const { messages } = batch;
    const receivedAt = nowNs();
    const { metrics, retrier, logger } = this.#o;
    metrics.consumedMessages.inc(messages.length);
    if (logger.isLevelEnabled('debug')) {
      for (const m of messages) {
        logger.debug(
          { topic: m.topic, partition: m.partition, offset: m.offset.toString(), timestamp: m.timestamp },
          'started processing message',
        );
      }
    }
    const ctx: BatchContext = {
      topic: batch.topic,
      partition: batch.partition,
      firstOffset: messages[0]!.offset.toString(),
      lastOffset: messages[messages.length - 1]!.offset.toString(),
      messages: messages.length,
    };
    const outcomes = await retrier.run('storing the batch', ctx, this.#o.isTransient, () => this.#store(messages, ctx));
    const summary = outcomes.map(
      (o): OutcomeSummary => ({ status: o.status, offset: o.message.offset, requestId: o.requestId, error: o.error }),
    );
    return { ctx, prepared: this.#outcomes.prepare(outcomes, receivedAt, ctx), summary };
  }

  async #store(messages: KafkaMessage[], ctx: BatchContext): Promise<Outcome[]> {
    const { isTransient, retrier, logger } = this.#o;
    return withOneByOneFallback(
      messages,
      (all) => this.#o.pipeline.processBatch(all as KafkaMessage[]),
      (message, _i, failure) => {
        // A batch of one that failed is that message's own failure.
        if (messages.length === 1) return this.#storeOne(message, failure, ctx);
        const one = { ...ctx, firstOffset: message.offset.toString(), lastOffset: message.offset.toString(), messages: 1 };
        return retrier.run('storing a message', one, isTransient, () => this.#storeAlone(message, one));
      },
      {
        isTransient,
        onFallback: (failure) => {
          if (messages.length > 1) {
            logger.error({ ...ctx, err: failure }, 'storing the batch failed with an unexpected error; processing its messages one by one');
          }
        },
      },
    );
  }

  async #storeAlone(message: KafkaMessage, ctx: BatchContext): Promise<Outcome> {
    const { isTransient } = this.#o;
    try {
      const [outcome] = await this.#o.pipeline.processBatch([message]);
      if (outcome) return outcome;
      return await this.#storeOne(message, new Error('pipeline returned no outcome'), ctx);
    } catch (err) {
      if (isTransient(err)) throw err;
      return this.#storeOne(message, err, ctx);
    }
  }

  /** A message that failed non-transiently on its own: recorded as rejected with the error text. */
  async #storeOne(message: KafkaMessage, failure: unknown, ctx: BatchContext): Promise<Outcome> {
    const { isTransient } = this.#o;
    const text = errorText(failure);
    this.#o.logger.error(
      { ...ctx, offset: message.offset.toString(), err: failure },
      'message failed with an unexpected error; recording it as rejected',
    );
    if (this.#o.recordPoison) {
      try {
        await this.#o.recordPoison(message, text);
      } catch (err) {
        if (isTransient(err)) throw err; // retried (with the message) once the storage is back
        this.#o.logger.error({ ...ctx, offset: message.offset.toString(), err }, 'unable to write the consumer error');
      }
    }
    return { message, status: 'rejected', error: text, ...bestEffortIds(message.value) } as Outcome;
  }

  #account(outcomes: OutcomeSummary[], seconds: number, ctx: BatchContext & { storeMs: number; produceMs: number }): void {
    const { metrics, logger } = this.#o;
    // Batches share their cost: each message is charged its share of the batch's wall time.
    const each = seconds / outcomes.length;
    const counts = { written: 0, 'skipped-empty': 0, 'skipped-older': 0, rejected: 0 };
    const debug = logger.isLevelEnabled('debug');
    for (const o of outcomes) {
      counts[o.status] += 1;
      const offset = o.offset.toString();
      if (o.status === 'rejected') {
        metrics.consumingErrors.inc();
        metrics.failedProcessingTime.observe(each);
        logger.warn(
          { topic: ctx.topic, partition: ctx.partition, offset, requestId: o.requestId, error: o.error },
          'Message consumed with an error',
        );
      } else {
        metrics.successfulProcessingTime.observe(each);
        if (debug)
          logger.debug(
            { topic: ctx.topic, partition: ctx.partition, offset, status: o.status, durationMs: each * 1000 },
            'Message consumed',
          );
      }
    }
    logger.info({ ...ctx, ...counts, durationMs: Math.round(seconds * 1000) }, 'batch consumed');
  }
}

/** RequestId / OrgID / AccountNumber of a message the pipeline could not handle, if its JSON shows them. */
function bestEffortIds(value: Buffer | null): Pick<Outcome, 'requestId' | 'orgId' | 'account' | 'decoded'> {
  try {
    const v = JSON.parse(value?.toString('utf8') ?? '') as Record<string, unknown>;
    if (v === null || typeof v !== 'object') return { decoded: false };
    const uint = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined);
    const requestId = typeof v.RequestId === 'string' && v.RequestId !== '' ? v.RequestId : undefined;
    return { decoded: false, requestId, orgId: uint(v.OrgID), account: uint(v.AccountNumber) };
  } catch {
    return { decoded: false };
  }
}
