/**
 * The two servers of the built console (src/common/http/static-site.ts behind both): the launcher's console
 * server (src/tools/launcher/console-server.ts: `/`, cache headers, 400 for a bad escape, a text when the
 * console is not built) and the dev gateway (web-console/dev/gateway.ts: under a base path, 404 as JSON).
 * Each: the files with their content types, index.html for client-side routes, 404 for a missing asset and
 * for a path leaving the folder, console-config.js never cached. Requests are sent raw (node:http), so the
 * paths reach the servers as written.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startConsoleServer } from '../../src/tools/launcher/console-server.js';
import { startGateway } from '../../web-console/dev/gateway.js';

interface Answer {
  status: number;
  type: string | undefined;
  cache: string | undefined;
  body: string;
}

function send(base: string, path: string, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          cache: res.headers['cache-control'],
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const INDEX = '<!doctype html><title>console</title>';
const APP = 'console.log(1);';
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const ok = (type: string, cache: string | undefined, body: string): Answer => ({ status: 200, type, cache, body });
const status = (code: number): Answer => ({ status: code, type: undefined, cache: undefined, body: '' });

describe('serving the built console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-site-'));
  const dist = join(dir, 'dist');
  const closers: (() => Promise<void>)[] = [];
  let launcher = '';
  let unbuilt = '';
  let gateway = '';
  let bare = '';

  before(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets/app-1234.js'), APP);
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    writeFileSync(join(dist, 'data.bin'), 'bin');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const options = {
      host: '127.0.0.1',
      port: 0,
      proxyOrigin: 'http://127.0.0.1:9',
      ingressOrigin: 'http://127.0.0.1:9',
      identity: { org_id: '1', user_id: '1' },
    };
    const servers = [
      await startConsoleServer({ ...options, distDir: dist }),
      await startConsoleServer({ ...options, distDir: join(dir, 'missing') }),
      await startGateway({ site: { distDir: dist, basePath: '/console/', consoleConfig: 'window.x = 1;\n' }, routes: [] }),
      await startGateway({ site: { basePath: '/', consoleConfig: 'window.y = 2;\n' }, routes: [] }),
    ];
    closers.push(...servers.map((s) => s.close));
    [launcher, unbuilt, gateway, bare] = servers.map((s) => s.url);
  });
  after(async () => {
    for (const close of closers) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('launcher: files with their types, hashed assets cached for good, everything else revalidated', async () => {
    assert.deepEqual(await send(launcher, '/'), ok(HTML, 'no-cache', INDEX));
    assert.deepEqual(await send(launcher, '/index.html'), ok(HTML, 'no-cache', INDEX));
    assert.deepEqual(await send(launcher, '/assets/app-1234.js?v=1'), ok(JS, IMMUTABLE, APP));
    assert.deepEqual(await send(launcher, '/assets/app%2D1234.js'), ok(JS, IMMUTABLE, APP));
    assert.deepEqual(await send(launcher, '/favicon.svg'), ok('image/svg+xml', 'no-cache', '<svg/>'));
    assert.deepEqual(await send(launcher, '/data.bin'), ok('application/octet-stream', 'no-cache', 'bin'));
  });

  it('launcher: client-side routes get index.html, missing assets and paths leaving dist/ 404, bad escapes 400', async () => {
    assert.deepEqual(await send(launcher, '/clusters/abc?x=1'), ok(HTML, 'no-cache', INDEX));
    assert.deepEqual(await send(launcher, '/assets'), ok(HTML, 'no-cache', INDEX));
    assert.deepEqual(await send(launcher, '/assets/missing.js'), status(404));
    assert.deepEqual(await send(launcher, '/../secret.txt'), status(404));
    assert.deepEqual(await send(launcher, '/%2e%2e/secret.txt'), status(404));
    assert.deepEqual(await send(launcher, '/%E0%A4%A'), status(400));
    assert.equal((await send(launcher, '/', 'POST')).status, 405);
  });

  it('launcher: console-config.js carries the identity, never cached; without a build a text says how to build', async () => {
    const config = await send(launcher, '/console-config.js');
    assert.deepEqual([config.status, config.type, config.cache], [200, JS, 'no-store']);
    assert.match(config.body, /^window\.insightsConsoleConfig = \{.*"identity":\{"org_id":"1","user_id":"1"\}/);
    assert.deepEqual(await send(unbuilt, '/clusters'), {
      status: 404,
      type: 'text/plain; charset=utf-8',
      cache: undefined,
      body: 'The web console is not built: npm run build:console\n',
    });
    assert.deepEqual(await send(unbuilt, '/assets/app.js'), status(404));
    assert.equal((await send(unbuilt, '/console-config.js')).status, 200);
  });

  it('gateway: files under the base path, index.html for client-side routes, JSON 404 otherwise', async () => {
    const notFound = { status: 404, type: 'application/json; charset=utf-8', cache: undefined, body: '{"status":"page not found"}' };
    assert.deepEqual(await send(gateway, '/console/'), ok(HTML, undefined, INDEX));
    assert.deepEqual(await send(gateway, '/console/clusters/abc'), ok(HTML, undefined, INDEX));
    assert.deepEqual(await send(gateway, '/console/assets/app-1234.js'), ok(JS, undefined, APP));
    assert.deepEqual(await send(gateway, '/console/favicon.svg'), ok('image/svg+xml', undefined, '<svg/>'));
    assert.deepEqual(await send(gateway, '/console/console-config.js'), ok(JS, 'no-store', 'window.x = 1;\n'));
    assert.deepEqual(await send(gateway, '/console/assets/missing.js'), notFound);
    assert.deepEqual(await send(gateway, '/console/../secret.txt'), notFound);
    assert.deepEqual(await send(gateway, '/elsewhere'), notFound);
    assert.deepEqual(await send(gateway, '/console/', 'POST'), notFound);
  });

  it('gateway without a build: only console-config.js', async () => {
    assert.deepEqual(await send(bare, '/console-config.js'), ok(JS, 'no-store', 'window.y = 2;\n'));
    assert.equal((await send(bare, '/')).status, 404);
  });
});
