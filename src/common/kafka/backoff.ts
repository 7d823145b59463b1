/**
 * Capped, jittered exponential backoff for reconnecting to Kafka (spec: ride out broker outages). Each
 * delay is drawn uniformly from [base/2, base] ("equal jitter"), base doubling from `initialMs` up to
 * `maxMs`; reset() after a success starts over. Jitter spreads the reconnects of many replicas after a
 * broker comes back.
 */
export interface BackoffOptions {
  /** First delay's upper bound in ms (default 250). */
  initialMs?: number;
  /** Largest delay in ms (default 10 000). */
  maxMs?: number;
  /** Random source in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

export const DEFAULT_RECONNECT_INITIAL_MS = 250;
export const DEFAULT_RECONNECT_MAX_MS = 10_000;

export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.#initial = Math.max(1, options.initialMs ?? DEFAULT_RECONNECT_INITIAL_MS);
    this.#max = Math.max(this.#initial, options.maxMs ?? DEFAULT_RECONNECT_MAX_MS);
    this.#random = options.random ?? Math.random;
  }

  /** Failures since the last reset(). */
  get attempts(): number {
    return this.#attempt;
  }

  /** The delay before the next attempt (and counts the failure). */
  next(): number {
    const base = Math.min(this.#max, this.#initial * 2 ** Math.min(this.#attempt, 30));
    this.#attempt += 1;
    return Math.round(base / 2 + (base / 2) * this.#random());
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** Resolves after `ms`, or as soon as `abort` resolves. */
export function pause(ms: number, abort: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), abort]).finally(() => clearTimeout(timer));
}
