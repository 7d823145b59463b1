/**
 * A process-wide bound on archives in flight: the consumer hands each partition's batch to the handler
 * separately (one batch per partition at a time), so a per-batch bound would let `partitions x concurrency`
 * archives (each ~1 MB downloaded and inflated) be held at once. Every batch's archives take a slot here.
 */
export class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(readonly limit: number) {}

  get active(): number {
    return this.#active;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await fn();
    } finally {
      // The slot passes on to the first waiter, if any.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}
