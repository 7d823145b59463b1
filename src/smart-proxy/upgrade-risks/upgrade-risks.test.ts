/**
 * V2-11 on a plain platform server over real HTTP, against the fake data-engineering service
 * (test/fakes/upgrade-risks.ts, its real HTTP contract): success and every error path, auth on and off,
 * the managed-cluster rule, the 100-cluster limit, ownership of the POST, the service down or too slow.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { callAs, routesServer } from '#test/helpers/routes-server.js';
import { notFound } from '#common/errors.js';
import { FakeUpgradeRisks, NO_DATA, samplePrediction } from '#test/fakes/upgrade-risks.js';
import { UNREACHABLE, Upstream } from '../upstream/http.js';
import { TOO_MANY_CLUSTERS, type UpgradeRisksDeps, upgradeRisksRoutes } from './routes.js';

const PREFIX = '/api/v2/';
const ORG = 42;
const MINE = '34c3ecc5-624a-49a5-bab8-4fdc5e51a266';
const MANAGED = '2b9195d4-85d4-428f-944b-4b46f08911f8';
const NO_DATA_CLUSTER = 'aae0ff10-9892-4572-b77f-73eb3e39825f';
const FOREIGN = 'ee7d2bf4-8933-4a3a-8634-3328fe806e08';
const OWNED = [MINE, MANAGED, NO_DATA_CLUSTER];

function server(deps: UpgradeRisksDeps, auth = true): FastifyInstance {
  return routesServer(PREFIX, upgradeRisksRoutes(deps), auth);
}

const call = (app: FastifyInstance, method: 'GET' | 'POST', path: string, org: number | null, body?: string) =>
  callAs(app, method, PREFIX + path, org, body);

describe('upgrade risks prediction routes', () => {
  const fake = new FakeUpgradeRisks();
  const apps: FastifyInstance[] = [];
  let app: FastifyInstance;
  let noAms: FastifyInstance;
  let noAuth: FastifyInstance;
  let slow: FastifyInstance;
  let down: FastifyInstance;

  const deps = (service: Upstream, ams = true): UpgradeRisksDeps => ({
    service,
    clusterInOrg: ams
      ? async (org, cluster) => {
          if (org !== ORG || !OWNED.includes(cluster)) throw notFound(cluster);
          return { managed: cluster === MANAGED };
        }
      : null,
    orgClusters: ams ? async (org) => (org === ORG ? OWNED : []) : null,
  });

  before(async () => {
    await fake.start();
    fake.predictions.set(MINE, samplePrediction(false));
    fake.predictions.set(MANAGED, samplePrediction(true));
    fake.predictions.set(FOREIGN, samplePrediction(true));
    const service = new Upstream(fake.url, UNREACHABLE.upgradeRisks, 5000);
    app = server(deps(service));
    noAms = server(deps(service, false));
    noAuth = server(deps(service), false);
    slow = server(deps(new Upstream(fake.url, UNREACHABLE.upgradeRisks, 200)));
    down = server(deps(new Upstream('http://127.0.0.1:1/', UNREACHABLE.upgradeRisks, 1000)));
    apps.push(app, noAms, noAuth, slow, down);
    for (const a of apps) await a.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    for (const a of apps) await a.close();
    await fake.stop();
  });

  it('GET: the prediction of an owned cluster', async () => {
    const p = samplePrediction(false);
    assert.deepEqual(await call(app, 'GET', `cluster/${MINE}/upgrade-risks-prediction`, ORG), {
      status: 200,
      json: {
        upgrade_recommendation: { upgrade_recommended: false, upgrade_risks_predictors: p.upgrade_risks_predictors },
        meta: { last_checked_at: p.last_checked_at },
        status: 'ok',
      },
    });
    assert.equal(fake.requests.at(-1)?.url.pathname, `/cluster/${MINE}/upgrade-risks-prediction`);
  });

  it('GET: managed cluster 204, foreign cluster 404, no data passed through, bad cluster 400', async () => {
    const before = fake.requests.length;
    assert.deepEqual(await call(app, 'GET', `cluster/${MANAGED}/upgrade-risks-prediction`, ORG), { status: 204, json: null });
    assert.deepEqual(await call(app, 'GET', `cluster/${FOREIGN}/upgrade-risks-prediction`, ORG), {
      status: 404,
      json: { status: `Item with ID ${FOREIGN} was not found in the storage` },
    });
    assert.equal(fake.requests.length, before, 'managed and foreign clusters never reach the service');
    assert.deepEqual(await call(app, 'GET', `cluster/${NO_DATA_CLUSTER}/upgrade-risks-prediction`, ORG), {
      status: 404,
      json: { detail: NO_DATA },
    });
    assert.equal((await call(app, 'GET', 'cluster/not-a-uuid/upgrade-risks-prediction', ORG)).status, 400);
  });

  it('GET: without AMS 503; service down or slower than the timeout 503', { timeout: 20_000 }, async () => {
    assert.deepEqual(await call(noAms, 'GET', `cluster/${MINE}/upgrade-risks-prediction`, ORG), {
      status: 503,
      json: { status: UNREACHABLE.ams },
    });
    assert.deepEqual(await call(down, 'GET', `cluster/${MINE}/upgrade-risks-prediction`, ORG), {
      status: 503,
      json: { status: UNREACHABLE.upgradeRisks },
    });
    fake.server.delayMs = 1000;
    try {
      assert.deepEqual(await call(slow, 'GET', `cluster/${MINE}/upgrade-risks-prediction`, ORG), {
        status: 503,
        json: { status: UNREACHABLE.upgradeRisks },
      });
    } finally {
      fake.server.delayMs = 0;
    }
  });

  it('POST: owned clusters predicted, foreign ones answered as unknown without asking the service', async () => {
    const res = await call(app, 'POST', 'upgrade-risks-prediction', ORG, JSON.stringify({ clusters: [MINE, FOREIGN, NO_DATA_CLUSTER] }));
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      status: 'ok',
      predictions: [
        { cluster_id: MINE, prediction_status: 'ok', ...samplePrediction(false) },
        { cluster_id: FOREIGN, prediction_status: NO_DATA },
        { cluster_id: NO_DATA_CLUSTER, prediction_status: NO_DATA },
      ],
    });
    assert.deepEqual(JSON.parse(fake.requests.at(-1)!.body), { clusters: [MINE, NO_DATA_CLUSTER] });
  });

  it('POST: body errors and the 100-cluster limit', async () => {
    assert.deepEqual(await call(app, 'POST', 'upgrade-risks-prediction', ORG), {
      status: 400,
      json: { status: "client didn't provide request body" },
    });
    assert.deepEqual(await call(app, 'POST', 'upgrade-risks-prediction', ORG, '{"clusters":'), {
      status: 400,
      json: { status: "client didn't provide a valid request body" },
    });
    const many = Array.from({ length: 101 }, (_, i) => `34c3ecc5-624a-49a5-bab8-${String(i).padStart(12, '0')}`);
    assert.deepEqual(await call(app, 'POST', 'upgrade-risks-prediction', ORG, JSON.stringify({ clusters: many })), {
      status: 400,
      json: { status: TOO_MANY_CLUSTERS },
    });
    assert.equal((await call(app, 'POST', 'upgrade-risks-prediction', ORG, JSON.stringify({ clusters: many.slice(0, 100) }))).status, 200);
  });

  it('POST: service down 503, service error passed through, no cluster list 503', async () => {
    const body = JSON.stringify({ clusters: [MINE] });
    assert.deepEqual(await call(down, 'POST', 'upgrade-risks-prediction', ORG, body), {
      status: 503,
      json: { status: UNREACHABLE.upgradeRisks },
    });
    assert.deepEqual(await call(noAms, 'POST', 'upgrade-risks-prediction', ORG, body), { status: 503, json: { status: UNREACHABLE.ams } });
    fake.forced = { status: 500, json: { detail: 'boom' } };
    try {
      assert.deepEqual(await call(app, 'POST', 'upgrade-risks-prediction', ORG, body), { status: 500, json: { detail: 'boom' } });
    } finally {
      fake.forced = null;
    }
  });

  it('auth: no token 403; auth off 403 token is not provided', async () => {
    assert.equal((await call(app, 'GET', `cluster/${MINE}/upgrade-risks-prediction`, null)).status, 403);
    assert.equal((await call(app, 'POST', 'upgrade-risks-prediction', null, '{"clusters":[]}')).status, 403);
    assert.deepEqual(await call(noAuth, 'GET', `cluster/${MINE}/upgrade-risks-prediction`, ORG), {
      status: 403,
      json: { status: 'token is not provided' },
    });
    assert.deepEqual(await call(noAuth, 'POST', 'upgrade-risks-prediction', ORG, '{"clusters":[]}'), {
      status: 403,
      json: { status: 'token is not provided' },
    });
  });
});
