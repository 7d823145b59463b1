/**
 * Generated result messages for the runtime tests and the consumer benchmark: OCP messages built by the
 * repository's generator (test/fixtures/results-messages.ts: 7 of its 20 rules, details drawn per message)
 * and DVO messages per spec 2.2.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { RULE_POOL, report, ruleHits } from '#test/fixtures/results-messages.js';
import { seededRandom } from '#test/helpers/random.js';

/** Deterministic UUID-shaped cluster name for (n, salt): distinct pairs give distinct names (md5). */
export function clusterUuid(n: number, salt = 0): string {
  const h = createHash('md5').update(`cluster/${salt}/${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Number of distinct rules `hits` may index. */
export const HIT_POOL_SIZE = RULE_POOL.length;

export interface OcpOptions {
  org: number;
  cluster: string;
  lastChecked: string;
  /** Which rules of the pool (default: 7 starting at `seed`); details are drawn from `seed`. */
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
  const seed = o.seed ?? 0;
  const indexes = o.hits ?? Array.from({ length: 7 }, (_, i) => (seed + i * 2) % HIT_POOL_SIZE);
  const hits = ruleHits(seededRandom(seed + 1), indexes.length, indexes);
  const version = o.version ?? `4.${seed % 17}.${seed % 31}`;
  const body = report({ hits, version }) as Record<string, unknown> & { skips: Record<string, unknown>[] };
  body.analysis_metadata = {
    start: o.lastChecked,
    finish: o.lastChecked,
    execution_context: 'ccx_ocp_core.context.InsightsOperatorContext',
    plugin_sets: { 'insights-core': { version: 'insights-core-3.0.8-1', commit: 'placeholder' } },
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
  msg.Report = body;
  let text = JSON.stringify(msg);
  const target = o.targetBytes ?? 8000;
  const skip = {
    rule_fqdn: 'ccx_rules_ocp.ocs.padding.report',
    reason: 'MISSING_REQUIREMENTS',
    details: "All: ['ccx_rules_ocp.ocs.operator_phase_check.OperatorPhase'] Any: ",
    type: 'skip',
  };
  if (text.length < target) {
    const each = JSON.stringify({ ...skip, rule_fqdn: 'ccx_rules_ocp.ocs.check_padding_00.report' }).length + 1;
    const pads = Math.ceil((target - text.length) / each);
    for (let n = 0; n < pads; n++) body.skips.push({ ...skip, rule_fqdn: `ccx_rules_ocp.ocs.check_padding_${n}.report` });
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
