/**
 * The consumer's work per partition (consumer.ts): batches in the handler and offset commits, as one chain
 * per partition so that commits happen in offset order.
 *
 * A unit of work is either a batch (handled, then committed) or a commit retried on its own. A batch is
 * "handling" until the handler releases it (MessageBatch.release) or resolves; from then on only its commit
 * is left, and the partition's next batch may be handled meanwhile: at most `depth` units per partition
 * are unfinished. Each unit gets the completion of the unit before it in its partition (false when that one
 * failed: a later batch must then not commit, or its offset would skip the failed one).
 */

/** A unit: `previous` resolves when the partition's unit before this one finished (false: it failed). */
export type Unit = (previous: Promise<boolean>, release: () => void) => Promise<boolean>;

export class PartitionWork {
  /** Partitions with a batch in the handler that has not been released. */
  readonly #handling = new Set<number>();
  /** Per partition, the completion of its newest unit. */
  readonly #tails = new Map<number, Promise<boolean>>();
  readonly #unfinished = new Map<number, number>();
  readonly #depth: number;
  /** Called when a unit of `partition` is released and when it finishes (room for more work). */
  readonly #after: (partition: number) => void;

  constructor(depth: number, after: (partition: number) => void) {
    this.#depth = Math.max(1, depth);
    this.#after = after;
  }

  /** Batches being handled (not released), over all partitions. */
  get handling(): number {
    return this.#handling.size;
  }

  /** Partitions with unfinished work. */
  get size(): number {
    return this.#tails.size;
  }

  /** Any unfinished work (a batch or a commit) for `partition`. */
  busy(partition: number): boolean {
    return this.#tails.has(partition);
  }

  /** A batch of `partition` may start: none of its batches is being handled and it has room in its chain. */
  canStart(partition: number): boolean {
    return !this.#handling.has(partition) && (this.#unfinished.get(partition) ?? 0) < this.#depth;
  }

  /** Resolves when every unit started so far has finished. */
  async settled(): Promise<void> {
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()]);
  }

  /** Starts `unit` for `partition` (a batch when `handling`, else a commit); a unit that throws counts as failed. */
  run(partition: number, handling: boolean, unit: Unit): void {
    const previous = this.#tails.get(partition) ?? Promise.resolve(true);
    this.#unfinished.set(partition, (this.#unfinished.get(partition) ?? 0) + 1);
    let released = !handling;
    if (handling) this.#handling.add(partition);
    const release = () => {
      if (released) return;
      released = true;
      this.#handling.delete(partition);
      this.#after(partition);
    };
    // The tail is in place before the unit runs: a release inside it may start the next unit at once.
    let finish!: (ok: boolean) => void;
    const tail = new Promise<boolean>((resolve) => (finish = resolve));
    this.#tails.set(partition, tail);
    const settle = (ok: boolean) => {
      release();
      const left = (this.#unfinished.get(partition) ?? 1) - 1;
      if (left > 0) this.#unfinished.set(partition, left);
      else this.#unfinished.delete(partition);
      if (this.#tails.get(partition) === tail) this.#tails.delete(partition);
      finish(ok);
      this.#after(partition);
    };
    let running: Promise<boolean>;
    try {
      running = unit(previous, release);
    } catch {
      running = Promise.resolve(false);
    }
    running.then(settle, () => settle(false));
  }
}
