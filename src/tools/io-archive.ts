/**
 * A small generator of Insights-Operator-shaped archives (spec 3) for the pipeline's tests, bench and the
 * local launcher's demo data (src/tools/launcher/demo.ts):
 * a healthy cluster's files (`config/id`, `config/version.json`, nodes, cluster operators, proxy,
 * infrastructure), knobs that make each rule hit, and raw tar entries for the bad archives (path escapes,
 * links, bombs).
 */
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export interface RawEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  body?: Buffer | string;
  linkname?: string;
}

/** A tar stream (uncompressed) of the entries, in order. */
export async function tarOf(entries: readonly RawEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    p.on('end', () => resolve());
    p.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') p.entry({ name: e.name, mode: 0o640 }, typeof e.body === 'string' ? e.body : (e.body ?? Buffer.alloc(0)));
    else p.entry({ name: e.name, type, linkname: e.linkname, mode: type === 'directory' ? 0o750 : 0o640 });
  }
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export async function tarGzOf(entries: readonly RawEntry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

export interface NodeSpec {
  name: string;
  role: 'master' | 'worker';
  cpu?: string;
  /** `status.capacity.memory`, default a nominal 16 GiB (`15986156Ki`). */
  memory?: string;
  kubelet?: string;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ClusterSpec {
  /** `config/id` content; null: no such file. */
  id?: string | null;
  /** Current (completed) version, default 4.17.3. */
  version?: string;
  desired?: string;
  versionConditions?: Condition[];
  nodes?: NodeSpec[];
  /** Conditions per operator name (others are healthy). */
  operators?: Record<string, Condition[]>;
  /** A cluster-wide proxy. */
  proxy?: { httpProxy?: string; httpsProxy?: string };
  hypershift?: boolean;
  /** `config/dvo_metrics` with these failed checks (none: no such file; `[]`: the file with no finding). */
  dvo?: DvoFinding[];
  /** Extra files (path -> content), or null to remove a default file. */
  files?: Record<string, string | null>;
}

/** One failed Deployment Validation Operator check on one workload (a line of `config/dvo_metrics`). */
export interface DvoFinding {
  /** e.g. `unset_cpu_requirements` (the metric is `deployment_validation_operator_<check>`). */
  check: string;
  kind?: string;
  namespaceUid: string;
  uid: string;
  /** Omitted from the line when absent (the operator's anonymised archives carry none). */
  namespace?: string;
  name?: string;
}

const DVO_TEXTS: Record<string, [string, string]> = {
  unset_cpu_requirements: [
    'Containers without CPU requests and limits.',
    'Give each container CPU requests and limits, see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ for details.',
  ],
  no_anti_affinity: [
    'Replicated deployments without pod anti-affinity, so replicas may share a node.',
    'Add a podAntiAffinity rule on kubernetes.io/hostname, see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/ for details.',
  ],
};

const escapeLabel = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

/** `config/dvo_metrics` as the operator writes it: a source comment, then one `... 1` sample per finding. */
export function dvoMetricsText(findings: readonly DvoFinding[]): string {
  const lines = ['# http://deployment-validation-operator-metrics.deployment-validation-operator.svc:8383'];
  for (const f of findings) {
    const [description, remediation] = DVO_TEXTS[f.check] ?? [`The ${f.check} check failed.`, 'See the operator documentation.'];
    const labels: [string, string][] = [
      ['check_description', description],
      ['check_remediation', remediation],
      ['kind', f.kind ?? 'Deployment'],
      ['namespace_uid', f.namespaceUid],
      ['uid', f.uid],
    ];
    if (f.namespace !== undefined) labels.push(['namespace', f.namespace]);
    if (f.name !== undefined) labels.push(['name', f.name]);
    lines.push(`deployment_validation_operator_${f.check}{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}} 1`);
  }
  return `${lines.join('\n')}\n`;
}

export const DEFAULT_CLUSTER_ID = '6b0ad9b8-5b4d-4d5f-9a6f-2f0c3b1a8e11';
const T = '2024-08-27T06:26:38Z';

const healthy = (): Condition[] => [
  { type: 'Available', status: 'True', reason: 'AsExpected', message: 'ok', lastTransitionTime: T },
  { type: 'Degraded', status: 'False', reason: 'AsExpected', message: '', lastTransitionTime: T },
  { type: 'Progressing', status: 'False', reason: 'AsExpected', message: '', lastTransitionTime: T },
  { type: 'Upgradeable', status: 'True', reason: 'AsExpected', message: '', lastTransitionTime: T },
];

export const DEFAULT_NODES: NodeSpec[] = [
  { name: 'master-0', role: 'master' },
  { name: 'master-1', role: 'master' },
  { name: 'master-2', role: 'master' },
  { name: 'worker-0', role: 'worker' },
  { name: 'worker-1', role: 'worker' },
];

const OPERATORS = ['authentication', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'openshift-samples', 'network'];

/** The files of a cluster's archive (path -> content). */
export function clusterFiles(spec: ClusterSpec = {}): Map<string, string> {
  const files = new Map<string, string>();
  const version = spec.version ?? '4.17.3';
  if (spec.id !== null) files.set('config/id', spec.id ?? DEFAULT_CLUSTER_ID);
  files.set(
    'config/version.json',
    JSON.stringify({
      metadata: { name: 'version' },
      spec: { clusterID: spec.id ?? DEFAULT_CLUSTER_ID, channel: 'stable-4.17' },
      status: {
        desired: { version: spec.desired ?? version },
        history: [{ state: 'Completed', startedTime: '2024-08-27T06:26:38Z', completionTime: '2024-08-27T06:46:37Z', version }],
        conditions: spec.versionConditions ?? [{ type: 'Available', status: 'True', lastTransitionTime: T }],
      },
    }),
  );
  for (const n of spec.nodes ?? DEFAULT_NODES) {
    const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name };
    if (n.role === 'master') {
      labels['node-role.kubernetes.io/master'] = '';
      labels['node-role.kubernetes.io/control-plane'] = '';
    } else labels['node-role.kubernetes.io/worker'] = '';
    files.set(
      `config/node/${n.name}.json`,
      JSON.stringify({
        metadata: { name: n.name, labels },
        status: {
          capacity: { cpu: n.cpu ?? '4', memory: n.memory ?? '15986156Ki', pods: '250' },
          nodeInfo: { kubeletVersion: n.kubelet ?? 'v1.30.3' },
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: T }],
        },
      }),
    );
  }
  for (const name of OPERATORS) {
    files.set(
      `config/clusteroperator/${name}.json`,
      JSON.stringify({
        metadata: { name },
        status: { conditions: spec.operators?.[name] ?? healthy(), versions: [{ name: 'operator', version }] },
      }),
    );
  }
  files.set('config/clusteroperator/operator.openshift.io/authentication/cluster.json', '{"spec":{}}');
  files.set(
    'config/proxy.json',
    JSON.stringify({ metadata: { name: 'cluster' }, spec: { trustedCA: { name: '' }, ...(spec.proxy ?? {}) }, status: spec.proxy ?? {} }),
  );
  files.set(
    'config/infrastructure.json',
    JSON.stringify({
      metadata: { name: 'cluster' },
      status: {
        platform: 'AWS',
        controlPlaneTopology: spec.hypershift ? 'External' : 'HighlyAvailable',
        infrastructureTopology: 'HighlyAvailable',
      },
    }),
  );
  files.set('insights-operator/gathers.json', '{"status_reports":[]}');
  if (spec.dvo) files.set('config/dvo_metrics', dvoMetricsText(spec.dvo));
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  return files;
}

