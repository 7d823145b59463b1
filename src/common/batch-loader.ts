/**
 * Coalesces concurrent lookups into one database round trip (the DataLoader pattern, without caching).
 *
 * A `load` is sent at once when fewer than `maxInFlight` batches are running, so an idle service adds no
 * delay. While batches run, new keys queue up; when one finishes, every queued key (up to `maxBatch`) goes
 * in the next batch. Under load each round trip then serves many requests, which divides the fixed cost of
 * a query (a network round trip, waking a database backend, parsing, binding) among them.
 * Nothing is cached: every load is answered by a query sent after it was requested.
 *
 * Isolation: one key must never fail the others' loads. When a shared batch fails with an error that is
 * not a transient storage failure (e.g. one key's value the database refuses), every key of the batch is
 * fetched again on its own, so only the faulty key's load fails. A transient failure (database down)
 * fails the whole batch at once: retrying each key would only multiply the load on a failing database.
 */
import { isTransient } from './sql/errors.js';

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

  private async runAlone(p: Pending<K, V>): Promise<void> {
    try {
      const values = await this.fetch([p.key]);
      if (values.length !== 1) throw new Error(`batch loader: ${values.length} values for 1 key`);
      p.resolve(values[0]);
    } catch (error) {
      p.reject(error);
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
      if (batch.length === 1 || isTransient(error)) for (const p of batch) p.reject(error);
      else await Promise.all(batch.map((p) => this.runAlone(p)));
    } finally {
      this.inFlight--;
      this.dispatch();
    }
  }
}
