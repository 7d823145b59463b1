/**
 * Download of an announced archive (spec 2): HTTP GET of the presigned URL with undici, a timeout on the
 * whole exchange, the size cap enforced while streaming (nothing past it is held), only S3 hosts unless
 * `allow_unsafe_links`. Failures are DownloadError: `transient` ones (connection refused, reset, timeout,
 * 5xx, 429) are worth retrying; the others (4xx, bad URL, empty or oversized body) are the archive's fault.
 */
import { request } from 'undici';

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  allowUnsafeLinks: boolean;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** Upstream's check: an AWS S3 host (virtual-hosted or path style, any region), over HTTPS. */
const S3_HOST = /^(?:[a-z0-9.-]+\.)?s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/i;

export function isS3Url(url: URL): boolean {
  return url.protocol === 'https:' && S3_HOST.test(url.hostname);
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export async function downloadArchive(rawUrl: string, opts: DownloadOptions): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new DownloadError(`invalid URL '${rawUrl}'`, false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DownloadError(`unsupported URL scheme '${url.protocol}'`, false);
  if (!opts.allowUnsafeLinks && !isS3Url(url)) {
    throw new DownloadError(`URL host '${url.hostname}' is not an S3 endpoint (allow_unsafe_links is off)`, false);
  }
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const where = `${url.protocol}//${url.host}${url.pathname}`;
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, {
      method: 'GET',
      signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      maxRedirections: 0,
    } as never);
  } catch (err) {
    throw networkError(err, where, opts.timeoutMs);
  }
  if (res.statusCode !== 200) {
    await res.body.dump().catch(() => {});
    const transient = res.statusCode >= 500 || res.statusCode === 429 || res.statusCode === 408;
    throw new DownloadError(`download of ${where} answered HTTP ${res.statusCode}`, transient);
  }
  const declared = Number(res.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.body.destroy();
    throw new DownloadError(`archive of ${declared} bytes is over max_archive_size (${opts.maxBytes} bytes)`, false);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > opts.maxBytes) {
        res.body.destroy();
        throw new DownloadError(`archive is over max_archive_size (${opts.maxBytes} bytes); download stopped`, false);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    throw networkError(err, where, opts.timeoutMs);
  }
  if (size === 0) throw new DownloadError('downloaded archive is empty', false);
  return Buffer.concat(chunks, size);
}

function networkError(err: unknown, where: string, timeoutMs: number): DownloadError {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  if (
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new DownloadError(`download of ${where} timed out after ${timeoutMs} ms`, true);
  }
  const code = e?.code ?? e?.cause?.code ?? '';
  return new DownloadError(
    `download of ${where} failed: ${code ? `${code} ` : ''}${e?.message ?? String(err)}`,
    TRANSIENT_CODES.has(code) || code === '',
  );
}
