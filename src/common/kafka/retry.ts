/**
 * Waiting out failures that are not the message's fault (storage unavailable, produce failed): the same
 * work is retried with exponential backoff until it succeeds or the consumer stops. While any partition
 * waits, the `paused` gauge is 1; every failed attempt counts in `retries` (the db-writer's
 * `writer_paused` and `storage_transient_failures`).
 */
import type { Logger } from 'pino';

/** What the retry loop records. */
export interface RetryMetrics {
  retries: { inc(): void };
  paused: { set(value: number): void };
}

/** Thrown out of a wait when the writer is stopping: the batch is left uncommitted (re-read later). */
export class WriterStoppedError extends Error {
  override name = 'WriterStoppedError';
  constructor() {
    super('writer stopped while waiting to retry');
  }
}

export interface BackoffPolicy {
  /** First delay (default 100 ms). */
  initialMs: number;
  /** Largest delay (default 10 s). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 10_000 };

export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return `${err.message}: ${err.errors.map(errorText).join('; ')}`;
  }
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

export class Retrier {
  readonly #metrics: RetryMetrics;
  readonly #logger: Logger;
  readonly #policy: BackoffPolicy;
  readonly #abort = new AbortController();
  #paused = 0;

  constructor(metrics: RetryMetrics, logger: Logger, policy: BackoffPolicy = DEFAULT_BACKOFF) {
    this.#metrics = metrics;
    this.#logger = logger;
    this.#policy = policy;
  }

  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Ends every wait (now and later) with WriterStoppedError. */
  stop(): void {
    this.#abort.abort();
  }

  /**
   * Runs `work` until it succeeds. An error for which `retryable(err)` is true is logged and retried after
   * a growing delay; any other error is thrown. Once stopped, a failure throws WriterStoppedError.
   */
  async run<T>(what: string, context: object, retryable: (err: unknown) => boolean, work: () => Promise<T>): Promise<T> {
    let delay = this.#policy.initialMs;
    let pausedHere = false;
    let attempts = 0;
    try {
      for (;;) {
        try {
          const result = await work();
          if (pausedHere) this.#logger.info({ ...context, attempts }, `${what}: succeeded after waiting; resuming`);
          return result;
        } catch (err) {
          if (!retryable(err)) throw err;
          attempts += 1;
          this.#metrics.retries.inc();
          if (!pausedHere) {
            pausedHere = true;
            this.#setPaused(+1);
          }
          if (this.stopped) throw new WriterStoppedError();
          // Once per outage at warn (then debug): a long outage must not flood the log.
          this.#logger[attempts === 1 ? 'warn' : 'debug'](
            { ...context, err: errorText(err), retryInMs: delay, attempts },
            `${what} failed (transient); retrying the same batch`,
          );
          await this.#sleep(delay);
          delay = Math.min(delay * 2, this.#policy.maxMs);
        }
      }
    } finally {
      if (pausedHere) this.#setPaused(-1);
    }
  }

  #setPaused(delta: number): void {
    this.#paused += delta;
    this.#metrics.paused.set(this.#paused > 0 ? 1 : 0);
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#abort.signal;
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new WriterStoppedError());
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(new WriterStoppedError());
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
