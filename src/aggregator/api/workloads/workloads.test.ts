// @requires postgres
/** DVO workloads of an organization: GET and POST organization/{org_id}/workloads (spec 4.4.9). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '#test/helpers/databases.js';
import { startApi, type TestApi } from '#test/helpers/api.js';
import type { TestResponse } from '#test/helpers/http.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';
import { CLUSTER_1, CLUSTER_2, NS_A, NS_B, dvoCount, reportCount, seedDvo } from './test-helpers/dvo-seed.js';

/** One element of `workloads` as the assertions read it. */
interface WorkloadJson {
  cluster: { uuid: string };
  namespace: { uuid: string; name: string };
  recommendations_hit_count: Record<string, number>;
  metadata: Record<string, unknown>;
}

const T = '/organization/{org_id}/workloads';
const HIT_A = 'ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE';
const HIT_U = 'ccx_rules_ocp.external.dvo.unset_requirements|DVO_UNSET_REQUIREMENTS';
const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM dvo.dvo_report'];

for (const backend of backends) {
  describe(`workloads: organization list (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedReport(api.db, { org: 1, cluster: CLUSTER_1 });
      await seedDvo(api.db, {
        org: 1,
        cluster: CLUSTER_1,
        namespace: NS_A,
        name: 'namespace-name-A',
        recommendations: 1,
        objects: 2,
        hits: { [HIT_A]: 2 },
      });
      await seedDvo(api.db, {
        org: 1,
        cluster: CLUSTER_1,
        namespace: NS_B,
        name: null,
        recommendations: 2,
        objects: 2,
        hits: { [HIT_U]: 1, [HIT_A]: 1 },
      });
      await seedDvo(api.db, { org: 1, cluster: CLUSTER_2, namespace: NS_A, recommendations: 1, objects: 1, hits: { [HIT_A]: 1 } });
      await seedDvo(api.db, { org: 2, cluster: CLUSTER_2, namespace: NS_B });
    });
    after(async () => {
      await api.close();
    });

    const ok = (res: TestResponse, method: string) => {
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assertMatchesOpenApi(method, T, res);
    };
    const expect400 = async (res: TestResponse, method: string, status: string) => {
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json?.status, status);
      assertMatchesOpenApi(method, T, res);
    };

    it('GET lists one element per namespace per cluster, with RFC 3339 s times and sorted hit counts', async () => {
      const res = await api.request('GET', 'organization/1/workloads');
      ok(res, 'GET');
      assert.deepEqual(Object.keys(res.json), ['status', 'workloads']);
      assert.equal(res.json.workloads.length, 3);
      const first = res.json.workloads[0];
      assert.deepEqual(first, {
        cluster: { uuid: CLUSTER_2, display_name: '' },
        namespace: { uuid: NS_A, name: `name-of-${NS_A}` },
        metadata: {
          recommendations: 1,
          objects: 1,
          reported_at: '2024-02-06T12:25:07Z',
          last_checked_at: '2024-02-07T12:25:07Z',
          highest_severity: 0,
          hits_by_severity: null,
        },
        recommendations_hit_count: { [HIT_A]: 1 },
      });
      const b = (res.json.workloads as WorkloadJson[]).find((w) => w.cluster.uuid === CLUSTER_1 && w.namespace.uuid === NS_B);
      assert.ok(b, 'the workload of namespace B');
      assert.equal(b.namespace.name, '');
      assert.deepEqual(Object.keys(b.recommendations_hit_count), [HIT_A, HIT_U]);
      assert.deepEqual(Object.keys(b.metadata), [
        'recommendations',
        'objects',
        'reported_at',
        'last_checked_at',
        'highest_severity',
        'hits_by_severity',
      ]);
      assert.ok(res.text.includes('"hits_by_severity":null'));
    });

    it('GET for an org without rows answers workloads: null (quirk kept)', async () => {
      const res = await api.request('GET', 'organization/3/workloads');
      ok(res, 'GET');
      assert.equal(res.text, '{"status":"ok","workloads":null}\n');
    });

    it('POST restricts to the listed clusters', async () => {
      const res = await api.request('POST', 'organization/1/workloads', { body: [CLUSTER_1] });
      ok(res, 'POST');
      assert.deepEqual(
        (res.json.workloads as WorkloadJson[]).map((w) => [w.cluster.uuid, w.namespace.uuid]),
        [
          [CLUSTER_1, NS_A],
          [CLUSTER_1, NS_B],
        ],
      );
      const both = await api.request('POST', 'organization/1/workloads', { body: [CLUSTER_2, CLUSTER_1, 'not-a-uuid'] });
      ok(both, 'POST');
      assert.equal(both.json.workloads.length, 3);
    });

    it('POST [] (or null) answers workloads: [] without reading; no match answers workloads: null', async () => {
      const empty = await api.request('POST', 'organization/1/workloads', { body: '[]' });
      ok(empty, 'POST');
      assert.equal(empty.text, '{"status":"ok","workloads":[]}\n');
      const nul = await api.request('POST', 'organization/1/workloads', { body: 'null' });
      ok(nul, 'POST');
      assert.equal(nul.text, '{"status":"ok","workloads":[]}\n');
      const none = await api.request('POST', 'organization/1/workloads', { body: ['5d5892d3-1f74-4ccf-91af-548dfc9767aa'] });
      ok(none, 'POST');
      assert.equal(none.text, '{"status":"ok","workloads":null}\n');
      const otherOrg = await api.request('POST', 'organization/2/workloads', { body: [CLUSTER_1] });
      assert.equal(otherOrg.json.workloads, null);
    });

    it('org_id is validated first (GET and POST), then the POST body', async () => {
      for (const method of ['GET', 'POST']) {
        await expect400(
          await api.request(method, 'organization/abc/workloads'),
          method,
          "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'",
        );
        await expect400(
          await api.request(method, 'organization/0/workloads', { body: method === 'POST' ? '{' : undefined }),
          method,
          "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'",
        );
        await expect400(await api.request(method, 'organization/4294967296/workloads'), method, 'value 4294967296 out of range for uint32');
      }
    });

    it('POST body errors: missing, empty, malformed, not an array of strings', async () => {
      await expect400(await api.request('POST', 'organization/1/workloads'), 'POST', "client didn't provide request body");
      await expect400(await api.request('POST', 'organization/1/workloads', { body: '' }), 'POST', "client didn't provide request body");
      for (const bad of ['[', '["a",', 'nope']) {
        const res = await api.request('POST', 'organization/1/workloads', { body: bad });
        assert.equal(res.status, 400, bad);
        assert.notEqual(res.json.status, 'Internal Server Error');
        assertMatchesOpenApi('POST', T, res);
      }
      for (const bad of [`{"clusters":["${CLUSTER_1}"]}`, '[1]', '[["x"]]', '"x"', '42', '{}']) {
        await expect400(await api.request('POST', 'organization/1/workloads', { body: bad }), 'POST', 'bad type in json data');
      }
    });

    it('SQL-injection strings in org_id and in the body change nothing', async () => {
      const before1 = [await dvoCount(api.db), await reportCount(api.db)];
      for (const inj of INJECTIONS) {
        for (const method of ['GET', 'POST']) {
          const res = await api.request(method, `organization/${encodeURIComponent(inj)}/workloads`, {
            body: method === 'POST' ? [CLUSTER_1] : undefined,
          });
          assert.equal(res.status, 400);
          assert.equal(res.json.status, `Error during parsing param 'org_id' with value '${inj}'. Error: 'unsigned integer expected'`);
        }
        const res = await api.request('POST', 'organization/1/workloads', { body: [inj] });
        assert.equal(res.status, 200);
        assert.equal(res.json.workloads, null);
      }
      assert.deepEqual([await dvoCount(api.db), await reportCount(api.db)], before1);
    });

    it('a POST body larger than 1 MiB is rejected', async () => {
      const before1 = await dvoCount(api.db);
      const big = JSON.stringify(Array.from({ length: 30_000 }, () => CLUSTER_1));
      assert.ok(big.length > 1024 * 1024);
      const res = await api.request('POST', 'organization/1/workloads', { body: big });
      assert.equal(res.status, 413);
      assert.equal(res.json.status, 'request body too large');
      assertMatchesOpenApi('POST', T, res);
      assert.equal(await dvoCount(api.db), before1);
    });
  });

  describe(`workloads: auth on (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
      await seedDvo(api.db, { org: 1, cluster: CLUSTER_1, namespace: NS_A });
    });
    after(async () => {
      await api.close();
    });

    it('401 without an identity on every route', async () => {
      for (const [method, path, template] of [
        ['GET', 'organization/1/workloads', T],
        ['POST', 'organization/1/workloads', T],
        [
          'GET',
          `organization/1/namespace/${NS_A}/cluster/${CLUSTER_1}/workloads`,
          '/organization/{org_id}/namespace/{namespace}/cluster/{cluster}/workloads',
        ],
      ]) {
        const res = await api.request(method, path, { body: method === 'POST' ? [CLUSTER_1] : undefined });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi(method, template, res);
      }
    });

    it('org-permission check (ours; upstream trusted the path org): a foreign token gets 403', async () => {
      const res = await api.request('GET', 'organization/1/workloads', { org: 2 });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, {
        status:
          'you have no permissions to get or change info about the organization with ID 1; you can access info about organization with ID 2',
      });
      const ns = await api.request('GET', `organization/1/namespace/${NS_A}/cluster/${CLUSTER_1}/workloads`, { org: 2 });
      assert.equal(ns.status, 403);
      const own = await api.request('GET', 'organization/1/workloads', { org: 1 });
      assert.equal(own.status, 200);
      assert.equal(own.json.workloads.length, 1);
    });
  });
}
