/**
 * The one-message-at-a-time fallback, in one place: a batch is handled as a whole; when that fails for a
 * reason that is not transient (data the database refuses, a bug triggered by one message), its items are
 * handled one at a time, so only the items that fail on their own are affected. A transient failure
 * (storage unavailable) propagates: the caller waits and retries the whole batch.
 */
export interface OneByOneOptions {
  /** Failures the caller retries as a whole (never handled item by item). */
  isTransient(err: unknown): boolean;
  /** Called once when the batch failed and the items are handled one at a time. */
  onFallback?(failure: unknown): void;
}

/**
 * `all(items)` must give one result per item; otherwise (or when it throws a non-transient error) the
 * result of item i is `one(items[i], i, failure)`, in order.
 */
export async function withOneByOneFallback<T, R>(
  items: readonly T[],
  all: (items: readonly T[]) => Promise<R[]>,
  one: (item: T, index: number, failure: unknown) => Promise<R>,
  options: OneByOneOptions,
): Promise<R[]> {
  let failure: unknown;
  try {
    const results = await all(items);
    if (results.length === items.length) return results;
    failure = new Error(`${results.length} results for ${items.length} items`);
  } catch (err) {
    if (options.isTransient(err)) throw err;
    failure = err;
  }
  options.onFallback?.(failure);
  const results: R[] = [];
  for (let i = 0; i < items.length; i++) results.push(await one(items[i], i, failure));
  return results;
}
