/**
 * Independent upstream calls of one request are started together and awaited in the order the route
 * reads them (docs/performance.md, smart proxy): latency is the slowest call, not their sum, and the
 * first failure the route meets is the same as when the calls ran one after the other.
 */

/** The call, started now; a rejection is seen only where it is awaited (never an unhandled rejection). */
export function early<T>(call: Promise<T>): Promise<T> {
  call.catch(() => undefined);
  return call;
}
