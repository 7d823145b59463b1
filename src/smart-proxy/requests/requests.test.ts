// @requires redis
/**
 * V2-12 on a plain platform server (common/http) over real HTTP and the real Redis (test database, own
 * org IDs): every route's success and error paths, auth on and off, Redis down (503 on these routes,
 * another route unaffected) and back (answers again, no restart).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { callAs, routesServer } from '#test/helpers/routes-server.js';
import type { Redis } from 'ioredis';
import { silentLogger } from '#common/logger.js';
import type { RouteDef } from '#common/http/routes.js';
import { createRedisClient, waitReady } from '#common/redis/client.js';
import { reportsKey, requestKey } from '#contracts/requests.js';
import { PrivateRedis, deleteOrgKeys, redisSettings, testRedis, uniqueOrg } from '#test/helpers/redis.js';
import { REQUEST_ID_NOT_FOUND, REQUESTS_NOT_FOUND, requestRoutes, type RequestRouteDeps } from './routes.js';
import { REDIS_UNAVAILABLE, RequestStore } from './store.js';

const PREFIX = '/api/v2/';
const CLUSTER = 'ee7d2bf4-8933-4a3a-8634-3328fe806e08';
const ACKED = 'ccx_rules_ocp.external.rules.acked|ACKED_KEY';
const DISABLED = 'ccx_rules_ocp.external.rules.disabled|DISABLED_KEY';
const SHOWN = 'ccx_rules_ocp.external.rules.shown|SHOWN_KEY';
const NO_CONTENT = 'ccx_rules_ocp.external.rules.unknown|NO_CONTENT';

async function seed(client: Redis, org: number, cluster: string, id: string, hits: string, withHash = true): Promise<void> {
  await client.set(requestKey(org, cluster, id), '', 'EX', 600);
  if (!withHash) return;
  await client.hset(reportsKey(org, cluster, id), {
    request_id: id,
    cluster_id: cluster,
    org_id: String(org),
    received_timestamp: `2026-11-30T10:00:00Z`,
    processed_timestamp: `2026-11-30T10:00:05.123456789Z`,
    rule_hits: hits,
  });
  await client.expire(reportsKey(org, cluster, id), 600);
}

function server(store: RequestStore, auth: boolean, extra: RouteDef[] = []): FastifyInstance {
  const deps: RequestRouteDeps = {
    store,
    ackedRules: async () => new Set([ACKED]),
    disabledRules: async (_org, cluster) => new Set(cluster === CLUSTER ? [DISABLED] : []),
    ruleContent: async (id) => (id === NO_CONTENT ? undefined : { generic: `generic of ${id}`, total_risk: 3 }),
  };
  return routesServer(PREFIX, [...requestRoutes(deps), ...extra], auth);
}

const call = (app: FastifyInstance, method: 'GET' | 'POST', path: string, org: number | null, body?: string) =>
  callAs(app, method, PREFIX + path, org, body);

describe('on-demand gathering routes', () => {
  const org = uniqueOrg();
  let plain: Redis;
  let client: Redis;
  let app: FastifyInstance;
  let noAuth: FastifyInstance;

  before(async () => {
    plain = testRedis();
    client = createRedisClient(redisSettings(), silentLogger);
    assert.ok(await waitReady(client, 10_000));
    const store = new RequestStore(client);
    app = server(store, true);
    noAuth = server(store, false);
    await app.listen({ host: '127.0.0.1', port: 0 });
    await noAuth.listen({ host: '127.0.0.1', port: 0 });
    await seed(plain, org, CLUSTER, 'req1', `${ACKED},${SHOWN},${DISABLED},${NO_CONTENT},not-a-rule`);
    await seed(plain, org, CLUSTER, 'req2', '');
    await seed(plain, org, CLUSTER, 'expired', '', false);
  });

  after(async () => {
    await app?.close();
    await noAuth?.close();
    await deleteOrgKeys(plain, org);
    client.disconnect();
    plain.disconnect();
  });

  it('GET requests: the stored requests with their timestamps, records whose hash expired left out', async () => {
    const res = await call(app, 'GET', `cluster/${CLUSTER}/requests`, org);
    assert.equal(res.status, 200);
    assert.equal(res.json?.cluster, CLUSTER);
    assert.equal(res.json?.status, 'ok');
    const requests = ((res.json?.requests ?? []) as { requestID: string }[]).sort((a, b) => a.requestID.localeCompare(b.requestID));
    assert.deepEqual(requests, [
      { requestID: 'req1', valid: true, received: '2026-11-30T10:00:00Z', processed: '2026-11-30T10:00:05.123456789Z' },
      { requestID: 'req2', valid: true, received: '2026-11-30T10:00:00Z', processed: '2026-11-30T10:00:05.123456789Z' },
    ]);
  });

  it('GET requests: 404 for a cluster without requests, and for another org', async () => {
    const other = await call(app, 'GET', 'cluster/5d5892d3-1f74-4ccf-91af-548dfc9767aa/requests', org);
    assert.deepEqual(other, { status: 404, json: { status: REQUESTS_NOT_FOUND } });
    const otherOrg = await call(app, 'GET', `cluster/${CLUSTER}/requests`, org + 1);
    assert.equal(otherOrg.status, 404);
  });

  it('POST requests: one entry per listed ID, unknown ones not valid', async () => {
    const res = await call(app, 'POST', `cluster/${CLUSTER}/requests`, org, '["req2","unknown1"]');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      cluster: CLUSTER,
      requests: [
        { requestID: 'req2', valid: true, received: '2026-11-30T10:00:00Z', processed: '2026-11-30T10:00:05.123456789Z' },
        { requestID: 'unknown1', valid: false, received: '', processed: '' },
      ],
      status: 'ok',
    });
  });

  it('POST requests: body errors', async () => {
    assert.deepEqual(await call(app, 'POST', `cluster/${CLUSTER}/requests`, org), {
      status: 400,
      json: { status: "client didn't provide request body" },
    });
    assert.deepEqual(await call(app, 'POST', `cluster/${CLUSTER}/requests`, org, '["req2"'), {
      status: 400,
      json: { status: "client didn't provide a valid request body" },
    });
    assert.deepEqual(await call(app, 'POST', `cluster/${CLUSTER}/requests`, org, '{"a":1}'), {
      status: 400,
      json: { status: "client didn't provide a valid request body" },
    });
    assert.deepEqual(await call(app, 'POST', `cluster/${CLUSTER}/requests`, org, '["req-2"]'), {
      status: 400,
      json: { status: "Error during parsing param 'request_id' with value 'req-2'. Error: 'invalid request ID: 'req-2''" },
    });
  });

  it('status: processed when the marker exists, 404 otherwise, 400 for a bad ID or cluster', async () => {
    assert.deepEqual(await call(app, 'GET', `cluster/${CLUSTER}/request/req1/status`, org), {
      status: 200,
      json: { cluster: CLUSTER, requestID: 'req1', status: 'processed' },
    });
    assert.deepEqual(await call(app, 'GET', `cluster/${CLUSTER}/request/expired/status`, org), {
      status: 200,
      json: { cluster: CLUSTER, requestID: 'expired', status: 'processed' },
    });
    assert.deepEqual(await call(app, 'GET', `cluster/${CLUSTER}/request/nothere/status`, org), {
      status: 404,
      json: { status: REQUEST_ID_NOT_FOUND },
    });
    assert.equal((await call(app, 'GET', `cluster/${CLUSTER}/request/b%20ad/status`, org)).status, 400);
    assert.deepEqual(await call(app, 'GET', 'cluster/foo/request/req1/status', org), {
      status: 400,
      json: { status: "Error during parsing param 'cluster' with value 'foo'. Error: 'invalid UUID length: 3'" },
    });
  });

  it('report: acked, disabled, content-less and invalid hits removed; description is the generic text', async () => {
    assert.deepEqual(await call(app, 'GET', `cluster/${CLUSTER}/request/req1/report`, org), {
      status: 200,
      json: {
        cluster: CLUSTER,
        requestID: 'req1',
        status: 'processed',
        report: [
          { rule_fqdn: 'ccx_rules_ocp.external.rules.shown', error_key: 'SHOWN_KEY', description: `generic of ${SHOWN}`, total_risk: 3 },
        ],
      },
    });
    assert.deepEqual((await call(app, 'GET', `cluster/${CLUSTER}/request/req2/report`, org)).json?.report, []);
    assert.deepEqual(await call(app, 'GET', `cluster/${CLUSTER}/request/expired/report`, org), {
      status: 404,
      json: { status: 'Item with ID expired was not found in the storage' },
    });
  });

  it('auth: no token is 403; with auth off every route answers 403 token is not provided', async () => {
    assert.equal((await call(app, 'GET', `cluster/${CLUSTER}/requests`, null)).status, 403);
    for (const [method, path] of [
      ['GET', `cluster/${CLUSTER}/requests`],
      ['POST', `cluster/${CLUSTER}/requests`],
      ['GET', `cluster/${CLUSTER}/request/req1/status`],
      ['GET', `cluster/${CLUSTER}/request/req1/report`],
    ] as const) {
      assert.deepEqual(await call(noAuth, method, path, org, '["req1"]'), { status: 403, json: { status: 'token is not provided' } }, path);
    }
  });
});

describe('on-demand gathering routes with Redis down and back', () => {
  let redis: PrivateRedis;
  let client: Redis;
  let app: FastifyInstance;

  before(async () => {
    redis = await PrivateRedis.create();
    client = createRedisClient({ ...redisSettings(redis.port, '127.0.0.1'), database: 0 }, silentLogger);
    assert.ok(await waitReady(client, 10_000));
    await seed(client, 1, CLUSTER, 'req1', SHOWN);
    const other: RouteDef = { method: 'GET', path: 'other', handler: async () => ({ json: { status: 'ok' } }) };
    app = server(new RequestStore(client), true, [other]);
    await app.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    await app?.close();
    client.disconnect();
    await redis.stop();
  });

  it('503 with a clear text on the four routes, the rest of the API unaffected, then answers again', { timeout: 60_000 }, async () => {
    assert.equal((await call(app, 'GET', `cluster/${CLUSTER}/request/req1/status`, 1)).status, 200);
    await redis.stop();
    for (const [method, path] of [
      ['GET', `cluster/${CLUSTER}/requests`],
      ['POST', `cluster/${CLUSTER}/requests`],
      ['GET', `cluster/${CLUSTER}/request/req1/status`],
      ['GET', `cluster/${CLUSTER}/request/req1/report`],
    ] as const) {
      assert.deepEqual(await call(app, method, path, 1, '["req1"]'), { status: 503, json: { status: REDIS_UNAVAILABLE } }, path);
    }
    assert.deepEqual(await call(app, 'GET', 'other', 1), { status: 200, json: { status: 'ok' } });
    await redis.start();
    assert.ok(await waitReady(client, 20_000), 'the client reconnects by itself');
    await seed(client, 1, CLUSTER, 'req1', SHOWN); // the private server keeps nothing across restarts
    assert.deepEqual(await call(app, 'GET', `cluster/${CLUSTER}/request/req1/status`, 1), {
      status: 200,
      json: { cluster: CLUSTER, requestID: 'req1', status: 'processed' },
    });
  });
});
