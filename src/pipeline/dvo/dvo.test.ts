/**
 * DVO extraction (spec 5) on archives from the repository's generator: valid metrics become the
 * `ccx.dvo.results` value (gzip, field order, workload recommendations), an absent file gives no message,
 * an empty one an empty list, a malformed or oversized one is refused with a reason naming the problem.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { clusterArchive, type DvoFinding, dvoMetricsText, tarGzOf } from '#test/helpers/io-archive.js';
import type { Announcement } from '../announce/announce.js';
import { extractArchive } from '../archive/extract.js';
import { DEFAULT_DVO_LIMITS, dvoFindings, dvoOutcome } from './extract.js';
import { parseDvoMetrics } from './metrics-file.js';

const NS_A = '278af49f-cf01-4e4a-b8ab-1167827b3485';
const NS_B = '06d0a3e4-607f-4e63-b5cf-ead2b847461e';
const FINDINGS: DvoFinding[] = [
  { check: 'unset_cpu_requirements', namespaceUid: NS_A, uid: 'uid-api', namespace: 'shop', name: 'api' },
  { check: 'no_anti_affinity', namespaceUid: NS_A, uid: 'uid-api', namespace: 'shop', name: 'api' },
  { check: 'unset_cpu_requirements', namespaceUid: NS_B, uid: 'uid-db', kind: 'StatefulSet', namespace: 'data', name: 'db' },
  // Listed twice by the operator: one workload.
  { check: 'unset_cpu_requirements', namespaceUid: NS_B, uid: 'uid-db', kind: 'StatefulSet', namespace: 'data', name: 'db' },
];
const CLUSTER = '6b0ad9b8-5b4d-4d5f-9a6f-2f0c3b1a8e11';
const ANNOUNCEMENT: Announcement = {
  url: 'https://bucket.s3.amazonaws.com/x',
  requestId: 'req-1',
  orgId: 123456,
  account: 789000,
  timestamp: '2024-08-27T07:00:00.123Z',
};

const filesOf = async (dvo?: DvoFinding[], extra: Record<string, string | null> = {}) =>
  extractArchive(await clusterArchive({ dvo, files: extra }));

describe('DVO extraction', () => {
  it('turns config/dvo_metrics into the gzip-compressed ccx.dvo.results value', async () => {
    const out = dvoOutcome(await filesOf(FINDINGS), ANNOUNCEMENT, CLUSTER, 2, DEFAULT_DVO_LIMITS, new Date('2024-08-27T07:00:01Z'));
    assert.equal(out.kind, 'publish');
    if (out.kind !== 'publish') return;
    assert.deepEqual([out.value[0], out.value[1]], [0x1f, 0x8b]);
    assert.equal(out.recommendations, 2);
    assert.equal(out.workloads, 3);
    const text = gunzipSync(out.value).toString('utf8');
    assert.ok(text.endsWith('}\n'));
    const msg = JSON.parse(text);
    assert.deepEqual(Object.keys(msg), ['OrgID', 'AccountNumber', 'ClusterName', 'Metrics', 'RequestId', 'LastChecked', 'Version']);
    assert.equal(msg.OrgID, 123456);
    assert.equal(msg.AccountNumber, 789000);
    assert.equal(msg.ClusterName, CLUSTER);
    assert.equal(msg.RequestId, 'req-1');
    assert.equal(msg.LastChecked, '2024-08-27T07:00:00.123Z');
    assert.equal(msg.Version, 2);
    assert.equal(msg.Metrics.reports, undefined);
    assert.deepEqual(msg.Metrics.system, { metadata: {}, hostname: null });
    assert.equal(msg.Metrics.analysis_metadata.start, '2024-08-27T07:00:01.000Z');
    const [anti, cpu] = msg.Metrics.workload_recommendations;
    assert.deepEqual(anti, {
      response_id: 'no_anti_affinity|DVO_NO_ANTI_AFFINITY',
      component: 'ccx_rules_ocp.external.dvo.no_anti_affinity.recommendation',
      key: 'DVO_NO_ANTI_AFFINITY',
      details: {
        check_name: 'no_anti_affinity',
        check_url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/',
        samples: [{ namespace_uid: NS_A, kind: 'Deployment', uid: 'uid-api' }],
      },
      tags: [],
      links: { jira: [], product_documentation: ['https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/'] },
      workloads: [{ namespace: 'shop', namespace_uid: NS_A, kind: 'Deployment', name: 'api', uid: 'uid-api' }],
    });
    assert.equal(cpu.key, 'DVO_UNSET_CPU_REQUIREMENTS');
    assert.deepEqual(
      cpu.workloads.map((w: { name: string; kind: string }) => `${w.kind}/${w.name}`),
      ['Deployment/api', 'StatefulSet/db'],
    );
  });

  it('omits AccountNumber when the identity has no numeric account', async () => {
    const { account: _, ...noAccount } = ANNOUNCEMENT;
    const out = dvoOutcome(await filesOf(FINDINGS), noAccount, CLUSTER, 2, DEFAULT_DVO_LIMITS, new Date());
    assert.equal(out.kind, 'publish');
    if (out.kind === 'publish') assert.equal('AccountNumber' in JSON.parse(gunzipSync(out.value).toString()), false);
  });

  it('an archive without config/dvo_metrics has no DVO message', async () => {
    assert.deepEqual(dvoOutcome(await filesOf(), ANNOUNCEMENT, CLUSTER, 2, DEFAULT_DVO_LIMITS, new Date()), { kind: 'absent' });
  });

  it('a file without findings gives an empty list (the db-writer then clears the cluster)', async () => {
    assert.deepEqual(dvoFindings(await filesOf([])), { kind: 'found', recommendations: [] });
    const zeros = 'deployment_validation_operator_no_anti_affinity{kind="Deployment",namespace_uid="a",uid="b"} 0\n';
    assert.deepEqual(dvoFindings(await filesOf(undefined, { 'config/dvo_metrics': zeros })), { kind: 'found', recommendations: [] });
  });

  it('reads labels holding commas, quotes and escapes; ignores other metrics and comments; keeps anonymised lines', () => {
    const text = [
      '# HELP deployment_validation_operator_x something',
      'go_goroutines 12',
      'deployment_validation_operator_x{check_remediation="a, b \\"c\\" d\\\\e\\nf",kind="Pod",namespace_uid="n",uid="u"} 1',
      'deployment_validation_operator_y{kind="Pod", namespace_uid="n", uid="v",} 1 1700000000000',
    ].join('\r\n');
    const samples = parseDvoMetrics(text);
    assert.deepEqual(
      samples.map((s) => s.check),
      ['x', 'y'],
    );
    assert.equal(samples[0].labels.check_remediation, 'a, b "c" d\\e\nf');
    assert.equal(samples[0].labels.name, undefined);
  });

  for (const [name, line, reason] of [
    ['unterminated value', 'deployment_validation_operator_x{kind="Pod,namespace_uid="n",uid="u"} 1', /line 3: .*label/],
    ['missing uid', 'deployment_validation_operator_x{kind="Pod",namespace_uid="n"} 1', /line 3: label\(s\) uid missing or empty/],
    ['no labels', 'deployment_validation_operator_x 1', /line 3: label\(s\) kind, namespace_uid, uid missing/],
    [
      'bad value',
      'deployment_validation_operator_x{kind="Pod",namespace_uid="n",uid="u"} one',
      /line 3: sample value 'one' is not a number/,
    ],
    ['no value', 'deployment_validation_operator_x{kind="Pod",namespace_uid="n",uid="u"}', /line 3: sample value expected/],
    ['garbage', '{{{ not prometheus', /line 3: not a metric sample/],
    ['bad escape', 'deployment_validation_operator_x{kind="P\\od",namespace_uid="n",uid="u"} 1', /line 3: bad escape/],
  ] as const) {
    it(`refuses a malformed file (${name}) with the line and the reason`, async () => {
      const text = `${dvoMetricsText(FINDINGS.slice(0, 1))}${line}\n`;
      const out = dvoOutcome(
        await filesOf(undefined, { 'config/dvo_metrics': text }),
        ANNOUNCEMENT,
        CLUSTER,
        2,
        DEFAULT_DVO_LIMITS,
        new Date(),
      );
      assert.equal(out.kind, 'refused');
      if (out.kind === 'refused') assert.match(out.reason, new RegExp(`^config/dvo_metrics ${reason.source}`));
    });
  }

  it('refuses a file that is not UTF-8', async () => {
    const files = await extractArchive(await tarGzOf([{ name: 'config/dvo_metrics', body: Buffer.from([0xff, 0xfe, 0x41]) }]));
    assert.deepEqual(dvoFindings(files), { kind: 'refused', reason: 'config/dvo_metrics is not UTF-8 text' });
  });

  it('refuses an oversized file, and a message over max_message_size once compressed', async () => {
    const many: DvoFinding[] = Array.from({ length: 400 }, (_, i) => ({
      check: `check_${i % 7}`,
      namespaceUid: `ns-${i % 13}`,
      uid: `workload-${i}-${(i * 2654435761) % 1e9}`,
      name: `w${i}`,
      namespace: `n${i % 13}`,
    }));
    const files = await filesOf(many);
    const size = files.get('config/dvo_metrics')?.length ?? 0;
    const small = { ...DEFAULT_DVO_LIMITS, maxMetricsBytes: size - 1 };
    assert.deepEqual(dvoFindings(files, small), {
      kind: 'refused',
      reason: `config/dvo_metrics is ${size} bytes, over max_metrics_size (${size - 1} bytes)`,
    });
    assert.equal(dvoFindings(files, { ...small, maxMetricsBytes: size }).kind, 'found');
    const out = dvoOutcome(files, ANNOUNCEMENT, CLUSTER, 2, { maxMetricsBytes: size, maxMessageBytes: 4096 }, new Date());
    assert.equal(out.kind, 'refused');
    if (out.kind === 'refused')
      assert.match(out.reason, /^ccx\.dvo\.results message is \d+ bytes compressed, over max_message_size \(4096 bytes\)$/);
  });
});
