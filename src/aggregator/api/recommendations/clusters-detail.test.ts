// @requires postgres
/** `GET rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail` (spec 4.4.8), on both databases. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { BAD_JSON_TYPE } from '#common/errors.js';
import {
  BUG_ID,
  C1,
  C2,
  C3,
  C4,
  KUBELET_ID,
  ORG,
  OTHER_ORG,
  UNKNOWN,
  parserMessage,
  rawRequest,
  seedAdvisor,
} from './test-helpers/fixtures.js';

const DETAIL = '/rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail';
const detailPath = (selector = KUBELET_ID, org: string | number = ORG, user = '1') =>
  `rules/${encodeURIComponent(selector)}/organizations/${org}/users/${user}/clusters_detail`;

const SELECTOR_ERROR = (v: string) =>
  `Error during parsing param 'rule_selector' with value '${v}'. Error: 'Param rule_selector is not a valid rule selector (plugin_name|error_key)'`;

const c1Kubelet = {
  cluster: C1,
  cluster_name: '',
  last_checked_at: '2024-05-03T01:02:03.5Z',
  impacted: '2024-04-01T08:00:00Z',
  meta: { cluster_version: '4.14.3' },
};
const c2Kubelet = {
  cluster: C2,
  cluster_name: '',
  last_checked_at: '2024-05-03T01:02:04Z',
  impacted: '0001-01-01T00:00:00Z',
  meta: { cluster_version: '' },
};

for (const backend of backends) {
  describe(`clusters_detail (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedAdvisor(api.db);
    });
    after(() => api?.close());

    it('lists the org clusters hit by the rule, sorted, without a body', async () => {
      const res = await api.request('GET', detailPath());
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(res.json, { clusters: [c1Kubelet, c2Kubelet], status: 'ok' });
      assertMatchesOpenApi('get', DETAIL, res);
    });

    it('the selector may arrive with a raw or an encoded pipe', async () => {
      const res = await api.request('GET', `rules/${BUG_ID}/organizations/${ORG}/users/1/clusters_detail`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.json.clusters.map((c: { cluster: string; impacted: string }) => [c.cluster, c.impacted]),
        [[C1, '2024-04-02T08:00:00.25Z']],
      );
    });

    it('another org sees its own clusters only', async () => {
      const res = await api.request('GET', detailPath(KUBELET_ID, OTHER_ORG));
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.json.clusters.map((c: { cluster: string }) => c.cluster),
        [C4],
      );
    });

    it('a {"clusters":[...]} body on the GET restricts the result', async () => {
      const res = await rawRequest(api, 'GET', detailPath(), { body: JSON.stringify({ clusters: [C2, C4, UNKNOWN] }) });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { clusters: [c2Kubelet], status: 'ok' });
      assertMatchesOpenApi('get', DETAIL, res);
      const caseInsensitive = await rawRequest(api, 'GET', detailPath(), { body: JSON.stringify({ Clusters: [C1] }) });
      assert.deepEqual(caseInsensitive.json, { clusters: [c1Kubelet], status: 'ok' });
    });

    it('an empty list, null, {} or unknown keys apply no filter', async () => {
      for (const body of ['{"clusters":[]}', '{"clusters":null}', 'null', '{}', '{"other":1}']) {
        const res = await rawRequest(api, 'GET', detailPath(), { body });
        assert.equal(res.status, 200, body);
        assert.deepEqual(res.json, { clusters: [c1Kubelet, c2Kubelet], status: 'ok' }, body);
      }
    });

    it('a body without Content-Length (chunked) is ignored, as upstream', async () => {
      const res = await rawRequest(api, 'GET', detailPath(), { body: JSON.stringify({ clusters: [C2] }), contentLength: false });
      assert.equal(res.status, 200);
      assert.equal(res.json.clusters.length, 2);
    });

    it('404 when no cluster matches (unknown rule, rule without hits, filter without match)', async () => {
      const cases: [string, string | undefined][] = [
        [detailPath('ccx_rules_ocp.external.rules.unknown|KEY'), undefined],
        [detailPath(BUG_ID, OTHER_ORG), undefined],
        [detailPath(), JSON.stringify({ clusters: [C3, UNKNOWN] })],
      ];
      for (const [path, body] of cases) {
        const res = await rawRequest(api, 'GET', path, { body });
        assert.equal(res.status, 404, path);
        const selector = decodeURIComponent(path.split('/')[1]);
        assert.deepEqual(res.json, { status: `Item with ID ${selector} was not found in the storage` });
        assertMatchesOpenApi('get', DETAIL, res);
      }
    });

    it('validation order: org_id, rule_selector, user_id, then the body', async () => {
      const cases: [string, string | undefined, string][] = [
        [
          detailPath('bad', 'x', '%20'),
          undefined,
          "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'",
        ],
        [detailPath(KUBELET_ID, '0'), undefined, "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'"],
        [detailPath(KUBELET_ID, '4294967296'), undefined, 'value 4294967296 out of range for uint32'],
        [detailPath('bad', ORG, '%20'), undefined, SELECTOR_ERROR('bad')],
        [detailPath('no_dot|KEY'), undefined, SELECTOR_ERROR('no_dot|KEY')],
        [detailPath('a.b|KEY-X'), undefined, SELECTOR_ERROR('a.b|KEY-X')],
        [detailPath(KUBELET_ID, ORG, '%20'), '{nope', 'Missing required param from request: user_id'],
        [detailPath(), '{nope', parserMessage('{nope')],
        [detailPath(), '{"clusters":["a"', parserMessage('{"clusters":["a"')],
        [detailPath(), `["${C1}"]`, BAD_JSON_TYPE],
        [detailPath(), '"x"', BAD_JSON_TYPE],
        [detailPath(), '{"clusters":"x"}', BAD_JSON_TYPE],
        [detailPath(), '{"clusters":[1]}', BAD_JSON_TYPE],
      ];
      for (const [path, body, status] of cases) {
        const res = await rawRequest(api, 'GET', path, { body });
        assert.equal(res.status, 400, `${path} ${body}`);
        assert.deepEqual(res.json, { status }, `${path} ${body}`);
        assertMatchesOpenApi('get', DETAIL, res);
      }
    });

    it('other methods give 405 (no OPTIONS route)', async () => {
      for (const method of ['POST', 'OPTIONS']) {
        const res = await api.request(method, detailPath());
        assert.equal(res.status, 405, method);
      }
    });
  });

  describe(`clusters_detail with auth (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
      await seedAdvisor(api.db);
    });
    after(() => api?.close());

    it('401 without identity', async () => {
      const res = await api.request('GET', detailPath());
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { status: 'Missing auth token' });
      assertMatchesOpenApi('get', DETAIL, res);
    });

    it('org-permission check (ours; upstream trusted the path org): a foreign token gets 403', async () => {
      const res = await rawRequest(api, 'GET', detailPath(), { org: 99, body: JSON.stringify({ clusters: [C1] }) });
      assert.equal(res.status, 403);
      assert.match(res.json.status, /you can access info about organization with ID 99$/);
      assertMatchesOpenApi('get', DETAIL, res);
    });
  });
}
