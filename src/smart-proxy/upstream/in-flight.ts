/**
 * Organisation-wide reads shared while in flight (docs/compatibility.md, "in-flight sharing"): a caller
 * asking for a key whose read has started and not yet finished gets that read's result instead of starting
 * another; once it settles, the next caller reads anew. Nothing is kept: the answer is at most one round
 * trip older than a read of its own would be. A write through this proxy forgets every read in flight when
 * it finishes (`forget`), so a client that saw its write answered never gets a read started before it.
 *
 * Used for what every route of an organisation reads and no request changes per cluster: the org's acks
 * (A15), its per-cluster disables (A7), the hits of its cluster list (A16, A17: keyed by the request's
 * path and body) and its AMS cluster list (without `cluster_list_caching`).
 */
export class InFlight {
  private readonly pending = new Map<string, Promise<unknown>>();

  /** The read of `key` in flight, or `read()` started now and shared until it settles. A key names one kind of value. */
  get<V>(key: string, read: () => Promise<V>): Promise<V> {
    const kept = this.pending.get(key);
    if (kept !== undefined) return kept as Promise<V>;
    const started = read();
    this.pending.set(key, started);
    const settled = () => {
      if (this.pending.get(key) === started) this.pending.delete(key);
    };
    started.then(settled, settled);
    return started;
  }

  /** Forgets every read in flight (they still answer their callers; later callers read anew). */
  forget(): void {
    this.pending.clear();
  }

  /** Reads in flight. */
  get size(): number {
    return this.pending.size;
  }
}

/** `call`, then `inFlight.forget()` once it settled either way (a write's answer never precedes the forgetting). */
export async function afterWrite<T>(inFlight: { forget(): void }, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } finally {
    inFlight.forget();
  }
}

/**
 * A value worked out from read-only inputs, kept while its first input lives and given again for the same
 * inputs (compared by identity): requests that shared their reads (`InFlight`) share what a view derives from
 * them too. Inputs are the shared answers themselves, never copies, so a new read is a new computation.
 */
export class Derived<V> {
  private readonly byFirst = new WeakMap<object, { rest: readonly unknown[]; value: V }>();

  get(first: object, rest: readonly unknown[], compute: () => V): V {
    const kept = this.byFirst.get(first);
    if (kept !== undefined && kept.rest.length === rest.length && kept.rest.every((input, i) => input === rest[i])) return kept.value;
    const value = compute();
    this.byFirst.set(first, { rest, value });
    return value;
  }
}
