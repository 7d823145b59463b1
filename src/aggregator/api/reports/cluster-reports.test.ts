// @requires postgres
/**
 * `GET organizations/{org_id}/clusters/{cluster_list}/reports` and `POST organizations/{org_id}/clusters/reports`
 * (spec 4.4.3) on both databases: tab-indented Go output, null lists, org check, body errors, injection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';
import { BAD_JSON_TYPE, NO_BODY } from '#common/errors.js';
import { C1, C2, C3, K1, R1, SQL_INJECTIONS, UNKNOWN, rowCounts } from './test-helpers/fixtures.js';

const GET = '/organizations/{org_id}/clusters/{cluster_list}/reports';
const POST = '/organizations/{org_id}/clusters/reports';
const ODD = 'ad1f2b7e-0000-4000-8000-00000000000a';
const BROKEN = 'ad1f2b7e-0000-4000-8000-00000000000b';

/**
 * What Go's json.MarshalIndent(v, "", "\t") gives for plain values (JS uses the same layout), written out
 * here rather than taken from the code under test: Go escapes <, >, &, U+2028 and U+2029 as \u00XX / \u20XX.
 */
const goHtmlEscape = (json: string) => json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const indented = (v: unknown) => goHtmlEscape(JSON.stringify(v, null, '\t'));

