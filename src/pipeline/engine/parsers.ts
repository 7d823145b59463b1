/**
 * Typed parsers of the Insights Operator files the rules read (spec 3). Each is computed once per archive
 * (Archive.get) and returns undefined when its files are absent or unusable.
 */
import { isUuid } from '#common/ids.js';
import type { Parser } from './archive.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `config/id`: its first 36 characters when they are a UUID. */
export const ClusterIdFile: Parser<string> = {
  name: 'ccx_ocp_core.specs.insights_operator.ClusterId',
  parse(a) {
    const id = a.text('config/id')?.trim().slice(0, 36);
    return id !== undefined && isUuid(id) ? id : undefined;
  },
};

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

function conditions(v: unknown): Condition[] {
  return arr(v).map((c) => {
    const o = obj(c);
    return {
      type: str(o.type),
      status: str(o.status),
      reason: str(o.reason),
      message: str(o.message),
      lastTransitionTime: str(o.lastTransitionTime),
    };
  });
}

export interface HistoryEntry {
  state: string;
  version: string;
  startedTime: string;
  completionTime: string;
}

export interface ClusterVersion {
  clusterId: string;
  desired: string;
  history: HistoryEntry[];
  conditions: Condition[];
}

/** `config/version.json` (ClusterVersion). */
export const ClusterVersionParser: Parser<ClusterVersion> = {
  name: 'ccx_ocp_core.models.version.ClusterVersion',
  parse(a) {
    const doc = obj(a.json('config/version.json') ?? null);
    if (Object.keys(doc).length === 0) return undefined;
    const status = obj(doc.status);
    return {
      clusterId: str(obj(doc.spec).clusterID),
      desired: str(obj(status.desired).version),
      history: arr(status.history).map((h) => {
        const o = obj(h);
        return { state: str(o.state), version: str(o.version), startedTime: str(o.startedTime), completionTime: str(o.completionTime) };
      }),
      conditions: conditions(status.conditions),
    };
  },
};

export interface Node {
  name: string;
  role: 'master' | 'worker' | 'other';
  /** vCPUs (`status.capacity.cpu`, `500m` = 0.5). */
  cpu: number;
  /** Bytes (`status.capacity.memory`, e.g. `16409932Ki`). */
  memoryBytes: number;
  kubeletVersion: string;
  conditions: Condition[];
}

const QUANTITY_UNITS: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

/** A Kubernetes quantity (`16409932Ki`, `4`, `3500m`) as a number; NaN when not one. */
export function parseQuantity(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m || !(m[2] in QUANTITY_UNITS)) return Number.NaN;
  return Number(m[1]) * QUANTITY_UNITS[m[2]];
}

function nodeRole(labels: Json): Node['role'] {
  if ('node-role.kubernetes.io/master' in labels || 'node-role.kubernetes.io/control-plane' in labels) return 'master';
  if ('node-role.kubernetes.io/worker' in labels) return 'worker';
  return 'other';
}

/** `config/node/<node>.json` (Node), sorted by name. */
export const NodesParser: Parser<Node[]> = {
  name: 'ccx_ocp_core.models.nodes.Nodes',
  parse(a) {
    const paths = a.listDirect('config/node', '.json');
    if (paths.length === 0) return undefined;
    const nodes = paths.map((p) => {
      const doc = obj(a.json(p));
      const meta = obj(doc.metadata);
      const status = obj(doc.status);
      const capacity = obj(status.capacity);
      return {
        name: str(meta.name) || p.slice('config/node/'.length, -'.json'.length),
        role: nodeRole(obj(meta.labels)),
        cpu: parseQuantity(str(capacity.cpu)),
        memoryBytes: parseQuantity(str(capacity.memory)),
        kubeletVersion: str(obj(status.nodeInfo).kubeletVersion),
        conditions: conditions(status.conditions),
      };
    });
    return nodes.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  },
};

export interface ClusterOperator {
  name: string;
  conditions: Condition[];
  /** `status.versions[name=operator].version`. */
  version: string;
}

/** `config/clusteroperator/<name>.json` (ClusterOperator; the operator.openshift.io sub-folders are not). */
export const ClusterOperatorsParser: Parser<Map<string, ClusterOperator>> = {
  name: 'ccx_ocp_core.models.cluster_operators.ClusterOperators',
  parse(a) {
    const paths = a.listDirect('config/clusteroperator', '.json');
    if (paths.length === 0) return undefined;
    const out = new Map<string, ClusterOperator>();
    for (const p of paths) {
      const doc = obj(a.json(p));
      const name = str(obj(doc.metadata).name) || p.slice('config/clusteroperator/'.length, -'.json'.length);
      const status = obj(doc.status);
      const versions = arr(status.versions).map(obj);
      const version = str((versions.find((v) => v.name === 'operator') ?? versions[0])?.version);
      out.set(name, { name, conditions: conditions(status.conditions), version });
    }
    return out;
  },
};

export interface Proxy {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  /** A cluster-wide proxy is configured (spec or status). */
  configured: boolean;
}

/** `config/proxy.json` (Proxy `cluster`). */
export const ProxyParser: Parser<Proxy> = {
  name: 'ccx_ocp_core.models.proxy.Proxy',
  parse(a) {
    const doc = a.json('config/proxy.json');
    if (doc === undefined) return undefined;
    const spec = obj(obj(doc).spec);
    const status = obj(obj(doc).status);
    const httpProxy = str(spec.httpProxy) || str(status.httpProxy);
    const httpsProxy = str(spec.httpsProxy) || str(status.httpsProxy);
    return { httpProxy, httpsProxy, noProxy: str(spec.noProxy) || str(status.noProxy), configured: httpProxy !== '' || httpsProxy !== '' };
  },
};

/** `config/infrastructure.json`: is the control plane hosted outside the cluster (HyperShift)? */
export const HypershiftParser: Parser<boolean> = {
  name: 'ccx_ocp_core.models.infrastructure.Infrastructure',
  parse(a) {
    const doc = a.json('config/infrastructure.json');
    if (doc === undefined) return undefined;
    return str(obj(obj(doc).status).controlPlaneTopology) === 'External';
  },
};
