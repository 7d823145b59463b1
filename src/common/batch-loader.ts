/**
 * Coalesces concurrent lookups into one database round trip (the DataLoader pattern, without caching).
 *
 * A `load` is sent at once when fewer than `maxInFlight` batches are running, so an idle service adds no
 * delay. While batches run, new keys queue up; when one finishes, every queued key (up to `maxBatch`) goes
 * in the next batch. Under load each round trip then serves many requests, which divides the fixed cost of
 * a query (a network round trip, waking a database backend, parsing, binding) among them.
 * Nothing is cached: every load is answered by a query sent after it was requested.
 */
export interface BatchLoaderOptions {
  /** Most keys per batch (default 100). */
  maxBatch?: number;
  /** Most batches running at once (default 1). */
  maxInFlight?: number;
}

interface Pending<K, V> {
  key: K;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

export class BatchLoader<K, V> {
  private queue: Pending<K, V>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  /** `fetch` answers the keys of one batch in their order (one value per key). */
  constructor(
    private readonly fetch: (keys: K[]) => Promise<V[]>,
    options: BatchLoaderOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 100);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      // Keys requested in the same tick share the batch; the dispatch waits for nothing else.
      if (this.inFlight < this.maxInFlight && !this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.dispatch();
        });
      }
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<K, V>[]): Promise<void> {
    try {
      const values = await this.fetch(batch.map((p) => p.key));
      if (values.length !== batch.length) throw new Error(`batch loader: ${values.length} values for ${batch.length} keys`);
      batch.forEach((p, i) => {
        p.resolve(values[i]);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight--;
      this.dispatch();
    }
  }
}
