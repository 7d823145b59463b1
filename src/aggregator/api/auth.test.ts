// @requires postgres
/**
 * Spec 4.2 across the whole API: with `server.auth = true`, no route but metrics and openapi.json answers
 * without a valid identity, and nothing is written by an unauthenticated request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '#test/helpers/databases.js';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { seedReport } from '#test/helpers/seed.js';
import { apiRoutes } from './index.js';
import { zeroConfig } from '../config.js';
import { Metrics } from '../metrics.js';
import { silentLogger } from '#common/logger.js';

const CLUSTER = '84f7eedc-0dd8-49cd-9d4d-f6646df3a5bc';
const values: Record<string, string> = {
  org_id: '1',
  organization: '1',
  organizations: '1',
  cluster: CLUSTER,
  clusters: CLUSTER,
  cluster_list: CLUSTER,
  user_id: '1',
  rule_id: 'ccx_rules_ocp.external.rules.a.report',
  error_key: 'KEY',
  rule_selector: 'ccx_rules_ocp.external.rules.a|KEY',
  namespace: 'ns',
};

function allRoutes() {
  const config = zeroConfig();
  config.server.debug = true;
  return apiRoutes({
    config,
    metrics: new Metrics('', { defaultMetrics: false }),
    logger: silentLogger,
    ocp: null,
    dvo: null,
    build: {} as never,
    dbVersions: { ocp: '', dvo: '' },
  });
}

const concrete = (template: string) => template.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));

async function counts(api: TestApi): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [
    'report',
    'cluster_rule_user_feedback',
    'cluster_rule_toggle',
    'cluster_user_rule_disable_feedback',
    'rule_disable',
    'advisor_ratings',
  ] as const) {
    const row = await api.db.kysely
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}

for (const backend of backends) {
  describe(`authentication on every route (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true, debug: true });
      await seedReport(api.db, { org: 1, cluster: CLUSTER, hits: [{ component: values.rule_id, key: 'KEY' }] });
    });
    after(() => api.close());

    it('every route but metrics and openapi.json answers 401 without an identity, and writes nothing', async () => {
      const routes = allRoutes();
      assert.ok(routes.length >= 36, `expected the 36 routes of spec 4.4, got ${routes.length}`);
      const before = await counts(api);
      for (const route of routes) {
        const path = concrete(route.path);
        const body =
          route.method === 'GET' ? undefined : JSON.stringify(route.path.includes('rating') ? { rule: 'a.b|C', rating: 1 } : [CLUSTER]);
        const res = await api.request(route.method, path, body === undefined ? {} : { body });
        if (route.path === 'metrics' || route.path === 'openapi.json') {
          assert.equal(res.status, 200, `${route.method} ${route.path}`);
        } else {
          assert.equal(res.status, 401, `${route.method} ${route.path} answered ${res.status} ${res.text}`);
          assert.deepEqual(res.json, { status: 'Missing auth token' }, `${route.method} ${route.path}`);
        }
        const bad = await api.request(route.method, path, {
          headers: { 'x-rh-identity': 'bm90IGpzb24=' },
          ...(body === undefined ? {} : { body }),
        });
        if (route.auth !== false) assert.equal(bad.status, 401, `${route.method} ${route.path} with a malformed identity`);
      }
      assert.deepEqual(await counts(api), before);
    });

    it('the exemption is by path: metrics and openapi.json with any query string need no identity', async () => {
      assert.equal((await api.request('GET', 'metrics?x=1')).status, 200);
      assert.equal((await api.request('GET', 'openapi.json?x=1')).status, 200);
      assert.equal((await api.request('GET', '?x=1')).status, 401);
    });
  });
}
