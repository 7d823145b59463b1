// @requires postgres
/**
 * Organizations and clusters (spec 4.4.2): `GET organizations`, `GET organizations/{organization}/clusters`,
 * `DELETE organizations/{organizations}`, `DELETE clusters/{clusters}`, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { nowDb, seedReport } from '#test/helpers/seed.js';
import { C1, C2, C3, K1, R1, SQL_INJECTIONS, UNKNOWN, raw, rowCounts, vote } from '../reports/test-helpers/fixtures.js';

const CLUSTERS = '/organizations/{organization}/clusters';
const HOUR = 3_600_000;

for (const backend of backends) {
  describe(`organizations (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false, debug: true });
    });
    after(() => api?.close());

    it('GET organizations: [] without reports, then the distinct orgs ascending', async () => {
      let res = await api.request('GET', 'organizations');
      assert.equal(res.status, 200);
      assert.equal(res.text, '{"organizations":[],"status":"ok"}\n');
      assertMatchesOpenApi('get', '/organizations', res);
      await seedReport(api.db, { org: 5, cluster: C1 });
      await seedReport(api.db, { org: 1, cluster: C2 });
      await seedReport(api.db, { org: 5, cluster: C3 });
      res = await api.request('GET', 'organizations');
      assert.equal(res.text, '{"organizations":[1,5],"status":"ok"}\n');
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assertMatchesOpenApi('get', '/organizations', res);
    });

    it('GET organizations/{organization}/clusters: clusters written within the window, sorted; [] otherwise', async () => {
      // C1, C3 (org 5) were just written; add an old one that is outside the 2-hour window
      await seedReport(api.db, { org: 5, cluster: UNKNOWN, reportedAt: nowDb(-3 * HOUR) });
      const res = await api.request('GET', 'organizations/5/clusters');
      assert.equal(res.status, 200);
      assert.equal(res.text, `{"clusters":["${C1}","${C3}"],"status":"ok"}\n`);
      assertMatchesOpenApi('get', CLUSTERS, res);
      const none = await api.request('GET', 'organizations/42/clusters');
      assert.equal(none.text, '{"clusters":[],"status":"ok"}\n');
      assertMatchesOpenApi('get', CLUSTERS, none);
    });

    it('GET organizations/{organization}/clusters: organization parse errors (400)', async () => {
      const cases: [string, string][] = [
        ['x', "Error during parsing param 'organization' with value 'x'. Error: 'unsigned integer expected'"],
        ['-1', "Error during parsing param 'organization' with value '-1'. Error: 'unsigned integer expected'"],
        ['0', "Error during parsing param 'organization' with value '0'. Error: 'positive value expected'"],
        ['4294967296', 'value 4294967296 out of range for uint32'],
      ];
      for (const [value, status] of cases) {
        const res = await api.request('GET', `organizations/${value}/clusters`);
        assert.equal(res.status, 400, value);
        assert.deepEqual(res.json, { status }, value);
        assertMatchesOpenApi('get', CLUSTERS, res);
      }
    });

    it('DELETE clusters/{clusters}: deletes the report rows (votes cascade), other tables untouched', async () => {
      await vote(api.db, { cluster: C1, rule: R1, key: K1, user: '1', vote: 1, org: '5' });
      await seedReport(api.db, { org: 7, cluster: '0a0b0c0d-0000-4000-8000-000000000001', hits: [{ component: R1, key: K1 }] });
      const before = await rowCounts(api.db);
      const res = await api.request('DELETE', `clusters/${C1},0a0b0c0d-0000-4000-8000-000000000001`);
      assert.equal(res.status, 200);
      assert.equal(res.text, '{"status":"ok"}\n');
      assertMatchesOpenApi('delete', '/clusters/{clusters}', res);
      const after = await rowCounts(api.db);
      assert.equal(after.report, before.report - 2);
      assert.equal(after.cluster_rule_user_feedback, before.cluster_rule_user_feedback - 1);
      assert.equal(after.rule_hit, before.rule_hit, 'rule_hit is not cleaned');
      const bad = await api.request('DELETE', `clusters/${C2},aaaa`);
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json, { status: "Error during parsing param 'clusters' with value 'aaaa'. Error: 'invalid UUID length: 4'" });
      assertMatchesOpenApi('delete', '/clusters/{clusters}', bad);
      assert.deepEqual(await rowCounts(api.db), after);
    });

    it("DELETE organizations/{organizations}: deletes the orgs' reports; a bad list is 400", async () => {
      const bad = await api.request('DELETE', 'organizations/1,x');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json, {
        status: "Error during parsing param 'organizations' with value '1,x'. Error: 'integer array expected'",
      });
      assertMatchesOpenApi('delete', '/organizations/{organizations}', bad);
      const res = await api.request('DELETE', 'organizations/1,5');
      assert.equal(res.status, 200);
      assert.equal(res.text, '{"status":"ok"}\n');
      assertMatchesOpenApi('delete', '/organizations/{organizations}', res);
      const orgs = await api.request('GET', 'organizations');
      assert.deepEqual(orgs.json, { organizations: [], status: 'ok' });
    });

    it('SQL injection and oversized path parameters give 4xx and leave the database unchanged', async () => {
      await seedReport(api.db, { org: 9, cluster: C2 });
      const before = await rowCounts(api.db);
      for (const s of SQL_INJECTIONS) {
        const e = encodeURIComponent(s);
        for (const [method, path] of [
          ['GET', `organizations/${e}/clusters`],
          ['DELETE', `organizations/${e}`],
          ['DELETE', `clusters/${e}`],
          ['DELETE', `clusters/${C2},${e}`],
        ]) {
          const res = await api.request(method, path);
          assert.equal(res.status, 400, `${method} ${path}`);
        }
      }
      const huge = '9'.repeat(5000);
      assert.equal((await api.request('GET', `organizations/${huge}/clusters`)).status, 400);
      assert.equal((await api.request('DELETE', `clusters/${'a'.repeat(8000)}`)).status, 400);
      const big = await api.request('DELETE', `clusters/${C2}`, { body: 'x'.repeat(1024 * 1024 + 1) });
      // openapi.json: 413 `request body too large` for a body over 1 MiB.
      assert.equal(big.status, 413, `oversized body: ${big.status}`);
      assert.deepEqual(big.json, { status: 'request body too large' });
      assert.deepEqual(await rowCounts(api.db), before);
    });

    it('router: 404 text for an unknown path, 405 empty for a wrong method, 301 for a trailing slash', async () => {
      const unknown = await raw(api, 'GET', 'organizations/1/clusterz');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.text, '404 page not found\n');
      assert.equal(unknown.headers.get('content-type'), 'text/plain; charset=utf-8');
      const wrong = await raw(api, 'POST', 'organizations/1/clusters');
      assert.equal(wrong.status, 405);
      assert.equal(wrong.text, '');
      const slash = await raw(api, 'GET', 'organizations/1/clusters/');
      assert.equal(slash.status, 301);
      assert.equal(slash.headers.get('location'), `${api.prefix}organizations/1/clusters`);
    });
  });

  describe(`organizations with auth (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true, debug: true });
      await seedReport(api.db, { org: 1, cluster: C1 });
    });
    after(() => api?.close());

    it('own org: 200; foreign org: 403; bad org param is checked first (400)', async () => {
      const own = await api.request('GET', 'organizations/1/clusters', { org: 1 });
      assert.equal(own.status, 200);
      assert.deepEqual(own.json, { clusters: [C1], status: 'ok' });
      const foreign = await api.request('GET', 'organizations/2/clusters', { org: 1 });
      assert.equal(foreign.status, 403);
      assert.deepEqual(foreign.json, {
        status:
          'you have no permissions to get or change info about the organization with ID 2; you can access info about organization with ID 1',
      });
      assertMatchesOpenApi('get', CLUSTERS, foreign);
      const bad = await api.request('GET', 'organizations/x/clusters', { org: 1 });
      assert.equal(bad.status, 400);
    });

    it('every route answers 401 without identity', async () => {
      const routes: [string, string, string, string][] = [
        ['GET', 'organizations', 'get', '/organizations'],
        ['GET', 'organizations/1/clusters', 'get', CLUSTERS],
        ['DELETE', 'organizations/1', 'delete', '/organizations/{organizations}'],
        ['DELETE', `clusters/${C1}`, 'delete', '/clusters/{clusters}'],
      ];
      for (const [method, path, m, template] of routes) {
        const res = await api.request(method, path);
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi(m, template, res);
      }
      assert.equal((await rowCounts(api.db)).report, 1);
    });
  });

  describe(`organizations without debug (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false, debug: false });
      await seedReport(api.db, { org: 1, cluster: C1 });
    });
    after(() => api?.close());

    it('the debug routes are unknown paths (404); the clusters route still works', async () => {
      for (const [method, path] of [
        ['GET', 'organizations'],
        ['DELETE', 'organizations/1'],
        ['DELETE', `clusters/${C1}`],
      ]) {
        const res = await raw(api, method, path);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.text, '404 page not found\n');
      }
      assert.equal((await rowCounts(api.db)).report, 1);
      const res = await api.request('GET', 'organizations/1/clusters');
      assert.deepEqual(res.json, { clusters: [C1], status: 'ok' });
    });
  });
}
