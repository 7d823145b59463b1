// @requires postgres
/**
 * Per-cluster toggle routes with `server.auth` on (spec 4.2, 4.4.5): 401 without identity everywhere, the
 * 403 org check against the cluster's owner (before org_id parsing for disable/enable, after it for
 * disable_feedback), the org check on the list routes (ours); SQL-injection strings in path parameters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import {
  C1,
  C_OTHER,
  INJECTIONS,
  KEY,
  ORG,
  OTHER_ORG,
  RULE,
  feedbackPath,
  rawRequest,
  rowCounts,
  seedClusters,
  seg,
  togglePath,
} from '../votes/test-helpers/fixtures.js';

const BASE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}';
const FEEDBACK = `${BASE}/users/{user_id}/disable_feedback`;
const DISABLED = '/rules/organizations/{org_id}/disabled';
const FOR_CLUSTERS = '/rules/organizations/{org_id}/disabled_for_clusters';
const REASONS = '/rules/users/{user_id}/disabled/feedback';
const CLUSTERS = '/clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled';
/** Ours (hardening): a foreign cluster's 403 does not name its owner. */
const foreign = (token: number) =>
  `you have no permissions to get or change info about this cluster; you can access info about organization with ID ${token}`;
const mismatch = (owner: number, token: number) =>
  `you have no permissions to get or change info about the organization with ID ${owner}; you can access info about organization with ID ${token}`;

const listRoutes = [
  { method: 'GET', template: DISABLED, path: (org: string | number = ORG) => seg('rules', 'organizations', org, 'disabled') },
  {
    method: 'POST',
    template: FOR_CLUSTERS,
    path: (org: string | number = ORG) => seg('rules', 'organizations', org, 'disabled_for_clusters'),
    body: `["${C1}"]`,
  },
  { method: 'GET', template: REASONS, path: () => seg('rules', 'users', '7', 'disabled', 'feedback') },
  {
    method: 'GET',
    template: CLUSTERS,
    path: (org: string | number = ORG) => seg('clusters', 'rules', RULE, 'error_key', KEY, 'organizations', org, 'disabled'),
  },
];

