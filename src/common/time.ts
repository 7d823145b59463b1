/**
 * Time formats, in one place.
 *
 * Storage representation ("DB timestamp"): the text `YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC, microsecond
 * precision. PostgreSQL `timestamp without time zone` columns are read back as that text (see
 * common/sql/connection.ts) and SQLite stores the same text, so both databases hand the same value to the
 * code above them and compare the same way.
 */

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go `time.ParseDuration`, returned in milliseconds; null when unparsable. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let sign = 1;
  let body = s;
  if (body.startsWith('-') || body.startsWith('+')) {
    sign = body.startsWith('-') ? -1 : 1;
    body = body.slice(1);
  }
  if (body === '') return null;
  re.lastIndex = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) return null;
    total += Number.parseFloat(m[1]) * DURATION_UNITS[m[2]];
    pos = re.lastIndex;
  }
  return sign * total;
}

/** A parsed instant with microsecond precision. */
export interface Instant {
  /** Microseconds since the Unix epoch (UTC). */
  micros: bigint;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 time as Go's `time.Parse(time.RFC3339Nano, ...)` accepts it (optional fraction,
 * `Z` or `±hh:mm`). Returns null on failure; callers build their own error text.
 * Sub-microsecond digits are truncated (PostgreSQL keeps microseconds).
 */
export function parseRfc3339(text: string): Instant | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(y), month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec));
  const micro = frac ? BigInt(`${frac.slice(1)}000000`.slice(0, 6)) : 0n;
  return { micros: BigInt(ms) * 1000n + micro - BigInt(offsetMin) * 60_000_000n };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function instantFromDate(date: Date): Instant {
  return { micros: BigInt(date.getTime()) * 1000n };
}

export function nowInstant(): Instant {
  return instantFromDate(new Date());
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` (UTC), the storage representation. */
export function toDbTimestamp(t: Instant | Date): string {
  const inst = t instanceof Date ? instantFromDate(t) : t;
  const { base, micro } = split(inst);
  return `${base.replace('T', ' ')}.${micro.toString().padStart(6, '0')}`;
}

/** Truncates to whole seconds (upstream stores some times with seconds precision). */
export function truncateToSeconds(t: Instant): Instant {
  const rem = ((t.micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return { micros: t.micros - rem };
}

function split(t: Instant): { base: string; micro: number } {
  const msTotal = t.micros / 1000n - (t.micros < 0n && t.micros % 1000n !== 0n ? 1n : 0n);
  const secMs = Number(msTotal) - (((Number(msTotal) % 1000) + 1000) % 1000);
  const base = new Date(secMs).toISOString().slice(0, 19);
  const micro = Number(t.micros - BigInt(secMs) * 1000n);
  return { base, micro };
}

/** Parses the storage representation back into an instant (null for NULL or garbage). */
export function fromDbTimestamp(value: string | Date | null | undefined): Instant | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return instantFromDate(value);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(value);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  if (Number.isNaN(ms)) return null;
  const micro = m[3] ? BigInt(`${m[3].slice(1)}000000`.slice(0, 6)) : 0n;
  return { micros: BigInt(ms) * 1000n + micro };
}

/** "RFC 3339 s": `2020-04-02T09:00:05Z`. */
export function formatRfc3339Seconds(t: Instant): string {
  return `${split(t).base}Z`;
}

/** "RFC 3339 ns": Go RFC3339Nano, trailing zeros of the fraction trimmed, e.g. `2024-05-02T10:11:12.123456Z`. */
export function formatRfc3339Nano(t: Instant): string {
  const { base, micro } = split(t);
  if (micro === 0) return `${base}Z`;
  return `${base}.${micro.toString().padStart(6, '0').replace(/0+$/, '')}Z`;
}

/** Go's zero time, as it renders in RFC 3339. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Go `sql.NullTime` marshalled: `{"Time": "...", "Valid": bool}`. */
export function nullTime(value: string | null | undefined): { Time: string; Valid: boolean } {
  const t = fromDbTimestamp(value);
  return t ? { Time: formatRfc3339Nano(t), Valid: true } : { Time: GO_ZERO_TIME, Valid: false };
}

/** Convenience: DB timestamp text to RFC 3339 s, or Go's zero time for NULL. */
export function dbToRfc3339Seconds(value: string | null | undefined): string {
  if (typeof value === 'string' && isCanonicalDbTimestamp(value)) return `${value.slice(0, 10)}T${value.slice(11, 19)}Z`;
  const t = fromDbTimestamp(value);
  return t ? formatRfc3339Seconds(t) : GO_ZERO_TIME;
}

/** Convenience: DB timestamp text to RFC 3339 ns, or Go's zero time for NULL. */
export function dbToRfc3339Nano(value: string | null | undefined): string {
  if (typeof value === 'string') {
    const fast = canonicalDbToRfc3339Nano(value);
    if (fast !== null) return fast;
  }
  return dbToRfc3339NanoSlow(value);
}

/** The general path of `dbToRfc3339Nano` (parse to an instant, then format). Exported for the tests. */
export function dbToRfc3339NanoSlow(value: string | null | undefined): string {
  const t = fromDbTimestamp(value);
  return t ? formatRfc3339Nano(t) : GO_ZERO_TIME;
}

const digit = (c: number) => c >= 48 && c <= 57;
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
/** `c0c1` as a two-digit number (the characters must be digits). */
const two = (v: string, i: number) => (v.charCodeAt(i) - 48) * 10 + (v.charCodeAt(i + 1) - 48);

/**
 * `YYYY-MM-DD[ T]HH:MM:SS[.f+]`, as PostgreSQL prints `timestamp` and as we store it in SQLite, with fields
 * that cannot roll over (day 01-28, hour 00-23, ...): anything else, e.g. day 29-31 or hour 24, is left
 * to the general path (`Date.parse` would roll it over or reject it), so the fast paths always give the
 * general path's text. Checked without a regular expression: API responses format several per row.
 */
function isCanonicalDbTimestamp(v: string): boolean {
  const n = v.length;
  if (n < 19 || n === 20) return false;
  for (const i of DIGIT_POSITIONS) if (!digit(v.charCodeAt(i))) return false;
  if (v[4] !== '-' || v[7] !== '-' || (v[10] !== ' ' && v[10] !== 'T') || v[13] !== ':' || v[16] !== ':') return false;
  if (n > 19) {
    if (v[19] !== '.') return false;
    for (let i = 20; i < n; i++) if (!digit(v.charCodeAt(i))) return false;
  }
  const month = two(v, 5);
  const day = two(v, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= 28 && two(v, 11) <= 23 && two(v, 14) <= 59 && two(v, 17) <= 59;
}

/** String fast path of `dbToRfc3339Nano` for the canonical storage text (no Date/BigInt work). */
function canonicalDbToRfc3339Nano(value: string): string | null {
  if (!isCanonicalDbTimestamp(value)) return null;
  const fraction = value.slice(20, 26).replace(/0+$/, '');
  return `${value.slice(0, 10)}T${value.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}
