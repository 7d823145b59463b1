/** Seeded pseudo-random generators for test data and benchmarks: the same seed, the same values. */

export type Random = () => number;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`. */
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** An integer in [lo, hi]. */
export const int = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
/** `n` lower-case hexadecimal digits. */
export const hex = (random: Random, n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
