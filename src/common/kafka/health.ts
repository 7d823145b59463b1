/**
 * The Kafka connection state of a service, for readiness and metrics. Clients report into it (the batch
 * consumer: every successful fetch, heartbeat, join or commit is `connected()`, every transient failure
 * `transient(err)`); it keeps the state, the gauge `kafka_connected` (1 connected, 0 not yet or not
 * anymore), the counter `kafka_transient_errors`, and logs ONCE per state change (not once per retry).
 *
 *   const health = new KafkaHealth({ registry: metrics.registry, namespace, logger });
 *   createBatchConsumer({ ...opts, health });                  // the consumer reports into it
 *   routes.push(readinessRoute([health]));                     // GET {prefix}readiness: 200 / 503
 */
import client, { type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { metricName } from '../metrics.js';
import { errorText } from './errors.js';

/** What a Kafka client reports (BatchConsumerOptions.health). */
export interface KafkaHealthReporter {
  connected(): void;
  transient(error: unknown): void;
}

export type KafkaState = 'starting' | 'connected' | 'disconnected';

export interface KafkaHealthOptions {
  registry: Registry;
  /** `metrics.namespace` (prefixes the metric names like every other metric of the service). */
  namespace?: string;
  logger: Logger;
  /** Name in readiness answers (default `kafka`). */
  name?: string;
}

export class KafkaHealth implements KafkaHealthReporter {
  readonly name: string;
  readonly #logger: Logger;
  readonly #gauge: client.Gauge;
  readonly #errors: client.Counter;
  #state: KafkaState = 'starting';
  #since = Date.now();
  #lastError = '';

  constructor(options: KafkaHealthOptions) {
    this.name = options.name ?? 'kafka';
    this.#logger = options.logger;
    const n = (name: string) => metricName(options.namespace ?? '', name);
    const registers = [options.registry];
    this.#gauge = new client.Gauge({ name: n('kafka_connected'), help: '1 while the Kafka consumer is connected to its group', registers });
    this.#errors = new client.Counter({
      name: n('kafka_transient_errors'),
      help: 'Kafka failures waited out (broker unreachable or restarting, coordinator moves, rebalances)',
      registers,
    });
    this.#gauge.set(0);
  }

  get state(): KafkaState {
    return this.#state;
  }

  connected(): void {
    if (this.#state === 'connected') return;
    const was = this.#state;
    this.#set('connected');
    if (was === 'disconnected') this.#logger.info({ kafka: 'connected' }, 'Kafka connection restored');
    else this.#logger.info({ kafka: 'connected' }, 'Kafka connected');
  }

  transient(error: unknown): void {
    this.#errors.inc();
    this.#lastError = errorText(error).trim();
    if (this.#state !== 'connected') return; // still starting, or already said
    this.#set('disconnected');
    this.#logger.warn({ kafka: 'disconnected', err: this.#lastError }, 'Kafka unavailable; retrying with backoff until it is back');
  }

  /** For readiness: ready only while connected. */
  readiness(): { ready: boolean; reason: string } {
    if (this.#state === 'connected') return { ready: true, reason: 'connected' };
    const seconds = Math.round((Date.now() - this.#since) / 1000);
    const detail = this.#lastError ? `: ${this.#lastError}` : '';
    return { ready: false, reason: `${this.#state === 'starting' ? 'not connected yet' : 'disconnected'} for ${seconds} s${detail}` };
  }

  #set(state: KafkaState): void {
    this.#state = state;
    this.#since = Date.now();
    this.#gauge.set(state === 'connected' ? 1 : 0);
  }
}
