// @requires postgres
/**
 * Hostile input on the recommendation routes: SQL-injection strings in every body and path parameter,
 * oversized and malformed bodies. Cluster lists are bound parameters, so injection strings are plain
 * (unknown) cluster IDs: no data from other clusters or orgs comes back, and nothing changes in the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { C1, INJECTIONS, KUBELET_ID, ORG, rawRequest, rowCounts, seedAdvisor } from './test-helpers/fixtures.js';

const LIST = '/recommendations/organizations/{org_id}/users/{user_id}/list';
const CLUSTERS = '/clusters/organizations/{org_id}/users/{user_id}/recommendations';
const DETAIL = '/rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail';
const enc = encodeURIComponent;
const posts = [
  {
    template: LIST,
    path: (org: string, user: string) => `recommendations/organizations/${enc(org)}/users/${enc(user)}/list`,
    key: 'recommendations',
  },
  {
    template: CLUSTERS,
    path: (org: string, user: string) => `clusters/organizations/${enc(org)}/users/${enc(user)}/recommendations`,
    key: 'clusters',
  },
];
const detailPath = (selector: string, org: string, user: string) =>
  `rules/${enc(selector)}/organizations/${enc(org)}/users/${enc(user)}/clusters_detail`;

const OVERSIZED = JSON.stringify(Array.from({ length: 30_000 }, (_, i) => `${C1.slice(0, 30)}${String(i).padStart(6, '0')}`));

for (const backend of backends) {
  describe(`recommendation routes, hostile input (${backend.name})`, () => {
    let api: TestApi;
    let counts: Record<string, number>;
    before(async () => {
      api = await startApi(backend);
      await seedAdvisor(api.db);
      counts = await rowCounts(api.db);
    });
    after(() => api?.close());

    const unchanged = async () => assert.deepEqual(await rowCounts(api.db), counts);

    for (const route of posts) {
      it(`${route.template}: injection strings in the cluster list are unknown IDs (200, nothing leaks)`, async () => {
        const res = await api.request('POST', route.path(String(ORG), '1'), { body: INJECTIONS });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json, { [route.key]: {}, status: 'ok' });
        assertMatchesOpenApi('post', route.template, res);
        const mixed = await api.request('POST', route.path(String(ORG), '1'), { body: [...INJECTIONS, C1] });
        assert.deepEqual(Object.keys(mixed.json[route.key]).length > 0, true);
        await unchanged();
      });

      it(`${route.template}: injection strings in org_id give 400; in user_id they are just a user`, async () => {
        for (const bad of INJECTIONS) {
          const res = await api.request('POST', route.path(bad, '1'), { body: [C1] });
          assert.equal(res.status, 400, bad);
          assert.deepEqual(res.json, {
            status: `Error during parsing param 'org_id' with value '${bad}'. Error: 'unsigned integer expected'`,
          });
          assertMatchesOpenApi('post', route.template, res);
          const asUser = await api.request('POST', route.path(String(ORG), bad), { body: INJECTIONS });
          assert.equal(asUser.status, 200, bad);
          assert.deepEqual(asUser.json, { [route.key]: {}, status: 'ok' });
        }
        await unchanged();
      });

      it(`${route.template}: oversized (> 1 MiB) and malformed bodies give 4xx`, async () => {
        assert.ok(OVERSIZED.length > 1024 * 1024);
        const big = await api.request('POST', route.path(String(ORG), '1'), { body: OVERSIZED });
        assert.equal(big.status, 413);
        assert.deepEqual(big.json, { status: 'request body too large' });
        assertMatchesOpenApi('post', route.template, big);
        for (const body of ['[', '["a",', '{"a":', '\u0000', '[1e999999]', `[${'['.repeat(10_000)}`]) {
          const res = await api.request('POST', route.path(String(ORG), '1'), { body });
          assert.equal(res.status, 400, body.slice(0, 20));
          assertMatchesOpenApi('post', route.template, res);
        }
        await unchanged();
      });

      it(`${route.template}: a large list under the limit is answered (chunked queries)`, async () => {
        const many = Array.from({ length: 20_000 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
        const res = await api.request('POST', route.path(String(ORG), '1'), { body: [...many, C1] });
        assert.equal(res.status, 200);
        assert.ok(Object.keys(res.json[route.key]).length > 0);
      });
    }

    it(`${DETAIL}: injection strings in the path and the body`, async () => {
      for (const bad of INJECTIONS) {
        const org = await api.request('GET', detailPath(KUBELET_ID, bad, '1'));
        assert.equal(org.status, 400);
        assert.deepEqual(org.json, {
          status: `Error during parsing param 'org_id' with value '${bad}'. Error: 'unsigned integer expected'`,
        });
        // The selector regex is unanchored at the start (as upstream), so some injection texts pass it:
        // they are bound parameters and match nothing.
        for (const selector of [bad, `${bad}a.b|C`]) {
          const res = await api.request('GET', detailPath(selector, String(ORG), '1'));
          assert.ok(res.status === 400 || res.status === 404, `${selector}: ${res.status}`);
          assertMatchesOpenApi('get', DETAIL, res);
        }
        const user = await api.request('GET', detailPath(KUBELET_ID, String(ORG), bad));
        assert.equal(user.status, 200);
        const body = await rawRequest(api, 'GET', detailPath(KUBELET_ID, String(ORG), '1'), { body: JSON.stringify({ clusters: [bad] }) });
        assert.equal(body.status, 404);
        assertMatchesOpenApi('get', DETAIL, body);
      }
      await unchanged();
    });

    it(`${DETAIL}: oversized and malformed bodies give 4xx`, async () => {
      const big = await rawRequest(api, 'GET', detailPath(KUBELET_ID, String(ORG), '1'), { body: `{"clusters":${OVERSIZED}}` });
      assert.equal(big.status, 413);
      assertMatchesOpenApi('get', DETAIL, big);
      for (const body of ['{', '{"clusters":[', '   ', '\u0000', `{"clusters":[${'['.repeat(10_000)}`]) {
        const res = await rawRequest(api, 'GET', detailPath(KUBELET_ID, String(ORG), '1'), { body });
        assert.equal(res.status, 400, body.slice(0, 20));
        assertMatchesOpenApi('get', DETAIL, res);
      }
      await unchanged();
    });
  });
}
