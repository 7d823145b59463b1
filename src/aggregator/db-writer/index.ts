/** The db-writer's entry point (spec 2): see runtime/start.ts. */
import type { Logger } from 'pino';
import type { KafkaHealthReporter } from '#common/kafka/health.js';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics.js';
import type { Redis } from '#common/redis/client.js';
import type { Db } from '../storage/db.js';
import { startWriter } from './runtime/start.js';

export interface ConsumerOptions {
  config: Config;
  metrics: Metrics;
  logger: Logger;
  ocp: Db | null;
  dvo: Db | null;
  /** Told of the consumer's Kafka state (readiness, `kafka_connected`); the service creates it. */
  health?: KafkaHealthReporter | null;
  /** The OCP storage of type `redis` (valkey-writer). */
  redis?: Redis | null;
}

export interface RunningConsumer {
  /** Settles when the consumer loop ends (rejects on a fatal error). */
  done: Promise<void>;
  /** Graceful stop: finish the batch in flight, commit, leave the group. */
  stop(): Promise<void>;
}

/**
 * Starts the consumer selected by `storage_backend.use` (OCP: `ocp_recommendations`, DVO:
 * `dvo_recommendations`; OCP with `ocp_recommendations_storage.type = "redis"` is the valkey-writer). Any other value, or the selected storage missing, makes `done` reject with
 * "no backend storage or incompatible selected".
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  return startWriter(options);
}
