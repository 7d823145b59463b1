// @requires postgres
/**
 * The disabled-rule lists (spec 4.4.5): `GET rules/organizations/{org_id}/disabled`,
 * `POST rules/organizations/{org_id}/disabled_for_clusters`, `GET rules/users/{user_id}/disabled/feedback`,
 * `GET clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled`, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import type { Db } from '../../storage/db.js';
import {
  C1,
  C2,
  C3,
  C_OTHER,
  INJECTIONS,
  INVALID_RULE_ID,
  KEY,
  KEY2,
  ORG,
  OTHER_ORG,
  RULE,
  RULE2,
  UNKNOWN,
  parserMessage,
  rawRequest,
  rowCounts,
  seedClusters,
  seg,
} from '../votes/test-helpers/fixtures.js';

/** Spec 4.1's error texts, literally (not the implementation's constants). */
const NO_BODY = "client didn't provide request body";
const BAD_JSON_TYPE = 'bad type in json data';

const DISABLED = '/rules/organizations/{org_id}/disabled';
const FOR_CLUSTERS = '/rules/organizations/{org_id}/disabled_for_clusters';
const REASONS = '/rules/users/{user_id}/disabled/feedback';
const CLUSTERS = '/clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled';
const disabledPath = (org: string | number) => seg('rules', 'organizations', org, 'disabled');
const forClustersPath = (org: string | number) => seg('rules', 'organizations', org, 'disabled_for_clusters');
const reasonsPath = (user: string) => seg('rules', 'users', user, 'disabled', 'feedback');
const clustersPath = (rule: string, key: string, org: string | number) =>
  seg('clusters', 'rules', rule, 'error_key', key, 'organizations', org, 'disabled');

const INVALID = { Time: '0001-01-01T00:00:00Z', Valid: false };
const valid = (Time: string) => ({ Time, Valid: true });

async function seedToggles(db: Db): Promise<void> {
  const toggle = (
    cluster: string,
    rule: string,
    key: string,
    org: string,
    disabled: number,
    disabledAt: string | null,
    updatedAt: string,
  ) => ({
    cluster_id: cluster,
    rule_id: rule,
    error_key: key,
    org_id: org,
    disabled,
    disabled_at: disabledAt,
    enabled_at: disabled ? null : updatedAt,
    updated_at: updatedAt,
  });
  await db.kysely
    .insertInto('cluster_rule_toggle')
    .values([
      toggle(C1, RULE, KEY, '1', 1, '2024-05-02 10:11:12.123456', '2024-05-02 10:11:12.123456'),
      toggle(C2, RULE, KEY, '1', 1, '2024-05-03 08:00:00', '2024-05-03 08:00:00.5'),
      toggle(C2, RULE2, KEY2, '1', 1, null, '2024-05-04 00:00:00'),
      toggle(C3, RULE, KEY, '1', 0, null, '2024-05-05 00:00:00'),
      toggle(C_OTHER, RULE, KEY, '2', 1, '2024-05-06 00:00:00', '2024-05-06 00:00:00'),
    ])
    .execute();
  const feedback = (cluster: string, user: string, rule: string, key: string, org: string, message: string, at: string) => ({
    cluster_id: cluster,
    user_id: user,
    rule_id: rule,
    error_key: key,
    org_id: org,
    message,
    added_at: at,
    updated_at: at,
  });
  await db.kysely
    .insertInto('cluster_user_rule_disable_feedback')
    .values([
      feedback(C1, '7', RULE, KEY, '1', 'older <reason>', '2024-05-02 10:00:00'),
      feedback(C1, '8', RULE, KEY, '1', 'newest reason', '2024-05-02 11:00:00.25'),
      feedback(C1, '9', RULE, KEY, '3', 'other org, newer still', '2024-05-09 00:00:00'),
      feedback(C1, '9', RULE, KEY2, '1', 'other key, newer still', '2024-05-09 00:00:00'),
      feedback(C_OTHER, '7', RULE, KEY, '2', 'org 2 reason', '2024-05-06 00:00:01'),
    ])
    .execute();
}

const C1_RULE = {
  ClusterID: C1,
  RuleID: RULE,
  ErrorKey: KEY,
  Disabled: 1,
  DisabledAt: valid('2024-05-02T10:11:12.123456Z'),
  EnabledAt: INVALID,
  UpdatedAt: valid('2024-05-02T10:11:12.123456Z'),
};
const C2_RULE = {
  ClusterID: C2,
  RuleID: RULE,
  ErrorKey: KEY,
  Disabled: 1,
  DisabledAt: valid('2024-05-03T08:00:00Z'),
  EnabledAt: INVALID,
  UpdatedAt: valid('2024-05-03T08:00:00.5Z'),
};
const C2_RULE2 = {
  ClusterID: C2,
  RuleID: RULE2,
  ErrorKey: KEY2,
  Disabled: 1,
  DisabledAt: INVALID,
  EnabledAt: INVALID,
  UpdatedAt: valid('2024-05-04T00:00:00Z'),
};

