/**
 * An in-memory reader of tar streams (POSIX ustar, PAX extended headers, GNU long names), synchronous and
 * zero-copy: each file's content is a view of the tar buffer, no stream or copy per entry (tar-stream's
 * per-entry streams cost more CPU than inflating the archive). Every header's checksum is verified; a
 * header or content running past the end, a bad size, or a bad checksum is a TarError. The caller's
 * `entry` callback decides what to keep (and enforces the caps).
 */

export class TarError extends Error {
  override name = 'TarError';
}

export interface TarEntry {
  /** The entry's name as written (PAX `path` / GNU long name / ustar prefix + name). */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  /** Content size in bytes (files). */
  size: number;
  linkname: string;
  /** The content (a view of the tar buffer; empty for non-files). */
  body: () => Buffer;
}

const BLOCK = 512;
/** Bigger PAX headers or long names than this are not an Insights Operator archive. */
const MAX_META_BYTES = 1024 * 1024;

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end >= 0 && end < start + length ? end : start + length);
}

/** An octal field (NUL/space terminated), or GNU base-256 when the high bit is set; NaN when malformed. */
function numeric(buf: Buffer, start: number, length: number): number {
  if (buf[start]! & 0x80) {
    let n = 0;
    for (let i = start + 1; i < start + length; i++) n = n * 256 + buf[i]!;
    return buf[start]! === 0x80 ? n : Number.NaN; // negative values (0xff) are not sizes
  }
  let i = start;
  const end = start + length;
  while (i < end && buf[i] === 0x20) i++;
  let n = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return Number.NaN;
    n = n * 8 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? 0 : n;
}

function checksumOk(buf: Buffer, at: number): boolean {
  const stored = numeric(buf, at + 148, 8);
  // The sum of the header's bytes with the checksum field counted as 8 spaces (unsigned; some old writers
  // summed signed bytes).
  let unsigned = 0;
  for (let i = at; i < at + BLOCK; i++) unsigned += buf[i]!;
  let field = 0;
  for (let i = at + 148; i < at + 156; i++) field += buf[i]!;
  unsigned += 8 * 0x20 - field;
  if (stored === unsigned) return true;
  let high = 0; // bytes over 127, each counted 256 lower when signed
  for (let i = at; i < at + BLOCK; i++) if (buf[i]! > 127 && (i < at + 148 || i >= at + 156)) high++;
  return stored === unsigned - 256 * high;
}

function isZeroBlock(buf: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i++) if (buf[i] !== 0) return false;
  return true;
}

/** PAX records (`<len> <key>=<value>\n`). */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    const len = space > i ? Number(data.toString('latin1', i, space)) : Number.NaN;
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) throw new TarError('malformed PAX header');
    const record = data.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += len;
  }
  return out;
}

const TYPES: Record<number, TarEntry['type']> = { 0: 'file', 48: 'file', 55: 'file', 49: 'link', 50: 'symlink', 53: 'directory' };

/**
 * Calls `entry` for each entry in order (PAX and GNU meta entries are applied, not reported). Stops at the
 * end-of-archive block or the buffer's end. Returns the number of entries reported.
 */
export function readTar(tar: Buffer, entry: (e: TarEntry) => void): number {
  let at = 0;
  let count = 0;
  let pax: Map<string, string> | null = null;
  let longName: string | null = null;
  let longLink: string | null = null;
  while (at + BLOCK <= tar.length) {
    if (isZeroBlock(tar, at)) break;
    if (!checksumOk(tar, at)) throw new TarError(`bad header checksum at byte ${at}`);
    const flag = tar[at + 156]!;
    let size = numeric(tar, at + 124, 12);
    if (!Number.isSafeInteger(size) || size < 0) throw new TarError(`bad size field at byte ${at}`);
    const meta = flag === 0x78 || flag === 0x67 || flag === 0x4c || flag === 0x4b; // x g L K
    if (meta && size > MAX_META_BYTES) throw new TarError(`meta entry of ${size} bytes at byte ${at}`);
    if (!meta && pax?.has('size')) size = Number(pax.get('size'));
    if (!Number.isSafeInteger(size) || size < 0) throw new TarError(`bad PAX size at byte ${at}`);
    const h = at;
    const start = h + BLOCK;
    const end = start + size;
    if (end > tar.length) throw new TarError(`entry at byte ${at} runs past the end of the archive`);
    at = start + Math.ceil(size / BLOCK) * BLOCK;
    const data = tar.subarray(start, end);
    if (flag === 0x78) {
      pax = paxRecords(data);
      continue;
    }
    if (flag === 0x67) continue; // global PAX header: nothing we use
    if (flag === 0x4c || flag === 0x4b) {
      const text = cString(data, 0, data.length);
      if (flag === 0x4c) longName = text;
      else longLink = text;
      continue;
    }
    let name = cString(tar, h, 100);
    if (tar.toString('latin1', h + 257, h + 263) === 'ustar\0') {
      const prefix = cString(tar, h + 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    name = pax?.get('path') ?? longName ?? name;
    const linkname = pax?.get('linkpath') ?? longLink ?? cString(tar, h + 157, 100);
    pax = null;
    longName = null;
    longLink = null;
    count++;
    const type = TYPES[flag] ?? 'other';
    entry({ name, type, size: type === 'file' ? size : 0, linkname, body: () => data });
  }
  if (at + BLOCK > tar.length && at < tar.length && !isZeroTail(tar, at)) {
    throw new TarError('unexpected end of data (truncated header)');
  }
  return count;
}

function isZeroTail(buf: Buffer, at: number): boolean {
  for (let i = at; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}
