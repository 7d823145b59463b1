// @requires postgres
/**
 * `GET organizations/{org_id}/clusters/{cluster}/users/{user_id}/rules/{rule_id}` (spec 4.4.3) on both
 * databases: flags derived per the upstream rules, validation order, errors, injection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';
import {
  C1,
  C2,
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

const RULE = '/organizations/{org_id}/clusters/{cluster}/users/{user_id}/rules/{rule_id}';
const rulePath = (org: number | string, cluster: string, rule: string, user = '42') =>
  `organizations/${org}/clusters/${cluster}/users/${user}/rules/${rule}`;
const EACH_PART = 'invalid rule ID, each part of ID must contain only latin characters, numbers, underscores or dots';
const SEPARATED = 'invalid rule ID, it must contain only rule ID and error key separated by |';
const ruleError = (v: string, reason: string) =>
  `Error during parsing param 'rule_id' with value '${v}'. Error: 'Error during validating param 'rule' with value '${v}'. Error: '${reason}''`;

for (const backend of backends) {
  describe(`single rule endpoint (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false });
      await seedReport(api.db, {
        org: 1,
        cluster: C1,
        hits: [
          { component: R1, key: K1, details: { b: 2, a: '<x>' } },
          { component: R2, key: K2, details: { n: 1 } },
          { component: R3, key: K3 },
        ],
      });
      await seedReport(api.db, { org: 1, cluster: C2 });
      // votes matched on (cluster, module, key, user)
      await vote(api.db, { cluster: C1, rule: R1, key: K1, user: '42', vote: -1 });
      await vote(api.db, { cluster: C1, rule: R2, key: 'OTHER', user: '42', vote: 1 });
      // R1: newest toggle (any key, any org) is a disable; R2: newest is an enable (disabled_at NULL)
      await toggle(api.db, { cluster: C1, rule: R1, key: 'OLD_KEY', org: '1', disabled: 0, updatedAt: '2024-01-01 00:00:00' });
      await toggle(api.db, {
        cluster: C1,
        rule: R1,
        key: K1,
        org: '77',
        disabled: 1,
        disabledAt: '2024-05-02 10:11:12.5',
        updatedAt: '2024-05-02 10:11:12.5',
      });
      await toggle(api.db, { cluster: C1, rule: R2, key: K2, org: '1', disabled: 0 });
      await disableFeedback(api.db, { cluster: C1, rule: R1, key: K1, user: '42', message: 'because & so' });
      await disableFeedback(api.db, { cluster: C1, rule: R2, key: K2, user: '43', message: 'someone else' });
    });
    after(() => api?.close());

    it("a hit with vote, newest toggle (any key, any org) and this user's disable feedback", async () => {
      const res = await api.request('GET', rulePath(1, C1, `${R1}|${K1}`));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(
        res.text,
        `{"report":{"component":"${R1}","key":"${K1}","user_vote":-1,"disabled":true,"disable_feedback":"because \\u0026 so","disabled_at":"2024-05-02T10:11:12Z","details":{"a":"\\u003cx\\u003e","b":2}},"status":"ok"}\n`,
      );
      assertMatchesOpenApi('get', RULE, res);
    });

    it('the vote must match the error key; an enabled toggle gives disabled false and the zero disabled_at', async () => {
      const res = await api.request('GET', rulePath(1, C1, `${R2}%7C${K2}`));
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        `{"report":{"component":"${R2}","key":"${K2}","user_vote":0,"disabled":false,"disable_feedback":"","disabled_at":"0001-01-01T00:00:00Z","details":{"n":1}},"status":"ok"}\n`,
      );
      assertMatchesOpenApi('get', RULE, res);
    });

    it('no toggle: disabled false, disabled_at ""', async () => {
      const res = await api.request('GET', rulePath(1, C1, `${R3}|${K3}`));
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        `{"report":{"component":"${R3}","key":"${K3}","user_vote":0,"disabled":false,"disable_feedback":"","disabled_at":"","details":{}},"status":"ok"}\n`,
      );
      assertMatchesOpenApi('get', RULE, res);
    });

    it('no such hit: 404 with org/cluster/module/key', async () => {
      for (const [org, cluster, rule, key] of [
        [1, C1, R1, K2],
        [1, C2, R1, K1],
        [2, C1, R1, K1],
        [1, UNKNOWN, R1, K1],
      ] as const) {
        const res = await api.request('GET', rulePath(org, cluster, `${rule}|${key}`));
        assert.equal(res.status, 404);
        assert.deepEqual(res.json, { status: `Item with ID ${org}/${cluster}/${rule}/${key} was not found in the storage` });
        assertMatchesOpenApi('get', RULE, res);
      }
    });

    it('validation order: cluster, user_id, org_id, rule_id', async () => {
      const cases: [string, string][] = [
        [rulePath('x', 'aaaa', 'bad', '%20'), "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'"],
        [rulePath('x', C1, 'bad', '%20'), 'Missing required param from request: user_id'],
        [rulePath('x', C1, 'bad'), "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        [rulePath(1, C1, 'bad'), ruleError('bad', SEPARATED)],
        [rulePath(1, C1, 'a|b|c'), ruleError('a|b|c', SEPARATED)],
        [rulePath(1, C1, 'a-b|KEY'), ruleError('a-b|KEY', EACH_PART)],
        [rulePath(1, C1, `${R1}|`), ruleError(`${R1}|`, EACH_PART)],
      ];
      for (const [path, status] of cases) {
        const res = await api.request('GET', path);
        assert.equal(res.status, 400, path);
        assert.deepEqual(res.json, { status }, path);
        assertMatchesOpenApi('get', RULE, res);
      }
    });

    it('SQL injection and oversized parameters give 4xx (or a harmless lookup); database unchanged', async () => {
      const before = await rowCounts(api.db);
      for (const s of SQL_INJECTIONS) {
        const e = encodeURIComponent(s);
        for (const path of [
          rulePath(1, e, `${R1}|${K1}`),
          rulePath(e, C1, `${R1}|${K1}`),
          rulePath(1, C1, e),
          rulePath(1, C1, `${R1}|${e}`),
        ]) {
          assert.equal((await api.request('GET', path)).status, 400, path);
        }
        const res = await api.request('GET', rulePath(1, C1, `${R1}|${K1}`, e));
        assert.equal(res.status, 200);
        assert.equal(res.json.report.user_vote, 0);
      }
      assert.equal((await api.request('GET', rulePath(1, C1, `${'a'.repeat(7000)}|${K1}`))).status, 404);
      assert.deepEqual(await rowCounts(api.db), before);
    });
  });
}
