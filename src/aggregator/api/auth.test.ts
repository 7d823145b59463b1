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
import { allApiRoutes } from './test-helpers/routes.js';

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

/** Spec 4.4's route index, literally (OPTIONS left out: preflight answers need no identity). */
const P12 = 'clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}';
const SPEC_ROUTES: readonly (readonly [string, string])[] = [
  ['GET', ''],
  ['GET', 'organizations'],
  ['DELETE', 'organizations/{organizations}'],
  ['DELETE', 'clusters/{clusters}'],
  ['GET', 'clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/users/{user_id}/get_vote'],
  ['GET', 'organizations/{organization}/clusters'],
  ['GET', 'organizations/{org_id}/clusters/{cluster}/users/{user_id}/report'],
  ['GET', 'organizations/{org_id}/clusters/{cluster}/users/{user_id}/report/info'],
  ['GET', 'organizations/{org_id}/clusters/{cluster}/users/{user_id}/rules/{rule_id}'],
  ['GET', 'organizations/{org_id}/clusters/{cluster_list}/reports'],
  ['POST', 'organizations/{org_id}/clusters/reports'],
  ['PUT', `${P12}/users/{user_id}/like`],
  ['PUT', `${P12}/users/{user_id}/dislike`],
  ['PUT', `${P12}/users/{user_id}/reset_vote`],
  ['PUT', `${P12}/disable`],
  ['PUT', `${P12}/enable`],
  ['POST', `${P12}/users/{user_id}/disable_feedback`],
  ['GET', 'rules/organizations/{org_id}/disabled'],
  ['POST', 'rules/organizations/{org_id}/disabled_for_clusters'],
  ['GET', 'rules/users/{user_id}/disabled/feedback'],
  ['GET', 'clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled'],
  ['PUT', 'rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disable'],
  ['PUT', 'rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/enable'],
  ['POST', 'rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/update'],
  ['GET', 'rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/'],
  ['GET', 'rules/organizations/{org_id}/disabled_system_wide'],
  ['POST', 'rules/organizations/{org_id}/rating'],
  ['GET', 'rules/{rule_selector}/organizations/{org_id}/rating'],
  ['GET', 'rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail'],
  ['POST', 'recommendations/organizations/{org_id}/users/{user_id}/list'],
  ['POST', 'clusters/organizations/{org_id}/users/{user_id}/recommendations'],
  ['GET', 'organization/{org_id}/workloads'],
  ['POST', 'organization/{org_id}/workloads'],
  ['GET', 'organization/{org_id}/namespace/{namespace}/cluster/{cluster}/workloads'],
  ['GET', 'info'],
  ['GET', 'metrics'],
  ['GET', 'openapi.json'],
];
/** Our additions to spec 4.4 (docs/compatibility.md): the readiness route of the Kafka outage handling, no auth. */
const OUR_ROUTES: [string, string][] = [['GET', 'readiness']];
/** Spec 4.4 "no auth". */
const NO_AUTH = new Set(['metrics', 'openapi.json']);

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

    it('registers exactly the routes of spec 4.4 and our documented additions (debug on)', () => {
      const ours = allApiRoutes().map((r) => `${r.method} ${r.path}`);
      assert.deepEqual([...ours].sort(), [...SPEC_ROUTES, ...OUR_ROUTES].map(([m, p]) => `${m} ${p}`).sort());
    });

    it('every route of spec 4.4 but metrics and openapi.json answers 401 without an identity, and writes nothing', async () => {
      assert.equal(SPEC_ROUTES.length, 37);
      const before = await counts(api);
      for (const [method, template] of SPEC_ROUTES) {
        const path = concrete(template);
        const body = method === 'GET' ? undefined : JSON.stringify(template.includes('rating') ? { rule: 'a.b|C', rating: 1 } : [CLUSTER]);
        const res = await api.request(method, path, body === undefined ? {} : { body });
        if (NO_AUTH.has(template)) {
          assert.equal(res.status, 200, `${method} ${template}`);
          continue;
        }
        assert.equal(res.status, 401, `${method} ${template} answered ${res.status} ${res.text}`);
        assert.deepEqual(res.json, { status: 'Missing auth token' }, `${method} ${template}`);
        const bad = await api.request(method, path, {
          headers: { 'x-rh-identity': 'bm90IGpzb24=' },
          ...(body === undefined ? {} : { body }),
        });
        assert.equal(bad.status, 401, `${method} ${template} with a malformed identity`);
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