for (const backend of backends) {
  describe(`multi-cluster reports (${backend.name})`, () => {
    let api: TestApi;
    const stored = new Map<string, unknown>();
    before(async () => {
      api = await startApi(backend, { auth: false });
      await seedReport(api.db, { org: 1, cluster: C1, hits: [{ component: R1, key: K1, details: { a: '<b>' } }] });
      await seedReport(api.db, { org: 1, cluster: C2 });
      await seedReport(api.db, { org: 2, cluster: C3 });
      await api.db.kysely
        .insertInto('report')
        .values([
          {
            org_id: 1,
            cluster: ODD,
            report:
              '{"b": [1, 2.50,{ }], "a":"<&>" ,\n "c": {"x":[ ]}, "q": "a\\"b\\\\c\\u003c\u00e9\u2028/", "t": [true,false, null ,-1e-7]}',
            reported_at: null,
            last_checked_at: null,
            kafka_offset: 0,
            gathered_at: null,
          },
          { org_id: 1, cluster: BROKEN, report: '{not json', reported_at: null, last_checked_at: null, kafka_offset: 0, gathered_at: null },
        ])
        .execute();
      for (const row of await api.db.kysely.selectFrom('report').select(['cluster', 'report']).where('cluster', 'in', [C1, C2]).execute()) {
        stored.set(row.cluster, JSON.parse(row.report));
      }
    });
    after(() => api?.close());

    it('GET: found clusters in request order, unknown ones in errors, reports keyed by cluster (sorted)', async () => {
      const res = await api.request('GET', `organizations/1/clusters/${C2},${UNKNOWN},${C1}/reports`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(
        res.text,
        indented({
          clusters: [C2, C1],
          errors: [UNKNOWN],
          reports: { [C1]: stored.get(C1), [C2]: stored.get(C2) },
          generated_at: '',
          status: 'ok',
        }),
      );
      assert.ok(res.text.includes('\\u003cb\\u003e'));
      assert.ok(!res.text.endsWith('\n'));
      assertMatchesOpenApi('get', GET, res);
    });

    it('errors is null when everything is found; clusters is null when nothing is', async () => {
      let res = await api.request('GET', `organizations/1/clusters/${C1}/reports`);
      assert.equal(res.text, indented({ clusters: [C1], errors: null, reports: { [C1]: stored.get(C1) }, generated_at: '', status: 'ok' }));
      assertMatchesOpenApi('get', GET, res);
      res = await api.request('GET', `organizations/1/clusters/${UNKNOWN}/reports`);
      assert.equal(
        res.text,
        `{\n\t"clusters": null,\n\t"errors": [\n\t\t"${UNKNOWN}"\n\t],\n\t"reports": {},\n\t"generated_at": "",\n\t"status": "ok"\n}`,
      );
      assertMatchesOpenApi('get', GET, res);
    });

    it('stored JSON is re-indented as stored (key order, number literals), escaped; unparsable ones go to errors', async () => {
      const res = await api.request('GET', `organizations/1/clusters/${ODD},${BROKEN}/reports`);
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        `{\n\t"clusters": [\n\t\t"${ODD}"\n\t],\n\t"errors": [\n\t\t"${BROKEN}"\n\t],\n\t"reports": {\n\t\t"${ODD}": {\n\t\t\t"b": [\n\t\t\t\t1,\n\t\t\t\t2.50,\n\t\t\t\t{}\n\t\t\t],\n\t\t\t"a": "\\u003c\\u0026\\u003e",\n\t\t\t"c": {\n\t\t\t\t"x": []\n\t\t\t},\n\t\t\t"q": "a\\"b\\\\c\\u003c\u00e9\\u2028/",\n\t\t\t"t": [\n\t\t\t\ttrue,\n\t\t\t\tfalse,\n\t\t\t\tnull,\n\t\t\t\t-1e-7\n\t\t\t]\n\t\t}\n\t},\n\t"generated_at": "",\n\t"status": "ok"\n}`,
      );
      assertMatchesOpenApi('get', GET, res);
    });

    it('a known cluster of another org: 400 Improper organization ID', async () => {
      for (const list of [`${C1},${C3}`, C3]) {
        const res = await api.request('GET', `organizations/1/clusters/${list}/reports`);
        assert.equal(res.status, 400);
        assert.equal(res.text, '{"status":"Improper organization ID"}\n');
        assertMatchesOpenApi('get', GET, res);
      }
      const res = await api.request('POST', 'organizations/2/clusters/reports', { body: { clusters: [C3] } });
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.text).clusters, [C3]);
    });

    it('GET: org_id first, then every ID must be a UUID', async () => {
      const cases: [string, string][] = [
        [`organizations/x/clusters/aaaa/reports`, "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        [`organizations/1/clusters/${C1},aaaa/reports`, "invalid cluster ID: 'aaaa'. Error: invalid UUID length: 4"],
        [`organizations/1/clusters/,/reports`, "invalid cluster ID: ''. Error: invalid UUID length: 0"],
      ];
      for (const [path, status] of cases) {
        const res = await api.request('GET', path);
        assert.equal(res.status, 400, path);
        assert.deepEqual(res.json, { status }, path);
        assertMatchesOpenApi('get', GET, res);
      }
    });

    it('POST: the body list; empty list is a success with no data', async () => {
      let res = await api.request('POST', 'organizations/1/clusters/reports', { body: { clusters: [C1, UNKNOWN] } });
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        indented({ clusters: [C1], errors: [UNKNOWN], reports: { [C1]: stored.get(C1) }, generated_at: '', status: 'ok' }),
      );
      assertMatchesOpenApi('post', POST, res);
      for (const body of ['{"clusters":[]}', '{}', '{"clusters":null}', 'null']) {
        res = await api.request('POST', 'organizations/1/clusters/reports', { body });
        assert.equal(res.status, 200, body);
        assert.equal(
          res.text,
          '{\n\t"clusters": null,\n\t"errors": null,\n\t"reports": {},\n\t"generated_at": "",\n\t"status": "ok"\n}',
          body,
        );
        assertMatchesOpenApi('post', POST, res);
      }
    });

    it('POST errors: no body, bad JSON, wrong types, bad IDs, bad org', async () => {
      const cases: [string, string | undefined, number, string | null][] = [
        [
          'organizations/x/clusters/reports',
          '{"clusters":[]}',
          400,
          "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'",
        ],
        ['organizations/1/clusters/reports', undefined, 400, NO_BODY],
        ['organizations/1/clusters/reports', '', 400, NO_BODY],
        ['organizations/1/clusters/reports', '{"clusters":', 400, null],
        ['organizations/1/clusters/reports', 'nul', 400, null],
        ['organizations/1/clusters/reports', `["${C1}"]`, 400, BAD_JSON_TYPE],
        ['organizations/1/clusters/reports', '{"clusters":[1]}', 400, BAD_JSON_TYPE],
        ['organizations/1/clusters/reports', '{"clusters":"x"}', 400, BAD_JSON_TYPE],
        ['organizations/1/clusters/reports', '{"clusters":["aaaa"]}', 400, "invalid cluster ID: 'aaaa'. Error: invalid UUID length: 4"],
        // Go's []string: a null element decodes to "", which then fails the UUID check
        ['organizations/1/clusters/reports', '{"clusters":[null]}', 400, "invalid cluster ID: ''. Error: invalid UUID length: 0"],
        ['organizations/1/clusters/reports', `{"clusters":["${C3}"]}`, 400, 'Improper organization ID'],
      ];
      for (const [path, body, status, text] of cases) {
        const res = await api.request('POST', path, body === undefined ? {} : { body });
        assert.equal(res.status, status, `${path} ${body}`);
        if (text !== null) assert.deepEqual(res.json, { status: text }, `${path} ${body}`);
        assertMatchesOpenApi('post', POST, res);
      }
    });

    it('GET on the POST path is 405', async () => {
      const res = await api.request('GET', 'organizations/1/clusters/reports');
      assert.equal(res.status, 405);
      assert.equal(res.text, '');
    });

    it('SQL injection, malformed and oversized input: 4xx, database unchanged', async () => {
      const before = await rowCounts(api.db);
      for (const s of SQL_INJECTIONS) {
        const e = encodeURIComponent(s);
        assert.equal((await api.request('GET', `organizations/1/clusters/${C1},${e}/reports`)).status, 400);
        assert.equal((await api.request('GET', `organizations/${e}/clusters/${C1}/reports`)).status, 400);
        assert.equal((await api.request('POST', 'organizations/1/clusters/reports', { body: { clusters: [C1, s] } })).status, 400);
        assert.equal((await api.request('POST', `organizations/${e}/clusters/reports`, { body: { clusters: [C1] } })).status, 400);
        assert.equal((await api.request('POST', 'organizations/1/clusters/reports', { body: s })).status, 400);
      }
      const huge = { clusters: Array.from({ length: 30_000 }, () => C1) };
      const big = await api.request('POST', 'organizations/1/clusters/reports', { body: huge });
      // openapi.json: 413 `request body too large` for a body over 1 MiB.
      assert.equal(big.status, 413, `oversized body: ${big.status}`);
      assert.deepEqual(big.json, { status: 'request body too large' });
      assert.equal((await api.request('GET', `organizations/1/clusters/${'a'.repeat(8000)}/reports`)).status, 400);
      assert.deepEqual(await rowCounts(api.db), before);
    });

    it('a large list within the body limit is answered', async () => {
      const many = Array.from({ length: 12_000 }, (_, i) => `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`);
      const res = await api.request('POST', 'organizations/1/clusters/reports', { body: { clusters: [C1, ...many] } });
      assert.equal(res.status, 200);
      const body = JSON.parse(res.text);
      assert.deepEqual(body.clusters, [C1]);
      assert.equal(body.errors.length, 12_000);
    });
  });
}
