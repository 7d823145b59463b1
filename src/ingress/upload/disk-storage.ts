/**
 * The embedded profile's archive store (instead of S3): one file per request ID in `storage.directory`, and
 * a download URL served by the ingress itself, `GET {prefix}archives/{id}?expires=..&signature=..`, signed
 * with HMAC-SHA256 like an S3 presigned URL (docs/compatibility.md, "Archives on the local disk"). The
 * pipeline downloads it with its usual HTTP downloader; nothing else on the machine is readable through it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reply, RouteDef } from '#common/http/routes.js';
import type { ArchiveStore } from './storage.js';

export const ARCHIVES_PATH = 'archives/{id}';
const ID = /^[0-9a-f]{32}$/;
const KEY_FILE = '.signing-key';

export interface DiskStoreOptions {
  directory: string;
  /** HMAC key; empty: a random key kept in `<directory>/.signing-key` (so URLs survive a restart). */
  signingKey: string;
  /** Lifetime of a download URL (ms). */
  expiryMs: number;
  /** Largest archive served (bytes); the upload cap already bounds what is stored. */
  maxBytes: number;
}

const forbidden = (text: string): Reply => ({ status: 403, json: { status: text } });

export class DiskArchiveStore implements ArchiveStore {
  readonly #dir: string;
  readonly #key: Buffer;
  readonly #expiryMs: number;
  readonly #maxBytes: number;
  /** `http://host:port{prefix}`, set once the server listens. */
  baseUrl = '';

  constructor(opts: DiskStoreOptions) {
    this.#dir = opts.directory;
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    this.#key = opts.signingKey ? Buffer.from(opts.signingKey) : keyFile(join(this.#dir, KEY_FILE));
    this.#expiryMs = opts.expiryMs;
    this.#maxBytes = opts.maxBytes;
  }

  async put(key: string, body: Buffer): Promise<string> {
    if (!ID.test(key)) throw new Error(`archive key '${key}' is not a request ID`);
    if (!this.baseUrl) throw new Error('archive store: the download base URL is not known yet');
    const path = join(this.#dir, `${key}.tar.gz`);
    const tmp = `${path}.tmp`;
    await writeFile(tmp, body, { mode: 0o600 });
    await rename(tmp, path);
    const expires = Math.floor((Date.now() + this.#expiryMs) / 1000);
    return `${this.baseUrl}archives/${key}?expires=${expires}&signature=${this.#sign(key, expires)}`;
  }

  close(): void {}

  #sign(id: string, expires: number): string {
    return createHmac('sha256', this.#key).update(`${id}.${expires}`).digest('hex');
  }

  /** The download route (no identity: the signature is the credential, as for S3). */
  route(): RouteDef {
    return {
      method: 'GET',
      path: ARCHIVES_PATH,
      auth: false,
      handler: async (ctx) => {
        const id = ctx.params.id ?? '';
        const query = new URLSearchParams(ctx.url.split('?')[1] ?? '');
        const expires = Number(query.get('expires'));
        const given = Buffer.from(query.get('signature') ?? '', 'utf8');
        if (!ID.test(id) || !Number.isInteger(expires)) return forbidden('invalid archive link');
        const wanted = Buffer.from(this.#sign(id, expires), 'utf8');
        if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return forbidden('invalid archive link');
        if (expires * 1000 < Date.now()) return forbidden('archive link expired');
        const path = join(this.#dir, `${id}.tar.gz`);
        const info = await stat(path).catch(() => null);
        if (!info?.isFile()) return { status: 404, json: { status: 'archive not found' } };
        if (info.size > this.#maxBytes) return forbidden('archive over the size limit');
        return { status: 200, raw: await readFile(path), contentType: 'application/octet-stream' };
      },
    };
  }
}

function keyFile(path: string): Buffer {
  if (existsSync(path)) return readFileSync(path);
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: 0o600, flag: 'wx' });
  return key;
}
