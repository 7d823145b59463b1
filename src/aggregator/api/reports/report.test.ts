// @requires postgres
/**
 * `GET organizations/{org_id}/clusters/{cluster}/users/{user_id}/report` and `.../report/info`
 * (spec 4.4.3) on both databases: user state joins, formats, validation order, errors, injection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';
import { ReportQueries } from './queries.js';
import {
  C1,
  C2,
  C3,
  K1,
  K2,
  K3,
  R1,
  R2,
  R3,
  SQL_INJECTIONS,
  UNKNOWN,
  disableFeedback,
  rowCounts,
  toggle,
  vote,
} from './test-helpers/fixtures.js';

const REPORT = '/organizations/{org_id}/clusters/{cluster}/users/{user_id}/report';
const INFO = `${REPORT}/info`;
const reportPath = (org: number | string, cluster: string, user = '42') => `organizations/${org}/clusters/${cluster}/users/${user}/report`;

for (const backend of backends) {
  describe(`report endpoint (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false });
      await seedReport(api.db, {
        org: 1,
        cluster: C1,
        lastCheckedAt: '2020-04-02 09:00:05.123',
        reportedAt: '2024-05-02 10:11:12.5',
        gatheredAt: '2020-04-02 08:58:00',
        hits: [
          { component: R1, key: K1, details: { type: 'rule', nodes: ['a<b>&c'], error_key: K1 }, createdAt: '2024-04-01 08:00:00.999' },
          { component: R2, key: K2, details: { z: 1, a: { y: true, b: null } }, createdAt: null },
          { component: R3, key: K3, details: {}, createdAt: '2024-04-03 00:00:00' },
        ],
      });
      await seedReport(api.db, { org: 1, cluster: C2, reportedAt: '2024-05-02 10:11:12' });
      // R1: this user's vote stored under another error key (matched anyway), another user's vote ignored
      await vote(api.db, { cluster: C1, rule: R1, key: 'SOMETHING_ELSE', user: '42', vote: 1 });
      await vote(api.db, { cluster: C1, rule: R2, key: K2, user: '43', vote: -1 });
      await vote(api.db, { cluster: C1, rule: R3, key: K3, user: '42', vote: -1 });
      // R1 disabled in this org; R2 toggled in another org; R3 enabled (disabled = 0)
      await toggle(api.db, { cluster: C1, rule: R1, key: K1, org: '1', disabled: 1 });
      await toggle(api.db, { cluster: C1, rule: R2, key: K2, org: '2', disabled: 1 });
      await toggle(api.db, { cluster: C1, rule: R3, key: K3, org: '1', disabled: 0 });
      // disable feedback: this user's on R1, another user's on R2
      await disableFeedback(api.db, { cluster: C1, rule: R1, key: K1, user: '42', message: 'not <relevant>' });
      await disableFeedback(api.db, { cluster: C1, rule: R2, key: K2, user: '43', message: 'other user' });
    });
    after(() => api?.close());

    it("returns the hits with this user's vote, toggle and disable feedback (exact bytes per hit)", async () => {
      const res = await api.request('GET', reportPath(1, C1));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.ok(res.text.endsWith('}\n'));
      assertMatchesOpenApi('get', REPORT, res);
      assert.ok(
        res.text.startsWith(
          '{"report":{"meta":{"cluster_name":"","count":3,"last_checked_at":"2020-04-02T09:00:05Z","gathered_at":"2020-04-02T08:58:00Z"},"reports":[',
        ),
      );
      assert.ok(res.text.endsWith(']},"status":"ok"}\n'));
      const tail = ']},"status":"ok"}\n';
      const body = res.text.slice(res.text.indexOf('"reports":[') + '"reports":['.length, res.text.length - tail.length);
      const hits = body.split(/,(?=\{"component")/).sort();
      // hits come sorted by rule, then error key (docs/compatibility.md)
      const components = body.split(/,(?=\{"component")/).map((h) => JSON.parse(h).component as string);
      assert.deepEqual(components, [...components].sort());
      assert.deepEqual(
        hits,
        [
          `{"component":"${R3}","key":"${K3}","user_vote":-1,"disabled":false,"disable_feedback":"","disabled_at":"","details":{},"impacted":"2024-04-03T00:00:00Z"}`,
          `{"component":"${R1}","key":"${K1}","user_vote":1,"disabled":true,"disable_feedback":"not \\u003crelevant\\u003e","disabled_at":"2024-05-03T04:05:06Z","details":{"error_key":"${K1}","nodes":["a\\u003cb\\u003e\\u0026c"],"type":"rule"},"impacted":"2024-04-01T08:00:00Z"}`,
          `{"component":"${R2}","key":"${K2}","user_vote":0,"disabled":false,"disable_feedback":"","disabled_at":"","details":{"a":{"b":null,"y":true},"z":1},"impacted":"0001-01-01T00:00:00Z"}`,
        ].sort(),
      );
    });

    it('votes under several error keys: the newest wins, then the smallest error key', async () => {
      const cluster = '00000000-0000-0000-0000-0000000000c4';
      await seedReport(api.db, {
        org: 4,
        cluster,
        hits: [
          { component: R1, key: K1, details: {} },
          { component: R2, key: K2, details: {} },
        ],
      });
      // R1: the vote at .5 s is newer than the one at .45 s (fractions of different lengths)
      await vote(api.db, { cluster, rule: R1, key: 'B', user: '42', vote: 1, updatedAt: '2024-05-01 10:00:00.45' });
      await vote(api.db, { cluster, rule: R1, key: 'A', user: '42', vote: -1, updatedAt: '2024-05-01 10:00:00.5' });
      // R2: same time, error key 'A' sorts first
      await vote(api.db, { cluster, rule: R2, key: 'B', user: '42', vote: 1, updatedAt: '2024-05-01 10:00:00' });
      await vote(api.db, { cluster, rule: R2, key: 'A', user: '42', vote: -1, updatedAt: '2024-05-01 10:00:00' });
      const res = await api.request('GET', reportPath(4, cluster));
      assert.equal(res.status, 200);
      const votes = Object.fromEntries(
        (res.json as { report: { reports: { component: string; user_vote: number }[] } }).report.reports.map((h) => [
          h.component,
          h.user_vote,
        ]),
      );
      assert.deepEqual(votes, { [R1]: -1, [R2]: -1 });
    });

    it('concurrent requests (answered by shared statements) each get exactly their own answer', async () => {
      // users with and without votes/feedback on the same cluster, a foreign org, unknown and other clusters
      const paths = [
        reportPath(1, C1, '42'),
        reportPath(1, C1, '43'),
        reportPath(2, C1, '42'),
        reportPath(1, UNKNOWN, '42'),
        reportPath(1, C2, '42'),
        reportPath(1, C1, '44'),
      ];
      const alone: Awaited<ReturnType<TestApi['request']>>[] = [];
      for (const path of paths) alone.push(await api.request('GET', path));
      const together = await Promise.all(
        Array.from({ length: 5 }, () => paths)
          .flat()
          .map((path) => api.request('GET', path)),
      );
      together.forEach((res, i) => {
        const expected = alone[i % paths.length];
        assert.equal(res.status, expected.status, paths[i % paths.length]);
        assert.equal(res.text, expected.text, paths[i % paths.length]);
      });
      assert.deepEqual(
        alone.map((r) => r.status),
        [200, 200, 404, 404, 200, 200],
      );
      assert.notEqual(alone[0].text, alone[1].text, "user 42's vote and feedback are not user 43's");
    });

    it('one statement for several report lookups gives each lookup what it gives alone', async () => {
      const queries = new ReportQueries(api.db);
      const keys: [number, string, string][] = [
        [1, C1, '42'],
        [1, C1, '43'],
        [2, C1, '42'],
        [1, UNKNOWN, '42'],
        [1, C2, '42'],
        [4, C1, '42'],
      ];
      const alone: Awaited<ReturnType<ReportQueries['readReportWithHits']>>[] = [];
      for (const k of keys) alone.push(await queries.readReportWithHits(...k));
      // loads of one tick share one statement (BatchLoader)
      const together = await Promise.all(keys.map((k) => queries.readReportWithHits(...k)));
      assert.deepEqual(together, alone);
      assert.deepEqual(
        alone.map((r) => r?.hits.length),
        [3, 3, undefined, undefined, 0, undefined],
      );
      assert.deepEqual(alone[0]?.hits.map((h) => h.user_vote).sort(), [-1, 0, 1]);
      assert.deepEqual(alone[1]?.hits.map((h) => h.user_vote).sort(), [-1, 0, 0]);
      assert.deepEqual(alone[0]?.hits.map((h) => h.disable_feedback).filter(Boolean), ['not <relevant>']);
      assert.deepEqual(alone[1]?.hits.map((h) => h.disable_feedback).filter(Boolean), ['other user']);
    });

    it('no hits: count -1, reports [], gathered_at omitted when NULL', async () => {
      const res = await api.request('GET', reportPath(1, C2));
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        '{"report":{"meta":{"cluster_name":"","count":-1,"last_checked_at":"2020-04-02T09:00:05Z"},"reports":[]},"status":"ok"}\n',
      );
      assertMatchesOpenApi('get', REPORT, res);
    });

    it('details that are not JSON are sent as a base64 string', async () => {
      await seedReport(api.db, { org: 3, cluster: C3 });
      await api.db.kysely
        .insertInto('rule_hit')
        .values({ org_id: 3, cluster_id: C3, rule_fqdn: R1, error_key: K1, template_data: 'not json', created_at: null })
        .execute();
      const res = await api.request('GET', reportPath(3, C3));
      assert.equal(res.status, 200);
      assert.equal(res.json.report.reports[0].details, Buffer.from('not json').toString('base64'));
      assert.equal(res.json.report.meta.count, 1);
      assertMatchesOpenApi('get', REPORT, res);
    });

    it('unknown report, or a report of another org: 404', async () => {
      for (const [org, cluster] of [
        [1, UNKNOWN],
        [2, C1],
      ] as const) {
        const res = await api.request('GET', reportPath(org, cluster));
        assert.equal(res.status, 404);
        assert.deepEqual(res.json, { status: `Item with ID ${org}/${cluster} was not found in the storage` });
        assertMatchesOpenApi('get', REPORT, res);
      }
    });

    it('validation order: cluster, user_id, org_id', async () => {
      const cases: [string, string][] = [
        [reportPath('x', 'aaaa', '%20'), "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'"],
        [
          reportPath('x', 'zzzzzzzz-624a-49a5-bab8-4fdc5e51a266'),
          "Error during parsing param 'cluster' with value 'zzzzzzzz-624a-49a5-bab8-4fdc5e51a266'. Error: 'invalid UUID format'",
        ],
        [reportPath('x', C1, '%20'), 'Missing required param from request: user_id'],
        [reportPath('x', C1), "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        [reportPath('0', C1), "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'"],
        [reportPath('99999999999', C1), 'value 99999999999 out of range for uint32'],
      ];
      for (const [path, status] of cases) {
        const res = await api.request('GET', path);
        assert.equal(res.status, 400, path);
        assert.deepEqual(res.json, { status }, path);
        assertMatchesOpenApi('get', REPORT, res);
      }
    });

    it('cluster IDs in other Go-accepted forms are used as given', async () => {
      const upper = C1.toUpperCase();
      const res = await api.request('GET', reportPath(1, upper));
      assert.equal(res.status, 404, 'stored IDs are compared exactly');
      assert.equal(res.json.status, `Item with ID 1/${upper} was not found in the storage`);
    });

    it('report/info: count, last_checked_at, stored_at; -1 without hits; 404; order cluster then org', async () => {
      let res = await api.request('GET', `${reportPath(1, C1)}/info`);
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        '{"metainfo":{"count":3,"last_checked_at":"2020-04-02T09:00:05Z","stored_at":"2024-05-02T10:11:12Z"},"status":"ok"}\n',
      );
      assertMatchesOpenApi('get', INFO, res);
      res = await api.request('GET', `${reportPath(1, C2)}/info`);
      assert.equal(
        res.text,
        '{"metainfo":{"count":-1,"last_checked_at":"2020-04-02T09:00:05Z","stored_at":"2024-05-02T10:11:12Z"},"status":"ok"}\n',
      );
      res = await api.request('GET', `${reportPath(1, C1, '%20')}/info`);
      assert.equal(res.status, 200, 'user_id is not validated');
      res = await api.request('GET', `${reportPath(1, UNKNOWN)}/info`);
      assert.equal(res.status, 404);
      assert.deepEqual(res.json, { status: `Item with ID 1/${UNKNOWN} was not found in the storage` });
      assertMatchesOpenApi('get', INFO, res);
      res = await api.request('GET', `${reportPath('x', 'aaaa')}/info`);
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, { status: "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'" });
      assertMatchesOpenApi('get', INFO, res);
      res = await api.request('GET', `${reportPath('x', C1)}/info`);
      assert.deepEqual(res.json, { status: "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'" });
    });

    it('SQL injection and oversized parameters: 4xx or a harmless lookup, database unchanged', async () => {
      const before = await rowCounts(api.db);
      for (const s of SQL_INJECTIONS) {
        const e = encodeURIComponent(s);
        for (const path of [reportPath(1, e), reportPath(e, C1), `${reportPath(1, e)}/info`, `${reportPath(e, C1)}/info`]) {
          assert.equal((await api.request('GET', path)).status, 400, path);
        }
        // a user_id is any text: it is only a bound parameter
        const res = await api.request('GET', reportPath(1, C1, e));
        assert.equal(res.status, 200);
        assert.equal(res.json.report.meta.count, 3);
        assert.ok(
          res.json.report.reports.every(
            (h: { user_vote: number; disable_feedback: string }) => h.user_vote === 0 && h.disable_feedback === '',
          ),
        );
      }
      assert.equal((await api.request('GET', reportPath(1, 'a'.repeat(8000)))).status, 400);
      assert.equal((await api.request('GET', reportPath(1, C1, 'u'.repeat(8000)))).status, 200, 'a long user_id is only a bound parameter');
      assert.deepEqual(await rowCounts(api.db), before);
    });
  });
}