/** A cluster's archive (`.tar.gz`), folders included as the operator writes them. */
export async function clusterArchive(spec: ClusterSpec = {}): Promise<Buffer> {
  return filesArchive(clusterFiles(spec));
}

/** An archive (`.tar.gz`) of the files (path -> content), folders included as the operator writes them. */
export async function filesArchive(files: ReadonlyMap<string, string>): Promise<Buffer> {
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  return tarGzOf([
    ...[...dirs].sort().map((name) => ({ name, type: 'directory' as const })),
    ...[...files].map(([name, body]) => ({ name, body })),
  ]);
}

/** Clusters that make each rule hit (error key -> spec). */
export const TRIGGERS: Record<string, ClusterSpec> = {
  NODES_MINIMUM_REQUIREMENTS_NOT_MET: {
    nodes: [...DEFAULT_NODES.slice(0, 4), { name: 'worker-small', role: 'worker', cpu: '1', memory: '7000000Ki' }],
  },
  NODE_KUBELET_VERSION: {
    nodes: [...DEFAULT_NODES.slice(0, 4), { name: 'worker-old', role: 'worker', kubelet: 'v1.29.8' }],
  },
  SAMPLES_FAILED_IMAGE_IMPORT_ERR: {
    operators: {
      'openshift-samples': [
        {
          type: 'Degraded',
          status: 'True',
          reason: 'FailedImageImports',
          message: 'Samples installed at 4.17.3, with image import failures for these imagestreams: php',
          lastTransitionTime: T,
        },
      ],
    },
  },
  AUTH_OPERATOR_PROXY_ERROR: {
    proxy: { httpProxy: 'http://proxy.example.com:3128', httpsProxy: 'http://proxy.example.com:3128' },
    operators: {
      authentication: [
        {
          type: 'Degraded',
          status: 'True',
          reason: 'WellKnownEndpointDegradedError',
          message:
            'WellKnownEndpointDegraded: failed to GET well-known https://10.0.0.1:6443/.well-known/oauth-authorization-server: Tunnel or SSL Forbidden',
          lastTransitionTime: T,
        },
        { type: 'Available', status: 'True', reason: 'AsExpected', lastTransitionTime: T },
      ],
    },
  },
  NODE_INSTALLER_DEGRADED: {
    operators: {
      'kube-apiserver': [
        {
          type: 'Degraded',
          status: 'True',
          reason: 'NodeInstallerDegraded',
          message: '1 nodes are failing on revision 7',
          lastTransitionTime: T,
        },
      ],
    },
  },
  BUGZILLA_BUG_1766907: { version: '4.2.16', proxy: { httpProxy: 'http://proxy.example.com:3128' } },
  BUGZILLA_BUG_1821905: {
    version: '4.3.10',
    desired: '4.4.3',
    versionConditions: [
      {
        type: 'Upgradeable',
        status: 'False',
        reason: 'DefaultSecurityContextConstraints_Mutated',
        message: 'Cluster operator kube-apiserver cannot be upgraded: default SecurityContextConstraints were modified',
        lastTransitionTime: T,
      },
    ],
  },
};
