/**
 * Safe extraction of an Insights Operator archive (`.tar.gz`) into memory (spec 3): no entry may escape the
 * archive's tree (absolute paths, `..`, links pointing outside), and the entry count, the total
 * uncompressed size and each entry's size are capped. A gzip bomb is refused while inflating (the
 * inflater stops at the cap; nothing past it is ever held). Nothing touches the disk; the files are views
 * of the one inflated buffer (tar.ts), not copies.
 */
import { createGunzip } from 'node:zlib';
import { readTar, TarError } from './tar.js';

export interface ExtractLimits {
  /** Files, folders and links together. */
  maxEntries: number;
  /** Sum of the files' sizes. */
  maxTotalBytes: number;
  /** One file's size. */
  maxEntryBytes: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
};

/** A bad archive: the reason is what the log, the payload tracker and the dead-letter record say. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** The archive's files by normalised path (`config/id`, ...). */
export type ArchiveFiles = Map<string, Buffer>;

/** `a/./b` -> `a/b`; null for absolute paths and any `..` segment (a path escape). */
export function safeEntryPath(name: string): string | null {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.includes('\\') || name.includes('\0')) return null;
  // The usual case: already normal (no empty, `.` or `..` segment, no trailing slash).
  if (name !== '' && !/(?:^|\/)\.{0,2}(?:\/|$)/.test(name)) return name;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.join('/');
}

/** Does a link at `path` pointing to `target` stay inside the archive's tree? */
function linkStaysInside(path: string, target: string, hard: boolean): boolean {
  if (target.startsWith('/')) return false;
  // A hard link's target is relative to the archive's root, a symbolic link's to the link's folder.
  const base = hard ? [] : path.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (base.length === 0) return false;
      base.pop();
    } else base.push(part);
  }
  return true;
}

/**
 * The inflater's output chunk size: the gzip trailer's ISIZE (uncompressed size mod 2^32), so a normal
 * archive inflates into one buffer in one pass (zlib's default 16 KiB chunks cost twice the CPU), bounded
 * to [64 KiB, 16 MiB] since the trailer is the sender's word. `maxOutputLength` still enforces the cap.
 */
function chunkSizeOf(data: Buffer, maxTar: number): number {
  const isize = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
  return Math.max(64 * 1024, Math.min(isize + 1, maxTar + 1, 16 * 1024 * 1024));
}

/**
 * Gunzips `data`, refusing output past `max` bytes (checked per chunk: at most one chunk past the cap is
 * ever held). A normal archive comes out as one chunk, used as is (zlib's one-shot gunzip would copy it).
 */
function inflate(data: Buffer, max: number, chunkSize: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const z = createGunzip({ chunkSize });
    const chunks: Buffer[] = [];
    let size = 0;
    z.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        z.destroy();
        reject(new ArchiveError(`uncompressed archive larger than ${max} bytes (gzip bomb?); refused`));
      } else chunks.push(chunk);
    });
    z.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    z.on('error', (err) => reject(new ArchiveError(`not a valid gzip stream: ${err.message}`)));
    z.end(data);
  });
}

/** Inflates and unpacks `data`; throws ArchiveError with a clear reason for anything refused. */
export async function extractArchive(data: Buffer, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<ArchiveFiles> {
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) throw new ArchiveError('not a gzip archive (bad magic number)');
  // A tar stream holds a 512-byte header per entry, padding to 512 bytes and two end blocks.
  const maxTar = limits.maxTotalBytes + (limits.maxEntries + 2) * 1024;
  const tar = await inflate(data, maxTar, chunkSizeOf(data, maxTar));
  return untar(tar, limits);
}

/** The archive's files; each is a view of `tar` (no copy). */
function untar(tar: Buffer, limits: ExtractLimits): ArchiveFiles {
  const files: ArchiveFiles = new Map();
  let entries = 0;
  let total = 0;
  try {
    readTar(tar, (entry) => {
      entries += 1;
      const path = safeEntryPath(entry.name);
      if (entries > limits.maxEntries) throw new ArchiveError(`more than ${limits.maxEntries} entries in the archive`);
      if (path === null) throw new ArchiveError(`entry '${entry.name}' escapes the archive (absolute path or '..')`);
      if ((entry.type === 'symlink' || entry.type === 'link') && !linkStaysInside(path, entry.linkname, entry.type === 'link')) {
        throw new ArchiveError(
          `${entry.type === 'link' ? 'hard' : 'symbolic'} link '${entry.name}' -> '${entry.linkname}' points outside the archive`,
        );
      }
      // Folders, links inside the tree and special files carry no data the rules read.
      if (entry.type !== 'file') return;
      if (entry.size > limits.maxEntryBytes) {
        throw new ArchiveError(`entry '${path}' is ${entry.size} bytes, over the ${limits.maxEntryBytes}-byte limit per file`);
      }
      total += entry.size;
      if (total > limits.maxTotalBytes) throw new ArchiveError(`archive content over ${limits.maxTotalBytes} bytes uncompressed`);
      if (path !== '') files.set(path, entry.body());
    });
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    if (err instanceof TarError) {
      throw new ArchiveError(entries === 0 ? `not a tar archive (${err.message})` : `not a valid tar archive: ${err.message}`);
    }
    throw err;
  }
  if (entries === 0) throw new ArchiveError('not a tar archive (no entries)');
  return files;
}
