/**
 * The db-writer pipeline shared by the Kafka runtime and `import`: a batch of messages (one partition's)
 * goes through the pure processor, then the batched writer, in one transaction together with the
 * batch's consumer_error rows. Logging and metrics of spec 2.3 that belong to processing live here; the
 * runtime owns consumed_messages, consuming_errors, processing-time histograms, DLQ and payload tracker.
 *
 * When the batch transaction fails for a reason other than storage unavailability (data the database
 * refuses), the batch is written again one message at a time, so that only the offending message is
 * rejected, with the database's error text, as it would be upstream.
 */
import type { Logger } from 'pino';
import type { KafkaMessage } from '#common/kafka/index.js';
import { withOneByOneFallback } from '#common/one-by-one.js';
import type { Metrics } from '../metrics.js';
import { type Instant, nowInstant, toDbTimestamp } from '#common/time.js';
import type { Db } from '../storage/db.js';
import { type DvoDecision, dvoMessageText, processDvoMessage } from './processor/dvo.js';
import { type OcpDecision, processOcpMessage } from './processor/ocp.js';
import type { ProcessOptions, Rejected } from './processor/message.js';
import { writeDvoBatch } from './writer/dvo.js';
import { TransientStorageError, isTransient } from '#common/sql/errors.js';
import { type WriteStatus, writeOcpBatch } from './writer/ocp.js';
import { writeRedisBatch } from './writer/redis.js';
import type { ConsumerErrorRow } from './writer/sql.js';
import type { Redis } from '#common/redis/client.js';

/** A message as Kafka delivers it; `import` builds the same shape from files. */
export type IncomingMessage = KafkaMessage;

export type OutcomeStatus = 'written' | 'skipped-empty' | 'skipped-older' | 'rejected';

export interface Outcome {
  message: IncomingMessage;
  status: OutcomeStatus;
  error?: string;
  requestId?: string;
  orgId?: number;
  account?: number;
  /** Deserialisation succeeded. */
  decoded: boolean;
}

/** `redis`: OCP results into Redis/Valkey (the valkey-writer, spec 2.5.3), same processor as `ocp`. */
export type PipelineKind = 'ocp' | 'dvo' | 'redis';

export interface Pipeline {
  kind: PipelineKind;
  /**
   * All outcomes are durable when it resolves (writes and consumer_error rows committed). Throws
   * TransientStorageError when the storage is unavailable, with nothing of the batch committed.
   */
  processBatch(messages: IncomingMessage[]): Promise<Outcome[]>;
}

export interface PipelineOptions {
  /** The SQL storage (`ocp`, `dvo`); unused by `redis`. */
  db: Db | null;
  /** The Redis client (`redis`). */
  redis?: Redis | null;
  /** `redis`: key lifetime in seconds (default 24 h). */
  redisTtlSeconds?: number;
  metrics: Metrics;
  logger: Logger;
  /** null = allowlist disabled. */
  allowlist: Set<number> | null;
  displayMessageWithWrongStructure: boolean;
  /** consumer_error rows; default true. */
  recordErrors?: boolean;
}

export { TransientStorageError, isTransient };

type Decision = OcpDecision | DvoDecision;
type WriteDecision = Extract<Decision, { kind: 'write' }>;

interface WriteInput {
  writes: WriteDecision[];
  errors: ConsumerErrorRow[];
  now: Instant;
  logger: Logger;
}

interface Kind {
  process(value: Buffer | null, options: ProcessOptions): Decision;
  write(options: PipelineOptions, input: WriteInput): Promise<WriteStatus[]>;
  /** The text recorded as consumer_error.message. */
  messageText(value: Buffer): Buffer;
}

type OcpWriteDecision = Extract<OcpDecision, { kind: 'write' }>;

function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`pipeline without ${what}`);
  return value;
}

const KINDS: Record<PipelineKind, Kind> = {
  ocp: {
    process: processOcpMessage,
    write: (o, input) => writeOcpBatch(need(o.db, 'storage'), { ...input, writes: input.writes as OcpWriteDecision[] }),
    messageText: (value) => value,
  },
  // No consumer_error rows in Redis (a no-op upstream): rejections go to the logs, DLQ and tracker only.
  redis: {
    process: processOcpMessage,
    write: (o, input) =>
      writeRedisBatch(need(o.redis, 'Redis client'), input.writes as OcpWriteDecision[], { ttlSeconds: o.redisTtlSeconds }),
    messageText: (value) => value,
  },
  dvo: {
    process: processDvoMessage,
    write: (o, input) =>
      writeDvoBatch(need(o.db, 'storage'), { ...input, writes: input.writes as Extract<DvoDecision, { kind: 'write' }>[] }),
    // A gzipped value is recorded decompressed (binary text would be unreadable).
    messageText: (value) => {
      const source = dvoMessageText(value);
      return 'text' in source ? Buffer.from(source.text, 'utf8') : value;
    },
  },
};

function dbTime(date: Date, fallback: Instant): string {
  return Number.isNaN(date.getTime()) ? toDbTimestamp(fallback) : toDbTimestamp(date);
}

