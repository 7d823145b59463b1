import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from './server.js';
import { encodeIdentity } from './identity.js';
import { createHttpMetrics, createRegistry } from '../metrics.js';
import { silentLogger } from '../logger.js';
import { notFound } from '../errors.js';
import type { RouteDef } from './routes.js';
import http from 'node:http';

/** A GET with a body (fetch cannot send one), on a fresh connection. */
function rawGet(url: string, body: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', agent: false, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let calls = 0;
const routes: RouteDef[] = [
  { method: 'GET', path: '', handler: async () => ({ json: { status: 'ok' } }) },
  {
    method: 'GET',
    path: 'things/{id}/x',
    options: true,
    handler: async (ctx) => {
      calls++;
      return { json: { id: ctx.params.id, html: '<a&b>', who: ctx.identity?.orgId ?? null, status: 'ok' } };
    },
  },
  { method: 'PUT', path: 'things/{id}/x', handler: async (ctx) => ({ json: { body: ctx.body ?? null, status: 'ok' } }) },
  { method: 'GET', path: 'slash/', handler: async () => ({ json: { status: 'ok' } }) },
  {
    method: 'GET',
    path: 'missing',
    handler: async () => {
      throw notFound(1, 'abc');
    },
  },
  {
    method: 'GET',
    path: 'boom',
    handler: async () => {
      throw new Error('database exploded: secret detail');
    },
  },
  { method: 'GET', path: 'metrics', auth: false, handler: async () => ({ raw: 'm 1\n', contentType: 'text/plain' }) },
];

/** A registry with only the HTTP metric set, as a service builds it. */
function httpMetrics() {
  const registry = createRegistry({ defaultMetrics: false });
  return { registry, ...createHttpMetrics(registry, '') };
}
type TestMetrics = ReturnType<typeof httpMetrics>;

function start(auth: boolean) {
  const metrics = httpMetrics();
  const app = createHttpServer({ prefix: '/api/v1/', routes, logger: silentLogger, metrics, auth, bodyLimit: 1024 });
  return { app, metrics };
}

describe('HTTP server core (spec 4.1, 4.2, 4.6)', () => {
  let app: FastifyInstance;
  let metrics: TestMetrics;
  let base: string;
  before(async () => {
    ({ app, metrics } = start(true));
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/`;
  });
  after(() => app.close());
  const id = { 'x-rh-identity': encodeIdentity(7) };

  it('404 text for an unknown path, 405 empty for a wrong method (HEAD too), no metrics for either', async () => {
    const r404 = await fetch(`${base}nope`, { headers: id });
    assert.equal(r404.status, 404);
    assert.equal(r404.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await r404.text(), '404 page not found\n');
    const r405 = await fetch(`${base}things/1/x`, { method: 'DELETE', headers: id });
    assert.equal(r405.status, 405);
    assert.equal(await r405.text(), '');
    assert.equal((await fetch(`${base}things/1/x`, { method: 'HEAD', headers: id })).status, 405);
    const text = await metrics.registry.metrics();
    assert.doesNotMatch(text, /endpoint="\/api\/v1\/nope"/);
  });

  it('301 to the registered form when the trailing slash differs', async () => {
    const a = await fetch(`${base}things/1/x/?q=1`, { redirect: 'manual', headers: id });
    assert.equal(a.status, 301);
    assert.equal(a.headers.get('location'), '/api/v1/things/1/x?q=1');
    const b = await fetch(`${base}slash`, { redirect: 'manual', headers: id });
    assert.equal(b.status, 301);
    assert.equal(b.headers.get('location'), '/api/v1/slash/');
  });

  it('Go-style JSON: HTML characters escaped, trailing newline, decoded params (| and %7C)', async () => {
    const r = await fetch(`${base}things/a%7Cb/x`, { headers: id });
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(await r.text(), '{"id":"a|b","html":"\\u003ca\\u0026b\\u003e","who":7,"status":"ok"}\n');
  });

  it('401 texts for missing and malformed identities; metrics exempt whatever the query', async () => {
    const missing = await fetch(`${base}things/1/x`);
    assert.equal(missing.status, 401);
    assert.deepEqual(await missing.json(), { status: 'Missing auth token' });
    for (const bad of ['%%%', Buffer.from('not json').toString('base64'), Buffer.from('{"identity":{"org_id":1}}').toString('base64')]) {
      const r = await fetch(`${base}things/1/x`, { headers: { 'x-rh-identity': bad } });
      assert.equal(r.status, 401);
      assert.deepEqual(await r.json(), { status: 'Malformed authentication token' });
    }
    const noOrg = await fetch(`${base}things/1/x`, {
      headers: {
        'x-rh-identity': Buffer.from('{"identity":{"account_number":"5","user":{"username":"u","email":"e","user_id":"9"}}}').toString(
          'base64',
        ),
      },
    });
    assert.equal(noOrg.status, 401);
    assert.deepEqual(await noOrg.json(), {
      status: 'error retrieving requester org_id from token. account_number [5], user data [{Username:u Email:e UserID:9}]',
    });
    assert.equal((await fetch(`${base}metrics?x=1`)).status, 200);
  });

  it('OPTIONS is a CORS preflight: 200, no handler, no auth needed', async () => {
    const before = calls;
    const r = await fetch(`${base}things/1/x`, { method: 'OPTIONS' });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '');
    assert.equal(calls, before);
  });

  it('errors: kinds mapped to the envelope; unexpected errors are a bare 500; bodies limited', async () => {
    const nf = await fetch(`${base}missing`, { headers: id });
    assert.equal(nf.status, 404);
    assert.equal(await nf.text(), '{"status":"Item with ID 1/abc was not found in the storage"}\n');
    const boom = await fetch(`${base}boom`, { headers: id });
    assert.equal(boom.status, 500);
    assert.deepEqual(await boom.json(), { status: 'Internal Server Error' });
    const big = await fetch(`${base}things/1/x`, {
      method: 'PUT',
      headers: { ...id, 'content-type': 'application/json' },
      body: 'x'.repeat(2048),
    });
    assert.equal(big.status, 413);
    const raw = await fetch(`${base}things/1/x`, { method: 'PUT', headers: id, body: '{"a":1}' });
    assert.deepEqual(await raw.json(), { body: '{"a":1}', status: 'ok' });
  });

  it('counts requests and status codes per route template', async () => {
    await fetch(`${base}things/77/x`, { headers: id });
    const text = await metrics.registry.metrics();
    assert.match(text, /api_endpoints_requests\{endpoint="\/api\/v1\/things\/\{id\}\/x"\} \d+/);
    assert.match(text, /api_endpoints_status_codes\{status_code="200",endpoint="\/api\/v1\/things\/\{id\}\/x"\} \d+/);
  });
});

describe('HTTP server core: oversized bodies on GET', () => {
  it('answers 413 and closes the connection, so the next request on a new connection works', async () => {
    const metrics = httpMetrics();
    const app = createHttpServer({
      prefix: '/p/',
      logger: silentLogger,
      metrics,
      auth: false,
      bodyLimit: 1024,
      routes: [{ method: 'GET', path: 'x', bodyOnGet: true, handler: async (ctx) => ({ json: { size: ctx.body?.length ?? 0 } }) }],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/p/x`;
    try {
      const big = await rawGet(base, 'y'.repeat(4096));
      assert.equal(big.status, 413);
      assert.equal(big.headers.connection, 'close');
      const small = await rawGet(base, 'abc');
      assert.equal(small.status, 200);
      assert.deepEqual(JSON.parse(small.body), { size: 3 });
    } finally {
      await app.close();
    }
  });
});
