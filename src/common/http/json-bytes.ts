/**
 * JSON.parse of a Buffer without making one string of a large answer. V8 puts a string over 128 KB in its
 * large-object space, and making one cost this machine about 2 ms for 467 KB (the aggregator's
 * 1,000-cluster A17 answer) against 0.07 ms for the same bytes as eight strings (docs/performance.md,
 * smart proxy). So a large object or array is cut between its members into pieces under PIECE bytes, each
 * parsed on its own and put together in order; a member still too large is cut the same way.
 *
 * The result is what `JSON.parse(bytes.toString('utf8'))` gives, and anything the cutting does not
 * understand (bytes that are not JSON, a `__proto__` key) goes to exactly that, so errors are JSON.parse's.
 */

const PIECE = 96 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const PROTO = Buffer.from('"__proto__"');

export function parseJsonBytes(bytes: Buffer): unknown {
  if (bytes.length <= PIECE || bytes.includes(PROTO)) return JSON.parse(bytes.toString('utf8'));
  const start = skipSpace(bytes, 0, bytes.length);
  let end = bytes.length;
  while (end > start && isSpace(bytes[end - 1])) end--;
  let value: unknown = CANNOT;
  try {
    value = parseRange(bytes, start, end);
  } catch {
    // A piece that is not JSON: the whole text, for JSON.parse's own error.
  }
  return value === CANNOT ? JSON.parse(bytes.toString('utf8')) : value;
}

const CANNOT = Symbol('cannot cut');

interface Member {
  /** Where the member starts (its key for an object) and where its value starts and ends. */
  from: number;
  valueFrom: number;
  to: number;
}

/** The value in bytes[start, end) (no surrounding space), or CANNOT. */
function parseRange(b: Buffer, start: number, end: number): unknown {
  const open = b[start];
  if (end - start <= PIECE || (open !== OPEN_OBJECT && open !== OPEN_ARRAY)) return JSON.parse(b.toString('utf8', start, end));
  const isObject = open === OPEN_OBJECT;
  const members = membersOf(b, start, end, isObject);
  if (members === null) return CANNOT;
  const out: Record<string, unknown> | unknown[] = isObject ? {} : [];
  for (let i = 0; i < members.length; ) {
    const first = members[i];
    if (first.to - first.from > PIECE) {
      // One member too large for a piece: its value is cut in turn.
      const value = parseRange(b, first.valueFrom, first.to);
      if (value === CANNOT) return CANNOT;
      if (isObject) (out as Record<string, unknown>)[JSON.parse(b.toString('utf8', first.from, keyEnd(b, first)))] = value;
      else (out as unknown[]).push(value);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < members.length && members[j].to - first.from <= PIECE) j++;
    const text = b.toString('utf8', first.from, members[j - 1].to);
    if (isObject) Object.assign(out, JSON.parse(`{${text}}`));
    else for (const v of JSON.parse(`[${text}]`) as unknown[]) (out as unknown[]).push(v);
    i = j;
  }
  return out;
}

/** The end of a member's key (after its closing quote). */
function keyEnd(b: Buffer, m: Member): number {
  return stringEnd(b, m.from, m.valueFrom) + 1;
}

/** The members of the container bytes[start, end); null when the bytes are not shaped as JSON. */
function membersOf(b: Buffer, start: number, end: number, isObject: boolean): Member[] | null {
  const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
  if (b[end - 1] !== close) return null;
  const members: Member[] = [];
  let i = skipSpace(b, start + 1, end);
  if (i === end - 1) return members;
  for (;;) {
    const from = i;
    if (isObject) {
      if (b[i] !== QUOTE) return null;
      i = stringEnd(b, i, end);
      if (i < 0) return null;
      i = skipSpace(b, i + 1, end);
      if (b[i] !== COLON) return null;
      i = skipSpace(b, i + 1, end);
    }
    const valueFrom = i;
    i = valueEnd(b, i, end - 1);
    if (i < 0) return null;
    let to = i;
    while (to > valueFrom && isSpace(b[to - 1])) to--;
    if (to === valueFrom) return null;
    members.push({ from, valueFrom, to });
    if (i === end - 1) return members;
    if (b[i] !== COMMA) return null;
    i = skipSpace(b, i + 1, end);
  }
}

/** Index of the `,` or of `limit` (the container's closing byte) that ends the value starting at i; -1 if none. */
function valueEnd(b: Buffer, i: number, limit: number): number {
  let depth = 0;
  for (; i < limit; i++) {
    const c = b[i];
    if (c === QUOTE) {
      i = stringEnd(b, i, limit);
      if (i < 0) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0) return -1;
      depth--;
    } else if (c === COMMA && depth === 0) return i;
  }
  return depth === 0 ? limit : -1;
}

/** Index of the quote closing the string that opens at `at`; -1 if none before `limit`. */
function stringEnd(b: Buffer, at: number, limit: number): number {
  let i = at + 1;
  for (;;) {
    i = b.indexOf(QUOTE, i);
    if (i < 0 || i >= limit) return -1;
    let slashes = 0;
    while (b[i - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return i;
    i++;
  }
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(b: Buffer, i: number, end: number): number {
  while (i < end && isSpace(b[i])) i++;
  return i;
}
