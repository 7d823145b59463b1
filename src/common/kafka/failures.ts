/**
 * The consumer's failure accounting (outage rules, consumer.ts): a configuration error is fatal; a transient
 * failure is reported to `health` and waited out with backoff, except while no broker has ever answered,
 * where failing for longer than `maxFailureMs` is fatal (start-up rule: Kafka unreachable at start is an
 * error). A broker that answered once and went away is an outage, waited out however long.
 */
import { Backoff, type BackoffOptions } from './backoff.js';
import { errorText, KafkaUnavailableError } from './errors.js';
import type { KafkaHealthReporter } from './health.js';
import { configurationError } from './outage.js';

export interface FailureOptions {
  brokers: readonly string[];
  /** Start-up window (default 30 000 ms). */
  maxFailureMs?: number;
  reconnectBackoff?: BackoffOptions;
  health?: KafkaHealthReporter;
}

export class KafkaFailures {
  readonly #opts: FailureOptions;
  readonly #backoff: Backoff;
  readonly #health: KafkaHealthReporter | null;
  #failingSince = 0;
  /** A broker answered at least once (a metadata request succeeded). */
  #reached = false;

  constructor(opts: FailureOptions) {
    this.#opts = opts;
    this.#backoff = new Backoff(opts.reconnectBackoff);
    this.#health = opts.health ?? null;
  }

  /** A broker answered (the topic's metadata). */
  reached(): void {
    this.#reached = true;
  }

  /** Starts the failure window over (e.g. once the topic is there). */
  clearWindow(): void {
    this.#failingSince = 0;
  }

  /** A request succeeded: Kafka is back (`connected` once the group was joined). */
  succeeded(joined: boolean): void {
    this.#failingSince = 0;
    this.#backoff.reset();
    if (joined) this.#health?.connected();
  }

  /** A request failed: the delay before retrying, and the error that stops the consumer if it must. */
  failed(error: unknown): { delay: number; fatal: Error | null } {
    const fatal = configurationError(error, this.#opts.brokers);
    if (fatal) return { delay: 0, fatal };
    this.#health?.transient(error);
    const now = Date.now();
    let stop: Error | null = null;
    if (this.#failingSince === 0) this.#failingSince = now;
    else if (!this.#reached && now - this.#failingSince > (this.#opts.maxFailureMs ?? 30_000)) {
      const brokers = this.#opts.brokers.join(',');
      const seconds = Math.round((now - this.#failingSince) / 1000);
      const reason = errorText(error).trim();
      stop = new KafkaUnavailableError(
        this.#reached
          ? `Kafka has been failing for ${seconds} s (brokers ${brokers}): ${reason}`
          : `unable to connect to the Kafka broker (${brokers}) for ${seconds} s: ${reason}`,
        { cause: error },
      );
    }
    return { delay: this.#backoff.next(), fatal: stop };
  }
}
