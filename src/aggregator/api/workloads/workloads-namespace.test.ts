// @requires postgres
/** DVO workloads of one namespace (spec 4.4.9), and the missing-DVO-storage answer. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '#test/helpers/databases.js';
import { startApi, type TestApi } from '#test/helpers/api.js';
import type { TestResponse } from '#test/helpers/http.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';
import { zeroConfig } from '../../config.js';
import { createHttpServer } from '#common/http/server.js';
import { silentLogger } from '#common/logger.js';
import { Metrics } from '../../metrics.js';
import { CLUSTER_1, CLUSTER_2, METRICS, NS_A, NS_B, dvoCount, reportCount, seedDvo } from './test-helpers/dvo-seed.js';
import { decodeStoredReport, namespaceRecommendations, workloadsRoutes } from './routes.js';

const T = '/organization/{org_id}/namespace/{namespace}/cluster/{cluster}/workloads';
const path = (org: string | number, ns: string, cluster: string) =>
  `organization/${org}/namespace/${encodeURIComponent(ns)}/cluster/${cluster}/workloads`;
const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM dvo.dvo_report'];

const REC_A = {
  check: 'ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE',
  details: '',
  resolution: '',
  modified: '',
  more_info: '',
  extra_data: { check_name: '', check_url: '', samples: [{ kind: 'DaemonSet', namespace_uid: NS_A, uid: '193a2099' }] },
  objects: [
    { kind: 'DaemonSet', uid: 'UID-0099', display_name: 'test-name-0099' },
    { kind: 'Pod', uid: 'UID-0100', display_name: 'pod-<a>' },
  ],
};

for (const backend of backends) {
  describe(`workloads: one namespace (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedReport(api.db, { org: 1, cluster: CLUSTER_1 });
      await seedDvo(api.db, { org: 1, cluster: CLUSTER_1, namespace: NS_A, name: 'namespace-name-A', recommendations: 1, objects: 2 });
      await seedDvo(api.db, { org: 1, cluster: CLUSTER_1, namespace: NS_B, name: 'namespace-name-B', recommendations: 2, objects: 2 });
      await seedDvo(api.db, { org: 1, cluster: CLUSTER_2, namespace: NS_A, report: JSON.stringify(METRICS) });
      await seedDvo(api.db, { org: 2, cluster: CLUSTER_1, namespace: NS_A, report: '"{not json' });
      await seedDvo(api.db, { org: 2, cluster: CLUSTER_2, namespace: NS_A, report: null });
      await seedDvo(api.db, {
        org: 3,
        cluster: CLUSTER_1,
        namespace: NS_A,
        report: JSON.stringify(JSON.stringify({ workload_recommendations: { not: 'a list' } })),
      });
    });
    after(async () => {
      await api.close();
    });

    const expect400 = async (res: TestResponse, status: string) => {
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json?.status, status);
      assertMatchesOpenApi('GET', T, res);
    };

    it('answers the namespace with the recommendations that hit it, objects filtered to it', async () => {
      const res = await api.request('GET', path(1, NS_A, CLUSTER_1));
      assert.equal(res.status, 200, res.text);
      assertMatchesOpenApi('GET', T, res);
      assert.deepEqual(Object.keys(res.json), ['status', 'workloads']);
      assert.deepEqual(Object.keys(res.json.workloads), ['status', 'cluster', 'namespace', 'metadata', 'recommendations']);
      assert.deepEqual(res.json.workloads, {
        status: '',
        cluster: { uuid: CLUSTER_1, display_name: '' },
        namespace: { uuid: NS_A, name: 'namespace-name-A' },
        metadata: {
          recommendations: 1,
          objects: 2,
          reported_at: '2024-02-06T12:25:07Z',
          last_checked_at: '2024-02-07T12:25:07Z',
          highest_severity: 0,
          hits_by_severity: null,
        },
        recommendations: [REC_A],
      });
      assert.ok(res.text.includes('pod-\\u003ca\\u003e'));
    });

    it('keeps only recommendations with workloads in the namespace; extra_data keys are sorted at every depth', async () => {
      const res = await api.request('GET', path(1, NS_B, CLUSTER_1));
      assert.equal(res.status, 200);
      assertMatchesOpenApi('GET', T, res);
      const recs = res.json.workloads.recommendations;
      assert.deepEqual(
        recs.map((r: { check: string }) => r.check),
        ['ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE', 'ccx_rules_ocp.external.dvo.unset_requirements|DVO_UNSET_REQUIREMENTS'],
      );
      assert.deepEqual(recs[0].objects, [{ kind: 'Pod', uid: 'UID-B1', display_name: 'pod-b' }]);
      assert.deepEqual(recs[1].objects, [{ kind: 'Deployment', uid: 'UID-B2', display_name: 'dep-b' }]);
      assert.ok(res.text.includes('"extra_data":{"alpha":{"b":[{"c":2,"d":1}],"y":2},"zeta":1}'));
    });

    it('tolerates a report stored as a plain JSON object', async () => {
      const res = await api.request('GET', path(1, NS_A, CLUSTER_2));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.workloads.recommendations, [REC_A]);
    });

    it('an unparsable, NULL or wrongly-shaped stored report gives 200 with recommendations: []', async () => {
      for (const [org, cluster] of [
        [2, CLUSTER_1],
        [2, CLUSTER_2],
        [3, CLUSTER_1],
      ] as const) {
        const res = await api.request('GET', path(org, NS_A, cluster));
        assert.equal(res.status, 200);
        assertMatchesOpenApi('GET', T, res);
        assert.deepEqual(res.json.workloads.recommendations, []);
        assert.ok(res.text.includes('"recommendations":[]'));
      }
    });

    it('404 with the colon-joined ID when the namespace is unknown', async () => {
      const res = await api.request('GET', path(1, 'NO-SUCH-NS', CLUSTER_1));
      assert.equal(res.status, 404);
      assert.equal(res.json.status, `Item with ID 1:${CLUSTER_1}:NO-SUCH-NS was not found in the storage`);
      assertMatchesOpenApi('GET', T, res);
      const otherOrg = await api.request('GET', path(9, NS_A, CLUSTER_1));
      assert.equal(otherOrg.json.status, `Item with ID 9:${CLUSTER_1}:${NS_A} was not found in the storage`);
    });

    it('validation order: org_id, cluster, namespace (1..256 bytes)', async () => {
      const long = 'n'.repeat(257);
      await expect400(
        await api.request('GET', path('abc', long, 'bad')),
        "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'",
      );
      await expect400(
        await api.request('GET', path('0', NS_A, CLUSTER_1)),
        "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'",
      );
      await expect400(await api.request('GET', path('4294967296', NS_A, CLUSTER_1)), 'value 4294967296 out of range for uint32');
      await expect400(
        await api.request('GET', path(1, long, 'aaaa')),
        "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'",
      );
      await expect400(
        await api.request('GET', path(1, NS_A, 'zzzzzzzz-624a-49a5-bab8-4fdc5e51a266')),
        "Error during parsing param 'cluster' with value 'zzzzzzzz-624a-49a5-bab8-4fdc5e51a266'. Error: 'invalid UUID format'",
      );
      await expect400(
        await api.request('GET', path(1, long, CLUSTER_1)),
        `Error during parsing param 'namespace' with value '${long}'. Error: 'invalid namespace ID: '${long}''`,
      );
      const multiByte = 'é'.repeat(129); // 258 bytes
      await expect400(
        await api.request('GET', path(1, multiByte, CLUSTER_1)),
        `Error during parsing param 'namespace' with value '${multiByte}'. Error: 'invalid namespace ID: '${multiByte}''`,
      );
      const max = await api.request('GET', path(1, 'n'.repeat(256), CLUSTER_1));
      assert.equal(max.status, 404);
    });

    it('SQL-injection strings in every path parameter are 4xx and change nothing', async () => {
      const before1 = [await dvoCount(api.db), await reportCount(api.db)];
      for (const inj of INJECTIONS) {
        const r1 = await api.request('GET', path(encodeURIComponent(inj), NS_A, CLUSTER_1));
        assert.equal(r1.status, 400);
        const r2 = await api.request('GET', path(1, NS_A, encodeURIComponent(inj)));
        assert.equal(r2.status, 400);
        assert.match(r2.json.status, /^Error during parsing param 'cluster'/);
        const r3 = await api.request('GET', path(1, inj, CLUSTER_1));
        assert.equal(r3.status, 404);
        assert.equal(r3.json.status, `Item with ID 1:${CLUSTER_1}:${inj} was not found in the storage`);
        assertMatchesOpenApi('GET', T, r3);
      }
      assert.deepEqual([await dvoCount(api.db), await reportCount(api.db)], before1);
    });
  });
}

describe('workloads: without a DVO storage', () => {
  const config = zeroConfig();
  const metrics = new Metrics('', { defaultMetrics: false });
  const deps = {
    config,
    metrics,
    logger: silentLogger,
    ocp: null,
    dvo: null,
    build: { BuildBranch: '', BuildCommit: '', BuildTime: '', BuildVersion: '', UtilsVersion: '' },
    dbVersions: { ocp: 'not supported', dvo: 'not supported' },
  };
  const app = createHttpServer({ prefix: '/api/v1/', routes: workloadsRoutes(deps), logger: silentLogger, metrics, auth: false });
  after(async () => {
    await app.close();
  });

  it('answers 500 Internal Server Error after validating the parameters (upstream crashes)', async () => {
    const cases: [string, string, unknown, number][] = [
      ['GET', '/api/v1/organization/1/workloads', undefined, 500],
      ['POST', '/api/v1/organization/1/workloads', [CLUSTER_1], 500],
      ['POST', '/api/v1/organization/1/workloads', [], 200],
      ['GET', `/api/v1/${path(1, NS_A, CLUSTER_1)}`, undefined, 500],
      ['GET', '/api/v1/organization/x/workloads', undefined, 400],
      ['GET', `/api/v1/${path(1, NS_A, 'bad')}`, undefined, 400],
    ];
    for (const [method, url, body, status] of cases) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        payload: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      if (status === 500) assert.equal(res.body, '{"status":"Internal Server Error"}\n');
    }
  });
});

describe('workloads: stored report decoding', () => {
  it('unwraps the double encoding, accepts a plain object and an unquoted escaped object', () => {
    const metrics = { workload_recommendations: [] };
    assert.deepEqual(decodeStoredReport(JSON.stringify(JSON.stringify(metrics))), metrics);
    assert.deepEqual(decodeStoredReport(JSON.stringify(metrics)), metrics);
    assert.deepEqual(decodeStoredReport('{\\"workload_recommendations\\":[]}'), metrics);
    assert.equal(decodeStoredReport('garbage'), null);
    assert.equal(decodeStoredReport(null), null);
  });

  it('wrong shapes give []; null entries and workloads are skipped; field names match case-insensitively', () => {
    const ws = [{ Namespace_UID: 'N', Kind: 'Pod', NAME: 'p', uid: 'u' }];
    assert.deepEqual(
      namespaceRecommendations(
        { workload_recommendations: [null, { Component: 'a.recommendation', Key: 'K', workloads: [null, ...ws] }] },
        'N',
      ),
      [
        {
          check: 'a|K',
          details: '',
          resolution: '',
          modified: '',
          more_info: '',
          extra_data: null,
          objects: [{ kind: 'Pod', uid: 'u', display_name: 'p' }],
        },
      ],
    );
    assert.deepEqual(namespaceRecommendations({ workload_recommendations: [{ component: 5, workloads: ws }] }, 'N'), []);
    assert.deepEqual(namespaceRecommendations({ workload_recommendations: [{ details: [], workloads: ws }] }, 'N'), []);
    assert.deepEqual(namespaceRecommendations({ workload_recommendations: [{ workloads: {} }] }, 'N'), []);
    assert.deepEqual(namespaceRecommendations('text', 'N'), []);
    assert.deepEqual(namespaceRecommendations(null, 'N'), []);
  });
});
