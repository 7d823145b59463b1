/**
 * Generated result messages in the shape of the upstream samples (../shared/testdata/messages): OCP
 * messages built from benchmark_sample/15_rules_000.json (hits and skips taken from it) and DVO messages
 * per spec 2.2.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MESSAGES_DIR } from '#test/helpers/corpus.js';

interface Sample {
  Report: { system: unknown; reports: Record<string, unknown>[]; skips: Record<string, unknown>[]; fingerprints: unknown[] };
}

let sample: Sample | null = null;
function template(): Sample {
  sample ??= JSON.parse(readFileSync(join(MESSAGES_DIR, 'benchmark_sample', '15_rules_000.json'), 'utf8')) as Sample;
  return sample;
}

/** Deterministic UUID-shaped cluster name for (n, salt): distinct pairs give distinct names (md5). */
export function clusterUuid(n: number, salt = 0): string {
  const h = createHash('md5').update(`cluster/${salt}/${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface OcpOptions {
  org: number;
  cluster: string;
  lastChecked: string;
  /** Which hits of the 15-hit pool (default: 7 starting at `seed`). */
  hits?: number[];
  seed?: number;
  requestId?: string;
  account?: number;
  version?: string;
  gatheredAt?: string;
  /** Pad with extra skips up to about this many bytes (default 8000). */
  targetBytes?: number;
}

export function ocpMessage(o: OcpOptions): string {
  const t = template();
  const pool = t.Report.reports;
  const seed = o.seed ?? 0;
  const hits = (o.hits ?? Array.from({ length: 7 }, (_, i) => (seed + i * 2) % pool.length)).map((i) => pool[i]!);
  const version = o.version ?? `4.${seed % 17}.${seed % 31}`;
  const report = {
    system: t.Report.system,
    reports: hits,
    fingerprints: [],
    skips: [...t.Report.skips],
    info: [
      {
        info_id: 'version_info|CLUSTER_VERSION_INFO',
        component: 'ccx_rules_processing.version_info.report',
        type: 'info',
        key: 'CLUSTER_VERSION_INFO',
        details: { version, type: 'info', info_key: 'CLUSTER_VERSION_INFO' },
        tags: [],
        links: {},
      },
    ],
    pass: [],
    analysis_metadata: {
      start: o.lastChecked,
      finish: o.lastChecked,
      execution_context: 'ccx_ocp_core.context.InsightsOperatorContext',
      plugin_sets: { 'insights-core': { version: 'insights-core-3.0.8-1', commit: 'placeholder' } },
    },
  };
  const msg: Record<string, unknown> = {
    OrgID: o.org,
    AccountNumber: o.account ?? o.org + 1000,
    ClusterName: o.cluster,
    LastChecked: o.lastChecked,
    Version: 2,
  };
  if (o.requestId) msg.RequestId = o.requestId;
  if (o.gatheredAt) msg.Metadata = { gathering_time: o.gatheredAt };
  msg.Report = report;
  let text = JSON.stringify(msg);
  const target = o.targetBytes ?? 8000;
  const skip = t.Report.skips[0] ?? {
    rule_fqdn: 'ccx_rules_ocp.ocs.padding.report',
    reason: 'MISSING_REQUIREMENTS',
    details: 'All: [] Any: ',
    type: 'skip',
  };
  if (text.length < target) {
    const each = JSON.stringify({ ...skip, rule_fqdn: 'ccx_rules_ocp.ocs.check_padding_00.report' }).length + 1;
    const pads = Math.ceil((target - text.length) / each);
    for (let n = 0; n < pads; n++) report.skips.push({ ...skip, rule_fqdn: `ccx_rules_ocp.ocs.check_padding_${n}.report` });
    text = JSON.stringify(msg);
  }
  return text;
}

/** ISO time `base + seconds`, microsecond fraction, `Z`. */
export function isoPlus(base: string, seconds: number): string {
  return new Date(Date.parse(base) + seconds * 1000).toISOString().replace('Z', '123Z');
}

export interface DvoWorkload {
  namespace: string;
  namespace_uid: string;
  kind: string;
  name: string;
  uid: string;
}

export interface DvoRecommendation {
  component: string;
  key: string;
  workloads: DvoWorkload[];
}

export function dvoMessage(o: {
  org: number;
  cluster: string;
  lastChecked: string;
  requestId?: string;
  recommendations: DvoRecommendation[];
  gzip?: boolean;
}): Buffer {
  const msg: Record<string, unknown> = {
    OrgID: o.org,
    AccountNumber: o.org + 1000,
    ClusterName: o.cluster,
    LastChecked: o.lastChecked,
    ...(o.requestId ? { RequestId: o.requestId } : {}),
    Metrics: {
      system: { metadata: {}, hostname: null },
      fingerprints: [],
      version: 1,
      analysis_metadata: {},
      workload_recommendations: o.recommendations.map((r) => ({
        response_id: `${r.component
          .replace(/\.recommendation$/, '')
          .split('.')
          .pop()}|${r.key}`,
        component: r.component,
        key: r.key,
        details: {
          check_name: '',
          check_url: '',
          samples: r.workloads.slice(0, 1).map((w) => ({ namespace_uid: w.namespace_uid, kind: w.kind, uid: w.uid })),
        },
        tags: [],
        links: { jira: ['https://issues.redhat.com/browse/AN_ISSUE'], product_documentation: [] },
        workloads: r.workloads,
      })),
    },
  };
  const raw = Buffer.from(JSON.stringify(msg));
  return o.gzip ? gzipSync(raw) : raw;
}
