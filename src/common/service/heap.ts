/**
 * V8 heap sizing a service may choose at run time (the executables' `#!` line sets the rest).
 *
 * After each full collection V8 lets the old generation grow to its live size times a factor it picks
 * from the collector's speed, up to 4 for a small heap; a service whose garbage is short-lived batch data
 * (a Kafka consumer) then carries several times its working set as uncollected garbage. A fixed factor
 * bounds that: the heap still follows the live size (no hard limit, no out-of-memory), it is collected
 * more often.
 */
import v8 from 'node:v8';

/** The old generation grows to at most (1 + percent/100) times its live size after a full collection. */
export function setHeapGrowingPercent(percent: number): void {
  if (!Number.isInteger(percent) || percent <= 0) throw new Error(`heap growing percent must be a positive integer, not ${percent}`);
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
