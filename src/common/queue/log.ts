/**
 * The on-disk layout of the folder-backed queue (the Kafka stand-in of the embedded profile):
 *
 *   <dir>/<topic>/<segment>.log          one append-only segment per producer process (one record a line)
 *   <dir>/<topic>/.offsets/<group>.json  the group's committed byte positions per segment (temp + rename)
 *
 * A record is one JSON line `{"t":ms,"k":b64|null,"v":b64|null,"h":[[name,b64|null]...]}` written with ONE
 * write call by the only process appending to that segment, so lines never interleave; a reader takes only
 * complete lines (a line cut by a crash is never delivered, and the next record starts on a fresh line).
 * A segment is a partition: its number is its rank in the sorted segment names (names start with the
 * creation time, so the numbering is stable while segments are kept). Offsets are byte positions.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaMessage } from '../kafka/types.js';

export const FILE_SCHEME = 'file:';

/** The queue folder when the broker address is `file:<dir>` (the only address), else null. */
export function queueDirOf(brokers: readonly string[]): string | null {
  const file = brokers.find((b) => b.startsWith(FILE_SCHEME));
  if (!file) return null;
  if (brokers.length > 1) throw new Error(`queue: a file: broker address cannot be mixed with others (${brokers.join(',')})`);
  const dir = file.slice(FILE_SCHEME.length).replace(/^\/\/(?=\/)/, '');
  if (!dir) throw new Error('queue: the file: broker address names no folder');
  return dir;
}

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

export function topicDir(dir: string, topic: string): string {
  if (!TOPIC.test(topic) || topic === '.' || topic === '..') throw new Error(`queue: invalid topic name '${topic}'`);
  const path = join(dir, topic);
  mkdirSync(join(path, '.offsets'), { recursive: true });
  return path;
}

export function newSegmentName(): string {
  return `${Date.now().toString().padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.log`;
}

export function listSegments(topicPath: string): string[] {
  return readdirSync(topicPath)
    .filter((n) => n.endsWith('.log'))
    .sort();
}

export interface Record {
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: [string, Buffer | null][];
}

const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
const unb64 = (s: string | null | undefined) => (s === null || s === undefined ? null : Buffer.from(s, 'base64'));

export function encodeRecord(r: Record): string {
  const line: { t: number; k: string | null; v: string | null; h?: [string, string | null][] } = {
    t: r.timestamp,
    k: b64(r.key),
    v: b64(r.value),
  };
  if (r.headers && r.headers.length > 0) line.h = r.headers.map(([k, v]) => [k, b64(v)]);
  return `${JSON.stringify(line)}\n`;
}

interface Line {
  t: number;
  k?: string | null;
  v?: string | null;
  h?: [string, string | null][];
}

export interface ReadResult {
  messages: KafkaMessage[];
  /** Byte position after the last complete line read. */
  next: number;
}

/**
 * Reads complete records of a segment from byte `from`: at most `max` records and about `maxBytes` bytes
 * (at least one record whatever its size). A line that is not a record (torn by a crash) is skipped.
 */
export async function readSegment(
  path: string,
  from: number,
  where: { topic: string; partition: number },
  max: number,
  maxBytes: number,
): Promise<ReadResult> {
  const fh = await open(path, 'r');
  try {
    const messages: KafkaMessage[] = [];
    let pos = from;
    let pending = Buffer.alloc(0);
    let chunkSize = Math.max(64 * 1024, Math.min(maxBytes, 4 * 1024 * 1024));
    for (;;) {
      const buf = Buffer.alloc(chunkSize);
      const { bytesRead } = await fh.read(buf, 0, chunkSize, pos + pending.length);
      if (bytesRead === 0) break;
      pending = pending.length ? Buffer.concat([pending, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let start = 0;
      for (;;) {
        const nl = pending.indexOf(10, start);
        if (nl < 0) break;
        const offset = pos + start;
        const text = pending.subarray(start, nl).toString('utf8');
        start = nl + 1;
        const m = parseLine(text, offset, where);
        if (m) messages.push(m);
        if (messages.length >= max || start >= maxBytes) break;
      }
      pos += start;
      pending = pending.subarray(start);
      if (messages.length >= max || (start > 0 && pos - from >= maxBytes)) break;
      if (start === 0) chunkSize *= 2; // one record longer than the chunk: read more of it
    }
    return { messages, next: pos };
  } finally {
    await fh.close();
  }
}

function parseLine(text: string, offset: number, where: { topic: string; partition: number }): KafkaMessage | null {
  let line: Line;
  try {
    line = JSON.parse(text) as Line;
  } catch {
    return null;
  }
  if (typeof line !== 'object' || line === null || typeof line.t !== 'number') return null;
  const m: KafkaMessage = {
    topic: where.topic,
    partition: where.partition,
    offset: BigInt(offset),
    key: unb64(line.k),
    value: unb64(line.v),
    timestamp: new Date(line.t),
  };
  if (Array.isArray(line.h)) m.headers = line.h.map(([k, v]) => [k, unb64(v)]);
  return m;
}

export type Offsets = { [segment: string]: number };

export async function readOffsets(topicPath: string, group: string): Promise<Offsets> {
  try {
    const parsed = JSON.parse(await readFile(offsetsPath(topicPath, group), 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Offsets) : {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** Atomic commit: the whole map written to a temp file, then renamed over the previous one. */
export async function writeOffsets(topicPath: string, group: string, offsets: Offsets): Promise<void> {
  const path = offsetsPath(topicPath, group);
  const tmp = `${path}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(offsets));
  await rename(tmp, path);
}

function offsetsPath(topicPath: string, group: string): string {
  if (!TOPIC.test(group)) throw new Error(`queue: invalid consumer group name '${group}'`);
  return join(topicPath, '.offsets', `${group}.json`);
}
