// @requires redis
/**
 * `server.use_https` (spec 3.2): the proxy serves TLS with `server.crt` and `server.key` from its working
 * directory (a self-signed certificate made here with openssl, test/helpers/certificates.ts), answers HTTPS
 * clients that trust it, refuses plain HTTP on that port, and refuses to start when the files are missing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeIdentity } from '#common/http/identity.js';
import { silentLogger } from '#common/logger.js';
import { StartError } from '#common/service/shell.js';
import { selfSignedCertificate } from '#test/helpers/certificates.js';
import { redisSettings } from '#test/helpers/redis.js';
import { requestsProxyConfig } from '../requests/test-helpers/proxy-config.js';
import { type RunningProxy, start } from '../service.js';

const dir = mkdtempSync(join(tmpdir(), 'proxy-tls-'));

function config() {
  const c = requestsProxyConfig(redisSettings());
  c.server.use_https = true;
  return c;
}

/** start() with the working directory set to `cwd` (the files are read from it at start only). */
async function startIn(cwd: string): Promise<RunningProxy> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return await start(config(), silentLogger, {} as never);
  } finally {
    process.chdir(previous);
  }
}

function get(url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('server.use_https', () => {
  let proxy: RunningProxy;
  let port = 0;
  const cert = () => readFileSync(join(dir, 'server.crt'));

  before(async () => {
    selfSignedCertificate({ key: join(dir, 'server.key'), cert: join(dir, 'server.crt'), subjectAltName: 'DNS:localhost,IP:127.0.0.1' });
    proxy = await startIn(dir);
    port = (proxy.app.server.address() as { port: number }).port;
  });
  after(async () => {
    await proxy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers HTTPS with the certificate from the working directory', async () => {
    const res = await get(`https://127.0.0.1:${port}/api/v1/`, cert(), { 'x-rh-identity': encodeIdentity(1) });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { status: 'ok' });
    const spec = await get(`https://127.0.0.1:${port}/api/v2/openapi.json`, cert());
    assert.equal(spec.status, 200);
    assert.equal(JSON.parse(spec.body).openapi, '3.0.0');
  });

  it('a client that does not trust the certificate is refused', async () => {
    const other = mkdtempSync(join(tmpdir(), 'proxy-tls-other-'));
    try {
      selfSignedCertificate({ key: join(other, 'k'), cert: join(other, 'c') });
      await assert.rejects(get(`https://127.0.0.1:${port}/api/v1/`, readFileSync(join(other, 'c'))), /self.signed|certificate/i);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('plain HTTP on the TLS port gets no HTTP answer', async () => {
    const outcome = await fetch(`http://127.0.0.1:${port}/api/v1/`).then(
      (r) => r.status,
      () => 'failed',
    );
    assert.notEqual(outcome, 200);
  });

  it('refuses to start when server.crt / server.key are missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'proxy-tls-empty-'));
    try {
      await assert.rejects(startIn(empty), (err: unknown) => err instanceof StartError && /server\.crt/.test((err as Error).message));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
