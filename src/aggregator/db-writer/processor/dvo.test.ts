import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { type DvoDecision, processDvoMessage } from './dvo.js';
import { dvoValue, gzipped, newCluster } from './test-helpers/messages.js';

const decide = (value: unknown, allowlist: Set<number> | null = null): DvoDecision =>
  processDvoMessage(Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), { allowlist });
const outcome = (value: unknown) => {
  const d = decide(value);
  return d.kind === 'reject' ? d.error : d.kind;
};

const cluster = newCluster();
const sample = () =>
  dvoValue({
    org: 3,
    cluster,
    lastChecked: '2024-02-06T12:25:07.418761+00:00',
    recommendations: [
      {
        module: 'an_issue_pod',
        key: 'DVO_AN_ISSUE',
        workloads: [
          { namespace: 'ns-a', namespaceUid: 'UID-A', uid: 'w1' },
          { namespace: 'ns-a', namespaceUid: 'UID-A', uid: 'w2' },
          { namespace: 'ns-b', namespaceUid: 'UID-B', uid: 'w3' },
        ],
      },
      {
        module: 'other_issue',
        key: 'DVO_OTHER',
        workloads: [
          { namespace: 'ns-a-renamed', namespaceUid: 'UID-A', uid: 'w1' },
          { namespace: 'ns-a', namespaceUid: 'UID-A', uid: 'w1' },
        ],
      },
    ],
  });

describe('DVO processor', () => {
  it('aggregates workload recommendations per namespace', () => {
    const d = decide(sample());
    assert.equal(d.kind, 'write');
    if (d.kind !== 'write') return;
    assert.equal(d.orgId, 3);
    assert.deepEqual(d.namespaces, [
      {
        namespaceId: 'UID-A',
        namespaceName: 'ns-a',
        recommendations: 2,
        objects: 2,
        ruleHitsCount: '{"ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE":2,"ccx_rules_ocp.external.dvo.other_issue|DVO_OTHER":2}',
      },
      {
        namespaceId: 'UID-B',
        namespaceName: 'ns-b',
        recommendations: 1,
        objects: 1,
        ruleHitsCount: '{"ccx_rules_ocp.external.dvo.an_issue_pod|DVO_AN_ISSUE":1}',
      },
    ]);
  });

  it('stores the Metrics JSON encoded once more as a JSON string', () => {
    const value = sample();
    const d = decide(value);
    assert.equal(d.kind, 'write');
    if (d.kind !== 'write') return;
    assert.ok(d.reportColumn.startsWith('"{\\"analysis_metadata\\":{}'));
    assert.deepEqual(JSON.parse(JSON.parse(d.reportColumn)), value.Metrics);
  });

  it('gunzips values that start with the gzip magic bytes', () => {
    const plain = decide(sample());
    const zipped = decide(gzipped(sample()));
    assert.deepEqual(zipped, plain);
    const truncated = gzipped(sample()).subarray(0, 30);
    assert.equal(outcome(truncated), 'unexpected EOF');
    assert.equal(outcome(Buffer.from([0x1f, 0x8b, 8, 0, 0])), 'unexpected EOF');
    assert.equal(outcome(Buffer.from([0x1f, 0x8b, 0, 0, 0, 0, 0, 0, 0, 0, 0])), 'gzip: invalid header');
    const corrupt = Buffer.from(gzipSync(Buffer.from('{}')));
    corrupt[corrupt.length - 5] ^= 0xff; // CRC
    assert.equal(outcome(corrupt), 'gzip: invalid checksum');
  });

  it('checks OrgID, ClusterName, the UUID, then Metrics', () => {
    assert.equal(outcome({ ClusterName: 'bad' }), "missing required attribute 'OrgID'");
    assert.equal(outcome({ OrgID: 1 }), "missing required attribute 'ClusterName'");
    assert.equal(outcome({ OrgID: 1, ClusterName: 'bad' }), 'cluster name is not a UUID');
    assert.equal(outcome({ OrgID: 1, ClusterName: cluster }), "missing required attribute 'Metrics'");
    assert.equal(
      outcome({ OrgID: 1, ClusterName: cluster, Metrics: [] }),
      'json: cannot unmarshal array into Go struct field incomingMessage.Metrics of type consumer.DvoMetrics',
    );
  });

  it('skips Metrics = {} and rejects Metrics without workload_recommendations', () => {
    assert.equal(outcome({ ...sample(), Metrics: {} }), 'empty');
    assert.equal(
      outcome({ ...sample(), Metrics: { version: 1 } }),
      "improper report structure, missing key with name 'workload_recommendations'", // spec 2.4, literally
    );
  });

  it('takes null recommendation lists as empty', () => {
    const d = decide(dvoValue({ cluster, lastChecked: '2024-02-06T12:25:07Z', recommendations: null }));
    assert.equal(d.kind === 'write' && d.namespaces.length, 0);
    const value = sample();
    (value.Metrics as { workload_recommendations: { workloads: unknown }[] }).workload_recommendations[0].workloads = null;
    const e = decide(value);
    assert.equal(e.kind === 'write' && e.namespaces.length, 1);
  });

  it('rejects badly typed recommendations with Go texts', () => {
    const value = sample();
    const recs = (value.Metrics as { workload_recommendations: Record<string, unknown>[] }).workload_recommendations;
    (recs[1].workloads as Record<string, unknown>[])[0].namespace = 5;
    assert.equal(outcome(value), 'json: cannot unmarshal number into Go struct field DVOWorkload.workloads.namespace of type string');
    recs[1].workloads = [];
    recs[0].details = 'x';
    assert.equal(
      outcome(value),
      'json: cannot unmarshal string into Go struct field WorkloadRecommendation.details of type map[string]interface {}',
    );
    recs[0].details = {};
    recs[0].tags = [1];
    assert.equal(outcome(value), 'json: cannot unmarshal number into Go struct field WorkloadRecommendation.tags of type string');
  });

  it('rejects a recommendation list or element of the wrong type with the Go type names', () => {
    // Go's UnmarshalTypeError outside any struct field: "... into Go value of type <type>".
    const withRecommendations = (list: unknown) => ({ ...sample(), Metrics: { workload_recommendations: list } });
    assert.equal(outcome(withRecommendations(5)), 'json: cannot unmarshal number into Go value of type []types.WorkloadRecommendation');
    assert.equal(outcome(withRecommendations({})), 'json: cannot unmarshal object into Go value of type []types.WorkloadRecommendation');
    assert.equal(outcome(withRecommendations([5])), 'json: cannot unmarshal number into Go value of type types.WorkloadRecommendation');
    assert.equal(outcome(withRecommendations(['x'])), 'json: cannot unmarshal string into Go value of type types.WorkloadRecommendation');
  });

  it('applies version, allowlist and LastChecked checks', () => {
    const d = decide({ ...sample(), Version: 7 });
    assert.equal(d.kind === 'write' && d.unexpectedVersion, 7);
    assert.equal(
      decide(sample(), new Set([4])).kind === 'reject' && (decide(sample(), new Set([4])) as { error: string }).error,
      'organization ID is not in allow list',
    );
    assert.equal(
      outcome({ ...sample(), LastChecked: 'now' }),
      'parsing time "now" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "now" as "2006"',
    );
  });
});
