// @requires postgres
/**
 * `POST recommendations/organizations/{org_id}/users/{user_id}/list` and
 * `POST clusters/organizations/{org_id}/users/{user_id}/recommendations` (spec 4.4.8), on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { BAD_JSON_TYPE, NO_BODY } from '#common/errors.js';
import { seedReport } from '#test/helpers/seed.js';
import { BUG_ID, C1, C2, C3, C4, KUBELET_ID, ORG, OTHER_ORG, UNKNOWN, parserMessage, seedAdvisor } from './test-helpers/fixtures.js';

const LIST = '/recommendations/organizations/{org_id}/users/{user_id}/list';
const CLUSTERS = '/clusters/organizations/{org_id}/users/{user_id}/recommendations';
const listPath = (org: string | number = ORG, user = '1') => `recommendations/organizations/${org}/users/${user}/list`;
const clustersPath = (org: string | number = ORG, user = '1') => `clusters/organizations/${org}/users/${user}/recommendations`;

const routes = [
  { name: 'list', template: LIST, path: listPath, key: 'recommendations' },
  { name: 'clusters', template: CLUSTERS, path: clustersPath, key: 'clusters' },
];

for (const backend of backends) {
  describe(`recommendation lists (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedAdvisor(api.db);
    });
    after(() => api?.close());

    it('list: rule_id → the requested clusters of this org hit by it', async () => {
      const res = await api.request('POST', listPath(), { body: [C2, C1, C3, C4, UNKNOWN] });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(res.json, { recommendations: { [BUG_ID]: [C1], [KUBELET_ID]: [C1, C2] }, status: 'ok' });
      assert.ok(res.text.endsWith('\n'));
      assertMatchesOpenApi('post', LIST, res);
    });

    it('list: only the requested clusters, duplicates collapse', async () => {
      const res = await api.request('POST', listPath(), { body: [C2, C2] });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { recommendations: { [KUBELET_ID]: [C2] }, status: 'ok' });
    });

    it('list: the other org sees its own cluster only', async () => {
      const res = await api.request('POST', listPath(OTHER_ORG), { body: [C1, C4] });
      assert.deepEqual(res.json, { recommendations: { [KUBELET_ID]: [C4] }, status: 'ok' });
    });

    it('clusters: per cluster created_at (last_checked_at, RFC 3339 ns), rule IDs and version', async () => {
      const res = await api.request('POST', clustersPath(), { body: [C3, C2, C1, C4, UNKNOWN] });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(res.json, {
        clusters: {
          [C1]: { created_at: '2024-05-02T10:11:12.123456Z', meta: { cluster_version: '4.14.3' }, recommendations: [BUG_ID, KUBELET_ID] },
          [C2]: { created_at: '2024-05-02T10:11:12Z', meta: { cluster_version: '' }, recommendations: [KUBELET_ID] },
          [C3]: { created_at: '2024-05-02T10:11:13.1Z', meta: { cluster_version: '4.15.0' }, recommendations: [] },
        },
        status: 'ok',
      });
      // Go marshals maps with sorted keys.
      assert.deepEqual(Object.keys(res.json.clusters), [C1, C2, C3]);
      assertMatchesOpenApi('post', CLUSTERS, res);
    });

    it('clusters: empty rule IDs are never listed', async () => {
      await api.db.kysely
        .insertInto('recommendation')
        .values({
          org_id: ORG,
          cluster_id: C3,
          rule_fqdn: 'x',
          error_key: 'y',
          rule_id: '',
          created_at: '2024-05-03 00:00:00',
          impacted_since: null,
        })
        .execute();
      try {
        const res = await api.request('POST', clustersPath(), { body: [C3] });
        assert.deepEqual(res.json.clusters[C3].recommendations, []);
      } finally {
        await api.db.kysely.deleteFrom('recommendation').where('cluster_id', '=', C3).execute();
      }
    });

    it('clusters: a cluster named __proto__ stays a plain key', async () => {
      await seedReport(api.db, { org: 7, cluster: '__proto__', lastCheckedAt: '2024-05-02 10:11:12' });
      const res = await api.request('POST', clustersPath(7), { body: ['__proto__'] });
      assert.equal(res.status, 200);
      assert.match(res.text, /^\{"clusters":\{"__proto__":\{"created_at":"2024-05-02T10:11:12Z"/);
    });

    for (const route of routes) {
      it(`${route.name}: an empty list, null, or clusters without data give {}`, async () => {
        for (const body of ['[]', 'null', JSON.stringify([UNKNOWN])]) {
          const res = await api.request('POST', route.path(), { body });
          assert.equal(res.status, 200, body);
          assert.deepEqual(res.json, { [route.key]: {}, status: 'ok' });
          assertMatchesOpenApi('post', route.template, res);
        }
        const other = await api.request('POST', route.path(3), { body: [C1, C2] });
        assert.deepEqual(other.json, { [route.key]: {}, status: 'ok' });
      });

      it(`${route.name}: validation order user_id, org_id, body`, async () => {
        const cases: [string, string | undefined, string][] = [
          [route.path('abc', '%20'), '{}', 'Missing required param from request: user_id'],
          [route.path('abc'), '{}', "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'"],
          [route.path('-1'), '[]', "Error during parsing param 'org_id' with value '-1'. Error: 'unsigned integer expected'"],
          [route.path('0'), '[]', "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'"],
          [route.path('4294967296'), '[]', 'value 4294967296 out of range for uint32'],
          [route.path(), undefined, NO_BODY],
          [route.path(), '', NO_BODY],
          [route.path(), '{"clusters":[]}', BAD_JSON_TYPE],
          [route.path(), '"a"', BAD_JSON_TYPE],
          [route.path(), '[1,2]', BAD_JSON_TYPE],
          [route.path(), '[["a"]]', BAD_JSON_TYPE],
          [route.path(), '[nul', parserMessage('[nul')],
          [route.path(), `["${C1}"`, parserMessage(`["${C1}"`)],
        ];
        for (const [path, body, status] of cases) {
          const res = await api.request('POST', path, { body });
          assert.equal(res.status, 400, `${path} ${body}`);
          assert.deepEqual(res.json, { status }, `${path} ${body}`);
          assertMatchesOpenApi('post', route.template, res);
        }
      });

      it(`${route.name}: OPTIONS is a preflight (200, empty body)`, async () => {
        const res = await api.request('OPTIONS', route.path());
        assert.equal(res.status, 200);
        assert.equal(res.text, '');
        assertMatchesOpenApi('options', route.template, res);
      });

      it(`${route.name}: other methods give 405`, async () => {
        const res = await api.request('GET', route.path());
        assert.equal(res.status, 405);
      });
    }
  });

  describe(`recommendation lists with auth (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
      await seedAdvisor(api.db);
    });
    after(() => api?.close());

    for (const route of routes) {
      it(`${route.name}: 401 without identity, none for OPTIONS`, async () => {
        const res = await api.request('POST', route.path(), { body: [C1] });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi('post', route.template, res);
        const preflight = await api.request('OPTIONS', route.path());
        assert.equal(preflight.status, 200);
        assert.equal(preflight.text, '');
      });

      it(`${route.name}: org-permission check (ours; upstream trusted the path org)`, async () => {
        const own = await api.request('POST', route.path(), { body: [C1], org: ORG });
        assert.equal(own.status, 200);
        assert.ok(Object.keys(own.json[route.key]).length > 0);
        const foreign = await api.request('POST', route.path(), { body: [C1], org: 99 });
        assert.equal(foreign.status, 403);
        assert.deepEqual(foreign.json, {
          status: `you have no permissions to get or change info about the organization with ID ${ORG}; you can access info about organization with ID 99`,
        });
        assertMatchesOpenApi('post', route.template, foreign);
      });
    }
  });
}
