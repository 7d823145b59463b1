import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toDbTimestamp } from '#common/time.js';
import { jsonString } from '#common/go/json.js';
import { benchmarkFiles, familyFiles } from '#test/fixtures/results-messages.js';
import { decide, errorOf, familyChecks } from './test-helpers/family-checks.js';
import { GO_TIME_LAYOUT, hit, newCluster, ocpValue } from './test-helpers/messages.js';

const cluster = '5d5892d3-1f74-4ccf-91af-548dfc9767aa';
const base = () => ocpValue({ org: 7, cluster, lastChecked: '2020-04-02T09:00:05.268294Z', hits: [hit('a'), hit('b')], version: '4.9.7' });
const LAYOUT = GO_TIME_LAYOUT;

describe('OCP processor: the generated message families', () => {
  familyChecks(familyFiles, ['normal', 'normal_no_version', 'normal_wrong_version'], { family: 'normal', name: '05_rules_hits.json' });
  it('accepts every generated benchmark message', () => {
    for (const file of benchmarkFiles()) assert.equal(decide(file.content).kind, 'write', file.name);
  });
});

describe('OCP processor: validation order and texts', () => {
  it('checks OrgID, ClusterName, Report, then the UUID', () => {
    assert.equal(errorOf({}), "missing required attribute 'OrgID'");
    assert.equal(errorOf({ OrgID: null, ClusterName: 'x' }), "missing required attribute 'OrgID'");
    assert.equal(errorOf({ OrgID: 1, ClusterName: 'not-a-uuid' }), "missing required attribute 'Report'");
    assert.equal(errorOf({ OrgID: 1, ClusterName: 'not-a-uuid', Report: {} }), 'cluster name is not a UUID');
    assert.equal(errorOf({ OrgID: 1, ClusterName: null, Report: {} }), "missing required attribute 'ClusterName'");
    assert.equal(errorOf({ OrgID: 1, ClusterName: cluster, Report: null }), "missing required attribute 'Report'");
    assert.equal(errorOf(null), 'unexpected end of JSON input');
    assert.equal(errorOf('{"OrgID": 1,'), 'unexpected end of JSON input');
    assert.equal(errorOf('[]'), 'json: cannot unmarshal array into Go value of type consumer.incomingMessage');
  });

  it('rejects wrong JSON types with Go texts (first error in document order)', () => {
    const v = (patch: Record<string, unknown>) => ({ ...base(), ...patch });
    const field = (name: string, type: string, what: string) =>
      `json: cannot unmarshal ${what} into Go struct field incomingMessage.${name} of type ${type}`;
    assert.equal(errorOf(v({ OrgID: -1 })), field('OrgID', 'types.OrgID', 'number -1'));
    assert.equal(errorOf(v({ OrgID: 4294967296 })), field('OrgID', 'types.OrgID', 'number 4294967296'));
    assert.equal(errorOf(JSON.stringify(base()).replace('"OrgID":7', '"OrgID":7.0')), field('OrgID', 'types.OrgID', 'number 7.0'));
    assert.equal(errorOf(v({ AccountNumber: '10' })), field('AccountNumber', 'types.Account', 'string'));
    assert.equal(errorOf(v({ Version: 256 })), field('Version', 'types.SchemaVersion', 'number 256'));
    assert.equal(errorOf(v({ ClusterName: 5 })), field('ClusterName', 'types.ClusterName', 'number'));
    assert.equal(errorOf(v({ Report: [] })), field('Report', 'consumer.Report', 'array'));
    assert.equal(errorOf(v({ Report: 'x' })), field('Report', 'consumer.Report', 'string'));
    assert.equal(errorOf(v({ LastChecked: 5 })), field('LastChecked', 'string', 'number'));
    assert.equal(errorOf(v({ RequestId: true })), field('RequestId', 'types.RequestID', 'bool'));
    assert.equal(errorOf(v({ Metadata: 'x' })), field('Metadata', 'types.Metadata', 'string'));
    assert.equal(errorOf(v({ OrgID: 'a', Version: 'b' })), field('OrgID', 'types.OrgID', 'string'));
    assert.equal(
      errorOf(v({ Metadata: { gathering_time: 'yesterday' } })),
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
    assert.equal(errorOf(v({ Metadata: { gathering_time: 5 } })), 'Time.UnmarshalJSON: input is not a JSON string');
  });

  it('matches field names case-insensitively and keeps the last of repeated keys', () => {
    const d = decide(
      `{"orgid": 5, "CLUSTERNAME": "${cluster}", "report": {"system": {}, "reports": [], "fingerprints": []}, "lastchecked": "2020-04-02T09:00:05Z", "accountnumber": 3, "requestid": "r"}`,
    );
    assert.equal(d.kind, 'write');
    assert.equal(d.orgId, 5);
    assert.equal(d.account, 3);
    assert.equal(d.requestId, 'r');
    const e = decide(`{"OrgID": 5, "orgid": null, "ClusterName": "${cluster}", "Report": {}}`);
    assert.equal(e.kind === 'reject' && e.error, "missing required attribute 'OrgID'");
  });

  it('keeps what was decoded for the payload tracker', () => {
    const d = decide({ ...base(), AccountNumber: 'x', RequestId: 'req-1' });
    assert.equal(d.kind, 'reject');
    assert.deepEqual([d.decoded, d.requestId, d.orgId, d.account], [false, 'req-1', 7, undefined]);
    const m = decide({ ...base(), ClusterName: 'bad', RequestId: 'req-2' });
    assert.deepEqual([m.kind, m.decoded, m.requestId], ['reject', false, 'req-2']);
    const ok = decide({ ...base(), LastChecked: 'x', RequestId: 'req-3' });
    assert.deepEqual([ok.kind, ok.decoded, ok.requestId], ['reject', true, 'req-3']);
  });
});

describe('OCP processor: report structure', () => {
  const withReport = (report: unknown) => ({ ...base(), Report: report });

  it('lists missing keys as Go renders the slice', () => {
    assert.equal(
      errorOf(withReport({ fingerprints: [], skips: [{ x: 1 }] })),
      "improper report structure, missing key(s) with name '[reports system]'",
    );
    assert.equal(
      errorOf(withReport({ reports: [], system: { hostname: 'h' } })),
      "improper report structure, missing key(s) with name '[fingerprints]'",
    );
    assert.equal(errorOf(withReport({ pass: 0 })), "improper report structure, missing key(s) with name '[fingerprints reports system]'");
    assert.equal(
      errorOf(withReport({ system: { hostname: 'host' } })),
      "improper report structure, missing key(s) with name '[fingerprints reports]'",
    );
  });

  it('skips reports whose attributes are all empty', () => {
    assert.equal(errorOf(withReport({})), 'empty');
    assert.equal(errorOf(withReport({ system: { metadata: { a: 1 }, hostname: null }, skips: [], info: {} })), 'empty');
    assert.equal(errorOf(withReport({ system: { hostname: '' }, analysis_metadata: { start: 'x' } })), 'empty');
    assert.equal(errorOf(withReport({ system: null, reports: null })), 'empty');
    // Empty reports skip the version and allowlist checks.
    assert.equal(errorOf({ ...withReport({}), Version: 9 }, new Set([1])), 'empty');
  });

  it('treats null reports, info and system as empty', () => {
    const d = decide(withReport({ system: null, reports: null, fingerprints: null, info: null }));
    assert.equal(d.kind, 'write');
    if (d.kind !== 'write') return;
    assert.deepEqual(d.hits, []);
    assert.equal(d.versionInfo, null);
    assert.equal(jsonString(d.reportJson), '{"fingerprints":null,"info":null,"reports":null,"system":null}');
  });

  it('rejects badly typed hits and info items', () => {
    const r = (reports: unknown, info: unknown = []) => errorOf(withReport({ system: {}, fingerprints: [], reports, info }));
    assert.equal(r([{ component: 5 }]), 'json: cannot unmarshal number into Go struct field ReportItem.component of type types.RuleID');
    assert.equal(r({}), 'json: cannot unmarshal object into Go value of type []types.ReportItem');
    assert.equal(r([5]), 'json: cannot unmarshal number into Go value of type types.ReportItem');
    assert.equal(
      r([], [{ info_id: 'x', details: { version: 4 } }]),
      'json: cannot unmarshal number into Go struct field InfoItem.details of type string',
    );
    assert.equal(r([{ component: 'a.report', key: 'K', details: null }]), 'write');
  });

  it('takes the cluster version from the version_info item only', () => {
    const v = (info: unknown) => {
      const d = decide(withReport({ system: {}, fingerprints: [], reports: [], info }));
      return d.kind === 'write' ? d.versionInfo : d.kind;
    };
    assert.equal(v([{ info_id: 'version_info|CLUSTER_VERSION_INFO', details: { version: '4.9.7' } }]), '4.9.7');
    assert.equal(v([{ info_id: 'version_info|CLUSTER_VERSION_INFO', details: { current: '4.3' } }]), '');
    assert.equal(v([{ info_id: 'other|X', details: { version: '1' } }]), null);
  });

  it('rejects a report listing one rule hit twice (the upstream insert fails on the key)', () => {
    assert.equal(
      errorOf(ocpValue({ cluster, lastChecked: '2020-04-02T09:00:05Z', hits: [hit('a'), hit('a')] })),
      'pq: duplicate key value violates unique constraint "rule_hit_pkey"',
    );
  });
});

describe('OCP processor: version, allowlist, LastChecked, Metadata', () => {
  it('warns about unexpected versions only', () => {
    const version = (v: unknown) => {
      const d = decide({ ...base(), Version: v });
      return d.kind === 'write' ? (d.unexpectedVersion ?? 'ok') : d.kind;
    };
    assert.equal(version(1), 'ok');
    assert.equal(version(2), 'ok');
    assert.equal(version(3), 3);
    assert.equal(version(null), 0);
  });

  it('applies the allowlist after the structure checks and before LastChecked', () => {
    assert.equal(errorOf(base(), new Set([1, 2])), 'organization ID is not in allow list');
    assert.equal(errorOf(base(), new Set()), 'organization ID is not in allow list');
    assert.equal(errorOf(base(), new Set([7])), 'write');
    assert.equal(errorOf({ ...base(), LastChecked: 'x' }, new Set([1])), 'organization ID is not in allow list');
  });

  it('parses LastChecked as RFC 3339 in UTC and Metadata.gathering_time', () => {
    const d = decide({ ...base(), LastChecked: '2020-04-02T11:00:05.5+02:00', Metadata: { gathering_time: '2020-04-02T08:58:00Z' } });
    assert.equal(d.kind, 'write');
    if (d.kind !== 'write') return;
    assert.equal(toDbTimestamp(d.lastChecked), '2020-04-02 09:00:05.500000');
    assert.equal(d.gatheredAt && toDbTimestamp(d.gatheredAt), '2020-04-02 08:58:00.000000');
    assert.equal(
      errorOf({ ...base(), LastChecked: '2020.01.23 16:15:59' }),
      `parsing time "2020.01.23 16:15:59" as ${LAYOUT}: cannot parse ".01.23 16:15:59" as "-"`,
    );
  });

  it('accepts messages of any cluster UUID form Go accepts', () => {
    const c = newCluster();
    assert.equal(errorOf({ ...base(), ClusterName: `urn:uuid:${c}` }), 'write');
    assert.equal(errorOf({ ...base(), ClusterName: c.replace(/-/g, '') }), 'write');
  });
});
