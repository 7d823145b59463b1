/**
 * The demo fleet `npm start` seeds: a few dozen generated clusters (src/tools/io-archive.ts) across two
 * organisations, with varied versions, node counts and sizes, and the rule triggers spread so that every
 * rule of the pipeline (hence every rule of content/) hits somewhere, some clusters with two at once and
 * some healthy; two clusters in three also have workloads failing Deployment Validation Operator checks
 * (`config/dvo_metrics`, every check of content/external/dvo/ somewhere). Deterministic: the same IDs and archives on every start (so reseeding replaces, never adds).
 */
import { createHash } from 'node:crypto';
import { DVO_CHECKS_WITH_CONTENT } from '#contracts/dvo-checks.js';
import { type ClusterSpec, type DvoFinding, type NodeSpec, TRIGGERS } from '../io-archive.js';

export interface DemoCluster {
  id: string;
  org: string;
  /** The triggers applied (error keys); empty: healthy apart from the always-on rules. */
  triggers: string[];
  spec: ClusterSpec;
}

export const DEMO_ORGS = ['1', '2'] as const;
const VERSIONS = ['4.12.45', '4.13.30', '4.14.12', '4.15.3', '4.16.8', '4.17.3'];
const CPUS = ['4', '8', '16'];
const MEMORY = ['15986156Ki', '32761120Ki', '65843212Ki'];

/** A stable UUID from a name (so the demo's cluster IDs are the same on every start). */
export function demoClusterId(name: string): string {
  const h = createHash('sha256').update(`insights-results demo ${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function nodes(i: number): NodeSpec[] {
  const workers = 2 + (i % 5);
  const cpu = CPUS[i % CPUS.length];
  const memory = MEMORY[(i >> 1) % MEMORY.length];
  return [
    ...['master-0', 'master-1', 'master-2'].map((name) => ({ name, role: 'master' as const, cpu: '8', memory: MEMORY[1] })),
    ...Array.from({ length: workers }, (_, w) => ({ name: `worker-${w}`, role: 'worker' as const, cpu, memory })),
  ];
}

const NAMESPACES = ['shop', 'payments', 'monitoring'];
const WORKLOADS = ['api', 'web', 'worker'];

/** Workloads of cluster `i` failing a few DVO checks (every third cluster has none). */
function dvoFindings(i: number): DvoFinding[] {
  if (i % 3 === 2) return [];
  const out: DvoFinding[] = [];
  for (let n = 0; n < 1 + (i % 2); n++) {
    const namespace = NAMESPACES[(i + n) % NAMESPACES.length];
    const namespaceUid = demoClusterId(`cluster-${i} namespace ${namespace}`);
    for (let w = 0; w < 2; w++) {
      const name = WORKLOADS[(i + w) % WORKLOADS.length];
      const uid = demoClusterId(`cluster-${i} ${namespace}/${name}`);
      for (let c = 0; c < 2; c++) {
        const check = DVO_CHECKS_WITH_CONTENT[(i + n + w * 3 + c * 5) % DVO_CHECKS_WITH_CONTENT.length];
        out.push({ check, namespaceUid, uid, namespace, name });
      }
    }
  }
  return out;
}

/** Merges a trigger into a spec: nodes and versions from the trigger, operator conditions added up. */
function withTrigger(spec: ClusterSpec, key: string): ClusterSpec {
  const t = TRIGGERS[key];
  if (!t) throw new Error(`unknown trigger ${key}`);
  const out: ClusterSpec = { ...spec, ...t, operators: { ...spec.operators, ...t.operators } };
  if (t.nodes) {
    // keep this cluster's size, plus the trigger's odd node
    const odd = t.nodes.filter((n) => !n.name.match(/^(master|worker)-\d+$/));
    out.nodes = [...(spec.nodes ?? []), ...odd];
  }
  return out;
}

/** The fleet: `count` clusters (default 36), two thirds in org 1, a third in org 2. */
export function demoFleet(count = 36): DemoCluster[] {
  const keys = Object.keys(TRIGGERS);
  const fleet: DemoCluster[] = [];
  for (let i = 0; i < count; i++) {
    const org = i >= Math.ceil((count * 2) / 3) ? DEMO_ORGS[1] : DEMO_ORGS[0];
    const id = demoClusterId(`cluster-${i}`);
    let spec: ClusterSpec = { id, version: VERSIONS[i % VERSIONS.length], nodes: nodes(i) };
    // slot 0 healthy, 1..n one trigger, n+1 two triggers
    const slot = i % (keys.length + 2);
    const triggers = slot === 0 ? [] : slot <= keys.length ? [keys[slot - 1]] : [keys[i % keys.length], keys[(i + 3) % keys.length]];
    for (const key of triggers) spec = withTrigger(spec, key);
    spec.id = id;
    spec.dvo = dvoFindings(i);
    fleet.push({ id, org, triggers, spec });
  }
  return fleet;
}
