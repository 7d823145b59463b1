/**
 * The proxy's outbound HTTP client (http.ts) against real node:http servers: the request target is what the
 * URL parser gives for the joined URL, answers come back whole, and the total timeout
 * (`services.upstream_timeout`, a deliberate fix) ends every call that has no complete answer in time,
 * whether it waits for headers, receives a body that never ends, or waits for a connection of its pool.
 * Each failure is an UpstreamUnavailable with the upstream's 503 text; the upstream stays usable.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Upstream, UpstreamUnavailable } from './http.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void,
): Promise<{ server: Server; origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      handler(req, res, s);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function closed(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

async function unavailable(call: Promise<unknown>, text: string): Promise<UpstreamUnavailable> {
  const err = await call.then(
    () => assert.fail('the call should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof UpstreamUnavailable, String(err));
  assert.equal(err.message, text);
  assert.equal(err.kind, 'unavailable');
  return err;
}

describe('upstream HTTP client', () => {
  let echo: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    echo = await serve((req, res, seen) => {
      if (req.url?.startsWith('/api/v1/chunks')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-twice': ['a', 'b'] });
        res.write('first,');
        setImmediate(() => res.end('second,third'));
        return;
      }
      res.writeHead(req.url?.includes('missing') ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: seen.method, url: seen.url, body: seen.body, type: seen.headers['content-type'] ?? null }));
    });
  });
  after(() => closed(echo.server));

  it('sends method, headers and body to the URL parser’s target, and returns status, headers and the whole body', async () => {
    const up = new Upstream(`${echo.origin}/api/v1/`, 'Echo is unreachable', 5_000);
    try {
      const paths = [
        'organizations/1/clusters/c/users/u%7Cx/report',
        'subscriptions?search=external_cluster_id%20%3D%20%27c%27&size=2',
        'rules/a|b/x',
        'odd path/{x}/"q"/^',
        'a/./b/../c',
        'a/%2e%2E/d',
        "q?x='y'",
        `${echo.origin}/absolute/path?z=1`,
      ];
      for (const path of paths) {
        const res = await up.call(path);
        assert.equal(res.status, 200);
        const url = new URL(up.url(path));
        assert.equal(res.json<{ url: string }>().url, url.pathname + url.search, path);
      }
      const posted = await up.call('things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '["é"]' });
      assert.deepEqual(posted.json(), { method: 'POST', url: '/api/v1/things', body: '["é"]', type: 'application/json' });
      const missing = await up.call('missing');
      assert.equal(missing.status, 404);
      assert.equal(missing.headers['content-type'], 'application/json');
      const chunked = await up.call('chunks');
      assert.equal(chunked.text(), 'first,second,third');
      assert.equal(chunked.body.toString('latin1'), 'first,second,third');
      assert.equal(chunked.headers['content-type'], 'text/plain');
      assert.deepEqual(chunked.headers['x-twice'], ['a', 'b']);
    } finally {
      await up.close();
    }
  });

  it('a base without a trailing slash and an empty path', async () => {
    const up = new Upstream(`${echo.origin}/token`, 'Echo is unreachable', 5_000);
    try {
      assert.equal((await up.call('')).json<{ url: string }>().url, '/token');
      assert.equal((await up.call('more')).json<{ url: string }>().url, '/token/more');
    } finally {
      await up.close();
    }
  });

  it('a refused connection is the upstream’s 503 text', async () => {
    const gone = await serve(() => undefined);
    await closed(gone.server);
    const up = new Upstream(`${gone.origin}/`, 'Gone service is unreachable', 5_000);
    try {
      await unavailable(up.call('x'), 'Gone service is unreachable');
    } finally {
      await up.close();
    }
  });

  it('the total timeout ends a call without headers, one whose body never ends, and one queued behind another', async () => {
    const stalls = await serve((req, res) => {
      if (req.url === '/ok') {
        res.end('fine');
        return;
      }
      if (req.url === '/silent') return; // never answers
      // Headers, then a byte every 20 ms: no idle timeout of the body would ever fire.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const tick = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(tick));
    });
    const up = new Upstream(`${stalls.origin}/`, 'Slow service is unreachable', 300, 1);
    try {
      await unavailable(up.call('silent'), 'Slow service is unreachable');
      const trickle = await unavailable(up.call('trickle'), 'Slow service is unreachable');
      assert.equal((trickle.cause as Error).name, 'TimeoutError');
      // One connection: the second call waits behind the first and gets its own timeout all the same.
      const [first, queued] = await Promise.allSettled([up.call('trickle'), up.call('silent')]);
      for (const settled of [first, queued]) {
        assert.equal(settled.status, 'rejected');
        assert.ok((settled as PromiseRejectedResult).reason instanceof UpstreamUnavailable);
      }
      // The upstream is still usable afterwards.
      const res = await up.call('ok');
      assert.equal(res.text(), 'fine');
    } finally {
      await closed(stalls.server);
      await up.close();
    }
  });
});
