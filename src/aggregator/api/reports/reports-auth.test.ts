// @requires postgres
/**
 * Reports routes with `server.auth = true` (spec 4.2, 4.6) on both databases: 401 without identity on every
 * route, the org-permission check (ours; upstream had none on these routes), OPTIONS answered as a preflight; plus the router's 404/405/301.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';
import { C1, K1, R1, raw, rowCounts } from './test-helpers/fixtures.js';

const BASE = '/organizations/{org_id}/clusters/{cluster}/users/{user_id}';
const routes: [string, string, string, string, string | undefined][] = [
  ['GET', `organizations/1/clusters/${C1}/users/42/report`, 'get', `${BASE}/report`, undefined],
  ['GET', `organizations/1/clusters/${C1}/users/42/report/info`, 'get', `${BASE}/report/info`, undefined],
  ['GET', `organizations/1/clusters/${C1}/users/42/rules/${R1}|${K1}`, 'get', `${BASE}/rules/{rule_id}`, undefined],
  ['GET', `organizations/1/clusters/${C1}/reports`, 'get', '/organizations/{org_id}/clusters/{cluster_list}/reports', undefined],
  ['POST', 'organizations/1/clusters/reports', 'post', '/organizations/{org_id}/clusters/reports', JSON.stringify({ clusters: [C1] })],
];

for (const backend of backends) {
  describe(`reports with auth (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
      await seedReport(api.db, { org: 1, cluster: C1, hits: [{ component: R1, key: K1 }] });
    });
    after(() => api?.close());

    it('every route answers 401 without identity', async () => {
      for (const [method, path, m, template, body] of routes) {
        const res = await api.request(method, path, body === undefined ? {} : { body });
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi(m, template, res);
      }
    });

    it('org-permission check (ours): a token of another org gets 403, the owner reads the report', async () => {
      for (const [method, path, m, template, body] of routes) {
        const res = await api.request(method, path, { org: 99, ...(body === undefined ? {} : { body }) });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.deepEqual(res.json, {
          status:
            'you have no permissions to get or change info about the organization with ID 1; you can access info about organization with ID 99',
        });
        assertMatchesOpenApi(m, template, res);
        const own = await api.request(method, path, { org: 1, ...(body === undefined ? {} : { body }) });
        assert.equal(own.status, 200, `${method} ${path}`);
      }
    });

    it('OPTIONS on report, report/info and single rule: empty 200 without identity, no data', async () => {
      for (const [, path, , template] of routes.slice(0, 3)) {
        const res = await raw(api, 'OPTIONS', path);
        assert.equal(res.status, 200, path);
        assert.equal(res.text, '');
        assertMatchesOpenApi('options', template, { ...res, json: undefined });
      }
      for (const [, path] of routes.slice(3)) {
        assert.equal((await raw(api, 'OPTIONS', path)).status, 405, path);
      }
      assert.equal((await rowCounts(api.db)).report, 1);
    });

    it('router: 404 text for an unknown path, 405 empty for a wrong method, 301 for a trailing slash', async () => {
      const unknown = await raw(api, 'GET', `organizations/1/clusters/${C1}/users/42/reportz`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.text, '404 page not found\n');
      assert.equal(unknown.headers.get('content-type'), 'text/plain; charset=utf-8');
      for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) {
        const wrong = await raw(api, method, `organizations/1/clusters/${C1}/users/42/report`);
        assert.equal(wrong.status, 405, method);
        assert.equal(wrong.text, '');
      }
      const slash = await raw(api, 'GET', `organizations/1/clusters/${C1}/users/42/report/`);
      assert.equal(slash.status, 301);
      assert.equal(slash.headers.get('location'), `${api.prefix}organizations/1/clusters/${C1}/users/42/report`);
    });
  });
}
