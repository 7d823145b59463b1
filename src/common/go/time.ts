/**
 * Go's `time.Parse` for the two layouts the consumer meets, with Go's error texts:
 * - `LastChecked` is parsed with `time.RFC3339Nano` (`2006-01-02T15:04:05.999999999Z07:00`);
 * - `Metadata.gathering_time` is a `time.Time` decoded by `Time.UnmarshalJSON`, i.e. `time.RFC3339`.
 *
 * What Go accepts is a little wider than RFC 3339 (one-digit hour, `,` as the fraction separator, zone offsets
 * up to +24:60) and that is reproduced. `T` and `Z` must be upper case. The result is an Instant in UTC;
 * nanoseconds are rounded to microseconds as PostgreSQL rounds them when the Go service stores the value.
 */
import type { Instant } from '../time.js';

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

type Layout = typeof RFC3339 | typeof RFC3339_NANO;

/** Chunks of a layout as Go's nextStdChunk splits it: literal prefix, then a standard element. */
const CHUNKS: Record<Layout, ReadonlyArray<[string, string]>> = {
  [RFC3339]: [
    ['', '2006'],
    ['-', '01'],
    ['-', '02'],
    ['T', '15'],
    [':', '04'],
    [':', '05'],
    ['', 'Z07:00'],
  ],
  [RFC3339_NANO]: [
    ['', '2006'],
    ['-', '01'],
    ['-', '02'],
    ['T', '15'],
    [':', '04'],
    [':', '05'],
    ['', '.999999999'],
    ['', 'Z07:00'],
  ],
};

export type GoTimeResult = { ok: true; instant: Instant } | { ok: false; error: string };

/** Go time's `quote`: non-ASCII and control bytes as `\xNN`. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

const isDigitAt = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;

/** Go's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | null {
  if (!isDigitAt(s, 0)) return null;
  if (!isDigitAt(s, 1)) return fixed ? null : [s.charCodeAt(0) - 0x30, s.slice(1)];
  return [(s.charCodeAt(0) - 0x30) * 10 + (s.charCodeAt(1) - 0x30), s.slice(2)];
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (valid for any year). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Go's `time.Parse(layout, value)` for RFC3339 / RFC3339Nano. */
export function goParseTime(layout: Layout, value: string): GoTimeResult {
  const fail = (layoutElem: string, valueElem: string): GoTimeResult => ({
    ok: false,
    error: `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`,
  });
  const failMessage = (message: string): GoTimeResult => ({ ok: false, error: `parsing time ${goTimeQuote(value)}${message}` });

  const chunks = CHUNKS[layout];
  let rest = value;
  let year = 0,
    month = 1,
    day = 1,
    hour = 0,
    min = 0,
    sec = 0,
    nsec = 0,
    offsetSec = 0;
  for (let i = 0; i < chunks.length; i++) {
    const [prefix, std] = chunks[i];
    for (let j = 0; j < prefix.length; j++) {
      if (rest.length === 0 || rest[0] !== prefix[j]) return fail(prefix.slice(j), rest);
      rest = rest.slice(1);
    }
    const hold = rest;
    let bad = false;
    let rangeErr = '';
    switch (std) {
      case '2006': {
        if (!/^\d{4}$/.test(rest.slice(0, 4))) bad = true;
        else {
          year = Number(rest.slice(0, 4));
          rest = rest.slice(4);
        }
        break;
      }
      case '01':
      case '02':
      case '04':
      case '05':
      case '15': {
        const got = getnum(rest, std !== '15');
        if (!got) {
          bad = true;
          break;
        }
        const [n, r] = got;
        rest = r;
        if (std === '01') {
          month = n;
          if (n <= 0 || n > 12) rangeErr = 'month';
        } else if (std === '02') day = n;
        else if (std === '15') {
          hour = n;
          if (n >= 24) rangeErr = 'hour';
        } else if (std === '04') {
          min = n;
          if (n >= 60) rangeErr = 'minute';
        } else {
          sec = n;
          if (n >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fraction in the value but none in the layout (RFC3339) is accepted all the same.
          if (layout === RFC3339 && rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigitAt(rest, 1)) {
            let k = 2;
            while (isDigitAt(rest, k)) k++;
            nsec = fractionToNanos(rest.slice(1, k));
            rest = rest.slice(k);
          }
        }
        break;
      }
      case '.999999999': {
        if (rest.length < 2 || (rest[0] !== '.' && rest[0] !== ',') || !isDigitAt(rest, 1)) break;
        let k = 1;
        while (isDigitAt(rest, k)) k++;
        nsec = fractionToNanos(rest.slice(1, k));
        rest = rest.slice(k);
        break;
      }
      case 'Z07:00': {
        if (rest.length >= 1 && rest[0] === 'Z') {
          rest = rest.slice(1);
          offsetSec = 0;
          break;
        }
        if (rest.length < 6 || rest[3] !== ':') {
          bad = true;
          break;
        }
        const sign = rest[0];
        const hh = getnum(rest.slice(1, 3), true);
        const mm = hh ? getnum(rest.slice(4, 6), true) : null;
        rest = rest.slice(6);
        if (!hh || !mm) {
          bad = true;
          break;
        }
        if (hh[0] > 24) rangeErr = 'time zone offset hour';
        if (mm[0] > 60) rangeErr = 'time zone offset minute';
        offsetSec = (hh[0] * 60 + mm[0]) * 60;
        if (sign === '-') offsetSec = -offsetSec;
        else if (sign !== '+') bad = true;
        break;
      }
      default:
        break;
    }
    if (rangeErr) return failMessage(`: ${rangeErr} out of range`);
    if (bad) return fail(std, hold);
  }
  if (rest.length !== 0) return failMessage(`: extra text: ${goTimeQuote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) return failMessage(': day out of range');
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86_400n + BigInt(hour * 3600 + min * 60 + sec - offsetSec);
  return { ok: true, instant: { micros: seconds * 1_000_000n + BigInt(Math.floor((nsec + 500) / 1000)) } };
}

/** Go's parseNanoseconds: at most 9 digits are significant. */
function fractionToNanos(digits: string): number {
  return Number(digits.slice(0, 9).padEnd(9, '0'));
}

/** Go's zero time (`0001-01-01T00:00:00Z`), which Go code treats as "no time". */
export const GO_ZERO_INSTANT: Instant = { micros: BigInt(daysFromCivil(1, 1, 1)) * 86_400_000_000n };
