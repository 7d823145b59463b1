// @requires kafka
// @requires s3
// @requires postgres
// @requires redis
/**
 * DVO end to end on real services: an archive with `config/dvo_metrics` uploaded to the S3 server ->
 * announced on Kafka -> the pipeline -> `ccx.dvo.results` (gzip) -> the db-writer with
 * `storage_backend.use = "dvo_recommendations"` -> PostgreSQL -> the aggregator process's workloads routes
 * and the smart proxy's `v2/namespaces/dvo` routes, with the repository's `content/` served by the content
 * service process (the proxy's e2e stack, AMS and RBAC fakes: test/helpers/pipeline-to-proxy.ts). The same
 * archive's OCP report still reaches `ccx.ocp.results`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clusterArchive, type DvoFinding } from '../helpers/io-archive.js';
import { readTopic, waitFor } from '../helpers/kafka.js';
import { PipelineToProxy } from '../helpers/pipeline-to-proxy.js';

const ORG = 123456;
const CLUSTER = '7c2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c6f';
const NS_SHOP = '278af49f-cf01-4e4a-b8ab-1167827b3485';
const NS_DATA = '06d0a3e4-607f-4e63-b5cf-ead2b847461e';
const FINDINGS: DvoFinding[] = [
  { check: 'unset_cpu_requirements', namespaceUid: NS_SHOP, uid: 'uid-api', namespace: 'shop', name: 'api' },
  { check: 'no_anti_affinity', namespaceUid: NS_SHOP, uid: 'uid-api', namespace: 'shop', name: 'api' },
  { check: 'unset_cpu_requirements', namespaceUid: NS_SHOP, uid: 'uid-web', namespace: 'shop', name: 'web' },
  { check: 'unset_memory_requirements', namespaceUid: NS_DATA, uid: 'uid-db', kind: 'StatefulSet', namespace: 'data', name: 'db' },
  // A check the repository has no content for (a newer operator's): stored, but left out by the proxy.
  { check: 'a_future_check', namespaceUid: NS_DATA, uid: 'uid-db', kind: 'StatefulSet', namespace: 'data', name: 'db' },
];
const CPU = 'ccx_rules_ocp.external.dvo.unset_cpu_requirements|DVO_UNSET_CPU_REQUIREMENTS';
const ANTI = 'ccx_rules_ocp.external.dvo.no_anti_affinity|DVO_NO_ANTI_AFFINITY';
const MEMORY = 'ccx_rules_ocp.external.dvo.unset_memory_requirements|DVO_UNSET_MEMORY_REQUIREMENTS';
const FUTURE = 'ccx_rules_ocp.external.dvo.a_future_check|DVO_A_FUTURE_CHECK';

describe('DVO end to end: S3 -> Kafka -> pipeline -> ccx.dvo.results -> DVO db-writer -> PostgreSQL -> aggregator -> smart proxy', () => {
  let p: PipelineToProxy;

  before(async () => {
    p = await PipelineToProxy.start({ name: 'pipedvo', org: ORG, cluster: CLUSTER, displayName: 'DVO cluster', writer: 'dvo' });
  });
  after(() => p?.close());

  it('the aggregator and the proxy answer the cluster workloads the archive reported', async () => {
    const archive = await clusterArchive({ id: CLUSTER, dvo: FINDINGS });
    await p.upload('dvo.tar.gz', archive, 'pipedvo');

    // The aggregator's own route (what the proxy reads).
    const fromAggregator = await waitFor('the workloads in the aggregator', async () => {
      const r = await p.stack.request('GET', `organization/${ORG}/workloads`, { base: p.stack.aggregator.url, org: ORG });
      return r.status === 200 && Array.isArray(r.json?.workloads) ? r : null;
    });
    assert.ok(fromAggregator);
    const rows = (
      fromAggregator.json.workloads as {
        cluster: { uuid: string };
        namespace: { uuid: string; name: string };
        metadata: Record<string, number>;
        recommendations_hit_count: Record<string, number>;
      }[]
    )
      .map((w) => ({
        cluster: w.cluster.uuid,
        namespace: w.namespace,
        recommendations: w.metadata.recommendations,
        objects: w.metadata.objects,
        hits: w.recommendations_hit_count,
      }))
      .sort((a, b) => a.namespace.name.localeCompare(b.namespace.name));
    assert.deepEqual(rows, [
      { cluster: CLUSTER, namespace: { uuid: NS_DATA, name: 'data' }, recommendations: 2, objects: 1, hits: { [FUTURE]: 1, [MEMORY]: 1 } },
      { cluster: CLUSTER, namespace: { uuid: NS_SHOP, name: 'shop' }, recommendations: 2, objects: 2, hits: { [ANTI]: 1, [CPU]: 2 } },
    ]);

    // The smart proxy: the org's namespaces with severities from the content...
    const list = await p.stack.request('GET', '/api/v2/namespaces/dvo', { org: ORG });
    assert.equal(list.status, 200, list.text);
    const shop = list.json.workloads.find((w: { namespace: { uuid: string } }) => w.namespace.uuid === NS_SHOP);
    assert.ok(shop, list.text);
    assert.deepEqual(shop.cluster, { uuid: CLUSTER, display_name: 'DVO cluster' });
    assert.equal(shop.metadata.highest_severity, 2);
    assert.equal(
      Object.values(shop.metadata.hits_by_severity as Record<string, number>).reduce((a, b) => a + b, 0),
      3,
    );

    // ...and one namespace with each recommendation's content and workloads.
    const one = await p.stack.request('GET', `/api/v2/namespaces/dvo/${NS_SHOP}/cluster/${CLUSTER}`, { org: ORG });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json.namespace, { uuid: NS_SHOP, name: 'shop' });
    const recs = Object.fromEntries(
      (one.json.recommendations as { check: string; details: string; total_risk: number; objects: unknown[] }[]).map((r) => [r.check, r]),
    );
    assert.deepEqual(Object.keys(recs).sort(), [ANTI, CPU]);
    assert.equal(recs[CPU].details, 'Containers without CPU requests and limits');
    assert.equal(recs[CPU].total_risk, 2);
    assert.deepEqual(recs[CPU].objects, [
      { kind: 'Deployment', uid: 'uid-api', display_name: 'api' },
      { kind: 'Deployment', uid: 'uid-web', display_name: 'web' },
    ]);

    // A recommendation without content is left out (upstream answers 500 for the whole namespace).
    const data = await p.stack.request('GET', `/api/v2/namespaces/dvo/${NS_DATA}/cluster/${CLUSTER}`, { org: ORG });
    assert.equal(data.status, 200, data.text);
    assert.deepEqual(
      (data.json.recommendations as { check: string }[]).map((r) => r.check),
      [MEMORY],
    );

    // The OCP report of the same archive went its own way.
    const ocp = await readTopic(p.topics.results, 1, { timeoutMs: 30_000 });
    assert.equal(JSON.parse(ocp[0]?.value?.toString() ?? '{}').ClusterName, CLUSTER);
  });
});
