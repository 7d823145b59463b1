/**
 * Safe extraction of an Insights Operator archive (`.tar.gz`) into memory (spec 3): no entry may escape the
 * archive's tree (absolute paths, `..`, links pointing outside), and the entry count, the total
 * uncompressed size and each entry's size are capped. A gzip bomb is refused while inflating (the
 * inflater stops at the cap; nothing past it is ever held). Nothing touches the disk.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';

const gunzipAsync = promisify(gunzip);

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

/** Inflates and unpacks `data`; throws ArchiveError with a clear reason for anything refused. */
export async function extractArchive(data: Buffer, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<ArchiveFiles> {
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) throw new ArchiveError('not a gzip archive (bad magic number)');
  // A tar stream holds a 512-byte header per entry, padding to 512 bytes and two end blocks.
  const maxTar = limits.maxTotalBytes + (limits.maxEntries + 2) * 1024;
  let tar: Buffer;
  try {
    tar = await gunzipAsync(data, { maxOutputLength: maxTar });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ArchiveError(`uncompressed archive larger than ${maxTar} bytes (gzip bomb?); refused`);
    }
    throw new ArchiveError(`not a valid gzip stream: ${e.message}`);
  }
  return untar(tar, limits);
}

function untar(tar: Buffer, limits: ExtractLimits): Promise<ArchiveFiles> {
  return new Promise<ArchiveFiles>((resolve, reject) => {
    const files: ArchiveFiles = new Map();
    const ex = tarExtract();
    let entries = 0;
    let total = 0;
    let failed = false;
    const fail = (reason: string) => {
      if (failed) return;
      failed = true;
      ex.destroy();
      reject(new ArchiveError(reason));
    };
    ex.on('entry', (header, stream, next) => {
      entries += 1;
      const path = safeEntryPath(header.name);
      if (entries > limits.maxEntries) return fail(`more than ${limits.maxEntries} entries in the archive`);
      if (path === null) return fail(`entry '${header.name}' escapes the archive (absolute path or '..')`);
      if ((header.type === 'symlink' || header.type === 'link') && !linkStaysInside(path, header.linkname ?? '', header.type === 'link')) {
        return fail(
          `${header.type === 'link' ? 'hard' : 'symbolic'} link '${header.name}' -> '${header.linkname}' points outside the archive`,
        );
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        // Folders and links inside the tree carry no data the rules read.
        stream.on('end', () => next());
        stream.resume();
        return;
      }
      const size = header.size ?? 0;
      if (size > limits.maxEntryBytes)
        return fail(`entry '${path}' is ${size} bytes, over the ${limits.maxEntryBytes}-byte limit per file`);
      total += size;
      if (total > limits.maxTotalBytes) return fail(`archive content over ${limits.maxTotalBytes} bytes uncompressed`);
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (path !== '') files.set(path, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        next();
      });
    });
    ex.on('finish', () => {
      if (failed) return;
      if (entries === 0) fail('not a tar archive (no entries)');
      else resolve(files);
    });
    ex.on('error', (err: Error) => fail(`not a valid tar archive: ${err.message}`));
    ex.end(tar);
  });
}
