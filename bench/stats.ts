/**
 * Spreads over benchmark rounds (docs/performance.md, "Method"): every figure is reported as its median with
 * the minimum and maximum of the rounds; the median is the headline and the one a target is judged on.
 */
export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread {
  if (values.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN, n: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]!, n: s.length };
}

/** `median (min-max)`, each with `format`. */
export function showSpread(s: Spread, format: (n: number) => string): string {
  if (s.n === 0) return 'n/a (no valid round)';
  return s.n === 1 ? `${format(s.median)} (1 round)` : `${format(s.median)} (${format(s.min)}-${format(s.max)})`;
}