for (const backend of backends) {
  describe(`disabled-rule lists (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false });
      await seedClusters(api.db);
    });
    after(() => api?.close());

    it('empty storage: `[]` for the rule lists and reasons, `null` for the clusters of a rule', async () => {
      const rules = await api.request('GET', disabledPath(ORG));
      assert.equal(rules.text, '{"rules":[],"status":"ok"}\n');
      assertMatchesOpenApi('get', DISABLED, rules);
      const some = await api.request('POST', forClustersPath(ORG), { body: [C1] });
      assert.equal(some.text, '{"rules":[],"status":"ok"}\n');
      assertMatchesOpenApi('post', FOR_CLUSTERS, some);
      const reasons = await api.request('GET', reasonsPath('7'));
      assert.equal(reasons.text, '{"reasons":[],"status":"ok"}\n');
      assertMatchesOpenApi('get', REASONS, reasons);
      const clusters = await api.request('GET', clustersPath(RULE, KEY, ORG));
      assert.equal(clusters.status, 200);
      assert.equal(clusters.text, '{"clusters":null,"status":"ok"}\n');
      assertMatchesOpenApi('get', CLUSTERS, clusters);
      await seedToggles(api.db);
    });

    it("disabled: the org's disabled=1 toggles with Go field names and NullTime objects", async () => {
      const res = await api.request('GET', disabledPath(ORG));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(res.json, { rules: [C1_RULE, C2_RULE2, C2_RULE], status: 'ok' });
      assert.ok(res.text.startsWith(`{"rules":[{"ClusterID":"${C1}","RuleID":`), 'Go struct field order');
      assertMatchesOpenApi('get', DISABLED, res);
      const other = await api.request('GET', disabledPath(OTHER_ORG));
      assert.equal(other.json.rules.length, 1);
      assert.equal(other.json.rules[0].ClusterID, C_OTHER);
      assert.deepEqual((await api.request('GET', disabledPath(77))).json, { rules: [], status: 'ok' });
    });

    it('disabled_for_clusters: restricted to the listed clusters of the org; unknown, foreign or junk IDs match nothing', async () => {
      const cases: [string, unknown[]][] = [
        [JSON.stringify([C2]), [C2_RULE2, C2_RULE]],
        [JSON.stringify([C1, C_OTHER, UNKNOWN, 'not-a-uuid', ...INJECTIONS]), [C1_RULE]],
        [JSON.stringify([C3]), []],
        ['[]', []],
        ['null', []],
        // Go's []string: a null element is "" (matches nothing), not a type error
        [JSON.stringify([null, C1]), [C1_RULE]],
      ];
      const counts = await rowCounts(api.db);
      for (const [body, rules] of cases) {
        const res = await rawRequest(api, 'POST', forClustersPath(ORG), { body });
        assert.equal(res.status, 200, `${body}: ${res.text}`);
        assert.deepEqual(res.json, { rules, status: 'ok' });
        assertMatchesOpenApi('post', FOR_CLUSTERS, res);
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it('disabled_for_clusters: a list longer than the bound-parameter limits (just under 1 MiB) still answers 200', async () => {
      const junk = Array.from({ length: 90000 }, (_, i) => `j${i}`);
      const body = JSON.stringify([...junk, C2, C1, C1]);
      assert.ok(Buffer.byteLength(body) < 1024 * 1024);
      const res = await rawRequest(api, 'POST', forClustersPath(ORG), { body });
      assert.equal(res.status, 200, res.text.slice(0, 200));
      assert.deepEqual(res.json, { rules: [C1_RULE, C2_RULE2, C2_RULE], status: 'ok' });
    });

    it('disabled_for_clusters errors: org_id first, then the body (none, syntax, type, oversized)', async () => {
      const cases: [string | number, string | undefined, number, string][] = [
        ['x', undefined, 400, "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        ['0', '{', 400, "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'"],
        [ORG, undefined, 400, NO_BODY],
        [ORG, '', 400, NO_BODY],
        [ORG, '[1', 400, parserMessage('[1')],
        [ORG, `{"clusters":["${C1}"]}`, 400, BAD_JSON_TYPE],
        [ORG, '[1, 2]', 400, BAD_JSON_TYPE],
        [ORG, '"abc"', 400, BAD_JSON_TYPE],
      ];
      for (const [org, body, status, text] of cases) {
        const res = await rawRequest(api, 'POST', forClustersPath(org), { body });
        assert.equal(res.status, status, `${org} ${body}: ${res.text}`);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('post', FOR_CLUSTERS, res);
      }
      const huge = await rawRequest(api, 'POST', forClustersPath(ORG), { body: JSON.stringify(Array.from({ length: 40000 }, () => C1)) });
      assert.equal(huge.status, 413);
      assertMatchesOpenApi('post', FOR_CLUSTERS, huge);
      const options = await rawRequest(api, 'OPTIONS', forClustersPath(ORG));
      assert.equal(options.status, 200);
      assert.equal(options.text, '');
    });

    it('disabled: org_id validation', async () => {
      for (const [org, text] of [
        ['abc', "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'"],
        ['0', "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'"],
        ['4294967296', 'value 4294967296 out of range for uint32'],
        ...INJECTIONS.map((e) => [e, `Error during parsing param 'org_id' with value '${e}'. Error: 'unsigned integer expected'`]),
      ]) {
        const res = await api.request('GET', disabledPath(org));
        assert.equal(res.status, 400);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('get', DISABLED, res);
      }
    });

    it('reasons: every disable justification of the user, across orgs; blank user_id is a 400', async () => {
      const res = await api.request('GET', reasonsPath('7'));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, {
        reasons: [
          {
            ClusterID: C1,
            RuleID: RULE,
            ErrorKey: KEY,
            Message: 'older <reason>',
            AddedAt: valid('2024-05-02T10:00:00Z'),
            UpdatedAt: valid('2024-05-02T10:00:00Z'),
          },
          {
            ClusterID: C_OTHER,
            RuleID: RULE,
            ErrorKey: KEY,
            Message: 'org 2 reason',
            AddedAt: valid('2024-05-06T00:00:01Z'),
            UpdatedAt: valid('2024-05-06T00:00:01Z'),
          },
        ],
        status: 'ok',
      });
      assert.ok(res.text.includes('"Message":"older \\u003creason\\u003e"'));
      assertMatchesOpenApi('get', REASONS, res);
      assert.equal((await api.request('GET', reasonsPath('9'))).json.reasons.length, 2);
      for (const evil of INJECTIONS) assert.deepEqual((await api.request('GET', reasonsPath(evil))).json, { reasons: [], status: 'ok' });
      const blank = await api.request('GET', reasonsPath(' '));
      assert.equal(blank.status, 400);
      assert.deepEqual(blank.json, { status: 'Missing required param from request: user_id' });
      assertMatchesOpenApi('get', REASONS, blank);
    });

    it('clusters of a rule: newest disabled_at first, justification = newest feedback of the org for that rule/key', async () => {
      const res = await api.request('GET', clustersPath(RULE, KEY, ORG));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, {
        clusters: [
          { cluster_id: C2, cluster_name: '', disabled_at: '2024-05-03T08:00:00Z', justification: '' },
          { cluster_id: C1, cluster_name: '', disabled_at: '2024-05-02T10:11:12.123456Z', justification: 'newest reason' },
        ],
        status: 'ok',
      });
      assertMatchesOpenApi('get', CLUSTERS, res);
      const other = await api.request('GET', clustersPath(RULE, KEY, OTHER_ORG));
      assert.deepEqual(other.json.clusters, [
        { cluster_id: C_OTHER, cluster_name: '', disabled_at: '2024-05-06T00:00:00Z', justification: 'org 2 reason' },
      ]);
      const nullAt = await api.request('GET', clustersPath(RULE2, KEY2, ORG));
      assert.deepEqual(nullAt.json.clusters, [
        { cluster_id: C2, cluster_name: '', disabled_at: '0001-01-01T00:00:00Z', justification: '' },
      ]);
      for (const evil of INJECTIONS) {
        const none = await api.request('GET', clustersPath(RULE, evil, ORG));
        assert.equal(none.text, '{"clusters":null,"status":"ok"}\n');
      }
    });

    it('clusters of a rule: validation order org_id, rule_id', async () => {
      const cases: [string, string, string, string][] = [
        ['a-b', KEY, 'x', "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        ['a-b', KEY, '1', `Error during parsing param 'rule_id' with value 'a-b'. Error: '${INVALID_RULE_ID}'`],
      ];
      for (const [rule, key, org, text] of cases) {
        const res = await api.request('GET', clustersPath(rule, key, org));
        assert.equal(res.status, 400);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('get', CLUSTERS, res);
      }
    });
  });
}