for (const backend of backends) {
  describe(`per-cluster toggles with auth (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
      await seedClusters(api.db);
    });
    after(() => api?.close());

    it('without identity every route answers 401 Missing auth token and nothing changes', async () => {
      const counts = await rowCounts(api.db);
      const writes = [
        { method: 'PUT', template: `${BASE}/disable`, path: togglePath('disable') },
        { method: 'PUT', template: `${BASE}/enable`, path: togglePath('enable') },
        { method: 'POST', template: FEEDBACK, path: feedbackPath(), body: '{"message":"m"}' },
      ];
      for (const r of [...writes, ...listRoutes.map((l) => ({ ...l, path: l.path() }))]) {
        const res = await rawRequest(api, r.method, r.path, { body: r.body });
        assert.equal(res.status, 401, `${r.method} ${r.path}`);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi(r.method, r.template, res);
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it("disable/enable: another org in the path is a 403; the cluster owner's org is checked BEFORE org_id is parsed", async () => {
      const counts = await rowCounts(api.db);
      for (const action of ['disable', 'enable'] as const) {
        for (const org of ['1', '2', 'x', '0']) {
          const res = await api.request('PUT', togglePath(action, { cluster: C1, org }), { org: OTHER_ORG });
          assert.equal(res.status, 403, `${action} org=${org}: ${res.text}`);
          // Org 1 in the path is checked first (ours); otherwise the owner's check, which does not name the owner.
          assert.deepEqual(res.json, { status: org === String(ORG) ? mismatch(ORG, OTHER_ORG) : foreign(OTHER_ORG) });
          assertMatchesOpenApi('put', `${BASE}/${action}`, res);
        }
        const owner = await api.request('PUT', togglePath(action, { cluster: C1, org: 'x' }), { org: ORG });
        assert.equal(owner.status, 400);
        assert.deepEqual(owner.json, { status: "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'" });
        const other = await api.request('PUT', togglePath(action, { cluster: C_OTHER, org: OTHER_ORG }), { org: ORG });
        assert.deepEqual(other.json, { status: mismatch(OTHER_ORG, ORG) });
      }
      assert.deepEqual(await rowCounts(api.db), counts);
      const ok = await api.request('PUT', togglePath('disable', { cluster: C1 }), { org: ORG });
      assert.equal(ok.status, 200);
      assertMatchesOpenApi('put', `${BASE}/disable`, ok);
      assert.equal((await rowCounts(api.db)).cluster_rule_toggle, counts.cluster_rule_toggle + 1);
    });

    it('disable_feedback: user_id and org_id errors first, then 403, then the body', async () => {
      const counts = await rowCounts(api.db);
      const cases: [Record<string, string>, string | undefined, number, string][] = [
        [{ user: ' ', org: 'x' }, undefined, 400, 'Missing required param from request: user_id'],
        [{ org: 'x' }, undefined, 400, "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        [{}, undefined, 403, mismatch(ORG, OTHER_ORG)],
        [{ org: String(OTHER_ORG) }, '{"message":', 403, foreign(OTHER_ORG)],
      ];
      for (const [target, body, status, text] of cases) {
        const res = await rawRequest(api, 'POST', feedbackPath({ cluster: C1, ...target }), { org: OTHER_ORG, body });
        assert.equal(res.status, status, `${JSON.stringify(target)}: ${res.text}`);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('post', FEEDBACK, res);
      }
      assert.deepEqual(await rowCounts(api.db), counts);
      const ok = await api.request('POST', feedbackPath({ cluster: C1, user: 'path-user' }), {
        org: ORG,
        user: 'token-user',
        body: { message: 'm' },
      });
      assert.deepEqual(ok.json, { message: 'm', status: 'ok' });
      const row = await api.db.kysely.selectFrom('cluster_user_rule_disable_feedback').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.user_id, 'path-user', 'the path user_id is stored, not the token one');
    });

    it('the list routes answer only for the token org: another org in the path is a 403 (ours; upstream answered)', async () => {
      for (const r of listRoutes) {
        const res = await rawRequest(api, r.method, r.path(ORG), { org: OTHER_ORG, body: r.body });
        const named = r.template !== REASONS;
        assert.equal(res.status, named ? 403 : 200, `${r.method} ${r.template}: ${res.text}`);
        if (named) assert.deepEqual(res.json, { status: mismatch(ORG, OTHER_ORG) });
        assertMatchesOpenApi(r.method, r.template, res);
      }
    });

    it('SQL injection in validated path parameters: 400, nothing changes', async () => {
      const counts = await rowCounts(api.db);
      for (const evil of INJECTIONS) {
        for (const target of [{ cluster: evil }, { rule: evil }]) {
          for (const action of ['disable', 'enable'] as const) {
            const res = await api.request('PUT', togglePath(action, target), { org: ORG });
            assert.equal(res.status, 400, `${action} ${JSON.stringify(target)}: ${res.text}`);
          }
          const res = await api.request('POST', feedbackPath(target), { org: ORG, body: { message: 'm' } });
          assert.equal(res.status, 400);
        }
        const org = await api.request('PUT', togglePath('disable', { org: evil }), { org: ORG });
        assert.equal(org.status, 400);
        const feedback = await api.request('POST', feedbackPath({ org: evil }), { org: ORG, body: { message: 'm' } });
        assert.equal(feedback.status, 400);
        for (const r of listRoutes.filter((l) => l.template !== REASONS)) {
          const res = await rawRequest(api, r.method, r.path(evil), { org: ORG, body: r.body });
          assert.equal(res.status, 400, `${r.template}: ${res.text}`);
          assert.match(res.json.status, /^Error during parsing param 'org_id' with value '.*'\. Error: 'unsigned integer expected'$/);
          assertMatchesOpenApi(r.method, r.template, res);
        }
        const rule = await api.request('GET', seg('clusters', 'rules', evil, 'error_key', KEY, 'organizations', ORG, 'disabled'), {
          org: ORG,
        });
        assert.equal(rule.status, 400);
        assertMatchesOpenApi('GET', CLUSTERS, rule);
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });
  });
}