export function createPipeline(kind: PipelineKind, options: PipelineOptions): Pipeline {
  const { metrics, logger } = options;
  const impl = KINDS[kind];
  const recordErrors = kind !== 'redis' && (options.recordErrors ?? true);
  const processOptions: ProcessOptions = { allowlist: options.allowlist };

  const errorRow = (message: IncomingMessage, error: string, now: Instant): ConsumerErrorRow => ({
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    producedAt: dbTime(message.timestamp, now),
    consumedAt: toDbTimestamp(now),
    message: message.value === null ? null : impl.messageText(message.value),
    error,
  });

  /** Logs and metrics of the processing steps (spec 2.3 steps 2-6). */
  const observe = (message: IncomingMessage, decision: Decision, now: Instant) => {
    const where = { topic: message.topic, partition: message.partition, offset: message.offset.toString() };
    if (decision.kind !== 'empty' && decision.unexpectedVersion !== undefined) {
      logger.warn(where, `Received data with unexpected version ${decision.unexpectedVersion}.`);
    }
    if (decision.kind === 'empty') {
      metrics.emptyResultMessages.inc();
      logger.info(where, 'This message has an empty report and will not be processed further');
    } else if (decision.kind === 'reject') {
      logRejection(message, decision);
    } else {
      const lagMinutes = Number(now.micros - decision.lastChecked.micros) / 60_000_000;
      metrics.lastCheckedLagMinutes.observe(lagMinutes);
      if (lagMinutes < 0) logger.error({ ...where, cluster: decision.clusterName, lagMinutes }, 'got a message from the future');
    }
  };

  const logRejection = (message: IncomingMessage, decision: Pick<Rejected, 'error' | 'stage' | 'orgId'>) => {
    const where = { topic: message.topic, partition: message.partition, offset: message.offset.toString() };
    logger.error({ ...where, orgId: decision.orgId, error: decision.error }, 'Error processing message consumed from Kafka');
    if (options.displayMessageWithWrongStructure && (decision.stage === 'deserialize' || decision.stage === 'content')) {
      logger.info({ ...where, message: message.value?.toString('utf8') ?? null }, 'Message for further analysis');
    }
  };

  const outcomeOf = (message: IncomingMessage, decision: Decision): Outcome => {
    const outcome: Outcome = {
      message,
      status: decision.kind === 'reject' ? 'rejected' : decision.kind === 'empty' ? 'skipped-empty' : 'written',
      decoded: decision.decoded,
    };
    if (decision.kind === 'reject') outcome.error = decision.error;
    if (decision.requestId !== undefined) outcome.requestId = decision.requestId;
    if (decision.orgId !== undefined) outcome.orgId = decision.orgId;
    if (decision.account !== undefined) outcome.account = decision.account;
    return outcome;
  };

  /** Writes the decisions; on a data error, retries message by message (see the file comment). */
  const commit = async (messages: IncomingMessage[], decisions: Decision[], outcomes: Outcome[], now: Instant) => {
    const writeIndexes = decisions.flatMap((d, i) => (d.kind === 'write' ? [i] : []));
    const writes = writeIndexes.map((i) => decisions[i] as WriteDecision);
    const errors = recordErrors ? decisions.flatMap((d, i) => (d.kind === 'reject' ? [errorRow(messages[i], d.error, now)] : [])) : [];
    if (writes.length === 0 && errors.length === 0) return;
    let fellBack = false;
    const statuses = await withOneByOneFallback(
      writeIndexes,
      () => impl.write(options, { writes, errors, now, logger }),
      async (i): Promise<WriteStatus | 'rejected'> => {
        try {
          return (await impl.write(options, { writes: [decisions[i] as WriteDecision], errors: [], now, logger }))[0];
        } catch (err) {
          if (err instanceof TransientStorageError) throw err;
          const error = err instanceof Error ? err.message : String(err);
          outcomes[i].error = error;
          logRejection(messages[i], { error, stage: 'storage', orgId: outcomes[i].orgId });
          if (recordErrors) errors.push(errorRow(messages[i], error, now));
          return 'rejected';
        }
      },
      {
        isTransient: (err) => err instanceof TransientStorageError,
        onFallback: (err) => {
          fellBack = true;
          logger.warn({ err }, 'batch write failed; writing its messages one at a time');
        },
      },
    );
    statuses.forEach((status, k) => {
      outcomes[writeIndexes[k]].status = status;
    });
    if (!fellBack || errors.length === 0) return;
    try {
      await impl.write(options, { writes: [], errors, now, logger });
    } catch (err) {
      if (err instanceof TransientStorageError) throw err;
      logger.error({ err }, 'unable to record consumer errors'); // upstream only logs a failed insert, too
    }
  };

  return {
    kind,
    async processBatch(messages: IncomingMessage[]): Promise<Outcome[]> {
      const now = nowInstant();
      const decisions = await decideAll(messages, (m) => impl.process(m.value, processOptions));
      decisions.forEach((d, i) => {
        observe(messages[i], d, now);
      });
      const outcomes = messages.map((m, i) => outcomeOf(m, decisions[i]));
      await commit(messages, decisions, outcomes, now);
      let written = 0;
      for (const outcome of outcomes) {
        if (outcome.status === 'written') written++;
        else if (outcome.status === 'skipped-older') {
          logger.info(
            { topic: outcome.message.topic, partition: outcome.message.partition, offset: outcome.message.offset.toString() },
            'Skipping because a more recent report already exists for this cluster',
          );
        }
      }
      metrics.writtenReports.inc(written);
      return outcomes;
    },
  };
}

/** Decoding work between two yields to the event loop (ms). */
const DECODE_SLICE_MS = 5;

/**
 * Decodes a batch in slices of about DECODE_SLICE_MS, yielding to the event loop between them: a
 * 500-message batch is ~100 ms of CPU, and while it ran in one piece the other partitions' transactions
 * could not send their next statement, so the database sat idle. The decisions are the same.
 */
export async function decideAll<M, D>(messages: readonly M[], decide: (m: M) => D): Promise<D[]> {
  const out: D[] = new Array(messages.length);
  let sliceStart = performance.now();
  for (let i = 0; i < messages.length; i++) {
    out[i] = decide(messages[i]);
    if (i + 1 < messages.length && performance.now() - sliceStart >= DECODE_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return out;
}
