/**
 * What a consumer produces after a batch became durable (spec 2.9): the raw values of rejected messages to
 * the dead-letter topic and the payload-tracker statuses (payload-tracker.ts), each topic in one bulk
 * request, retried until acknowledged (retry.ts) BEFORE the batch's offset is committed: the commit then
 * implies they were sent. Only what was not yet acknowledged is sent again after a failure.
 */
import type { Logger } from 'pino';
import { type Produced, producedFor, type TrackedOutcome } from './payload-tracker.js';
import type { Retrier } from './retry.js';
import type { BatchProducer } from './types.js';

export interface OutcomeProducerOptions {
  /** null when neither topic is configured. */
  producer: Pick<BatchProducer, 'sendBatch'> | null;
  /** '' = no dead-letter topic. */
  deadLetterTopic: string;
  /** '' = no payload tracker. */
  payloadTrackerTopic: string;
  /** `service` of the tracker messages (e.g. broker.service_name). */
  serviceName: string;
  retrier: Retrier;
  logger: Logger;
  /** Called with the number of messages each acknowledged request carried (`produced_messages`). */
  onProduced(count: number): void;
}

/** What `prepare` built: sent by `send`. */
export type PreparedOutcomes = Pick<Produced, 'deadLetters' | 'statuses'>;

export class OutcomeProducer {
  readonly #o: OutcomeProducerOptions;

  constructor(options: OutcomeProducerOptions) {
    this.#o = options;
  }

  /**
   * The dead letters and statuses of a batch's outcomes (`receivedAt`: ns since the epoch), built at once so
   * that the caller can let go of the outcomes (and the messages they hold) while `send` waits for Kafka.
   */
  prepare(outcomes: readonly TrackedOutcome[], receivedAt: bigint, context: object): PreparedOutcomes {
    const { producer, deadLetterTopic, payloadTrackerTopic, logger } = this.#o;
    if (!producer) return { deadLetters: [], statuses: [] };
    const produced = producedFor(outcomes, {
      service: this.#o.serviceName,
      dlq: deadLetterTopic !== '',
      tracker: payloadTrackerTopic !== '',
      receivedAt,
    });
    if (produced.withoutRequestId > 0) {
      logger.warn({ ...context, count: produced.withoutRequestId }, 'request ID is missing, null or empty: no payload tracker status sent');
    }
    return { deadLetters: produced.deadLetters, statuses: produced.statuses };
  }

  /** Resolves once every prepared dead letter and status is acknowledged (retried until then). */
  async send(prepared: PreparedOutcomes, context: object): Promise<void> {
    const { producer, deadLetterTopic, payloadTrackerTopic, retrier } = this.#o;
    let { deadLetters, statuses } = prepared;
    if (!producer || (deadLetters.length === 0 && statuses.length === 0)) return;
    await retrier.run(
      'producing dead letters and payload tracker statuses',
      context,
      () => true,
      async () => {
        if (deadLetters.length > 0) {
          await producer.sendBatch(deadLetterTopic, deadLetters);
          this.#o.onProduced(deadLetters.length);
          deadLetters = [];
        }
        if (statuses.length > 0) {
          await producer.sendBatch(payloadTrackerTopic, statuses);
          this.#o.onProduced(statuses.length);
          statuses = [];
        }
      },
    );
  }
}
