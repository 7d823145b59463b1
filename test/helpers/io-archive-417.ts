/**
 * Full-size Insights Operator archives shaped like a real OCP 4.17 one (the pipeline's bench): the files the
 * rules read (io-archive.ts's clusterFiles, here with 33 cluster operators and `ip-10-0-*` nodes carrying
 * their image lists) plus everything else the operator gathers, with the real archive's layout, counts and
 * sizes: pods, machine configs, CRDs, webhooks, PDBs, machines, events, metrics, node logs, ~190 entries,
 * ~700 KB uncompressed, ~90-100 KB gzipped. Contents are drawn from a seeded generator (names, UIDs,
 * digests, IPs, timestamps), so archives of different seeds differ and compress like real ones.
 * Nothing here reads ../shared.
 */
import { randomUUID } from 'node:crypto';
import { type ClusterSpec, clusterFiles, filesArchive, type NodeSpec } from './io-archive.js';
import { hex, int, pick, type Random, seededRandom } from './random.js';

const alnum = (r: Random, n: number) => Array.from({ length: n }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(r() * 27)]).join('');
const uid = (r: Random) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(r, 3)}-${hex(r, 12)}`;
const ip = (r: Random) => `10.0.${int(r, 0, 127)}.${int(r, 2, 254)}`;
const time = (r: Random) => `2024-08-${String(int(r, 20, 28)).padStart(2, '0')}T0${int(r, 0, 9)}:${int(r, 10, 59)}:${int(r, 10, 59)}Z`;

const NAMESPACES = [
  'openshift-multus',
  'openshift-ovn-kubernetes',
  'openshift-machine-config-operator',
  'openshift-kube-controller-manager',
  'openshift-console-operator',
  'openshift-ingress-operator',
  'openshift-monitoring',
  'openshift-machine-api',
  'openshift-cluster-storage-operator',
  'openshift-cloud-controller-manager-operator',
];
const REASONS = ['BackOff', 'FailedCreate', 'Pulled', 'Created', 'Started', 'Killing', 'Unhealthy', 'FailedMount'];
const OPERATORS = [
  'authentication',
  'baremetal',
  'cloud-controller-manager',
  'cloud-credential',
  'cluster-autoscaler',
  'config-operator',
  'console',
  'control-plane-machine-set',
  'csi-snapshot-controller',
  'dns',
  'etcd',
  'image-registry',
  'ingress',
  'insights',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-storage-version-migrator',
  'machine-api',
  'machine-approver',
  'machine-config',
  'marketplace',
  'monitoring',
  'network',
  'node-tuning',
  'openshift-apiserver',
  'openshift-controller-manager',
  'openshift-samples',
  'operator-lifecycle-manager',
  'operator-lifecycle-manager-catalog',
  'operator-lifecycle-manager-packageserver',
  'service-ca',
  'storage',
];

const image = (r: Random) => `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${hex(r, 64)}`;

function meta(r: Random, name: string, namespace?: string): Record<string, unknown> {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: uid(r),
    resourceVersion: String(int(r, 1000, 999_999)),
    creationTimestamp: time(r),
    labels: { app: name.split('-')[0], 'app.kubernetes.io/managed-by': 'cluster-version-operator' },
  };
}

function container(r: Random, name: string, images: string[]): Record<string, unknown> {
  return {
    name,
    image: pick(r, images),
    command: ['/bin/bash', '-c', `set -euo pipefail\nexec /usr/bin/${name} --config=/etc/${name}/config.yaml --v=2`],
    env: [
      { name: 'KUBERNETES_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'RELEASE_VERSION', value: '4.17.0' },
    ],
    resources: { requests: { cpu: `${int(r, 1, 50)}m`, memory: `${int(r, 10, 300)}Mi` } },
    volumeMounts: [
      { name: 'config', mountPath: `/etc/${name}` },
      { name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'FallbackToLogsOnError',
    imagePullPolicy: 'IfNotPresent',
  };
}

/** A JSON document of about `bytes` bytes: `head` plus `item(i)` entries in `head[key]` until the size is reached. */
function sized(bytes: number, head: Record<string, unknown>, key: string, item: (i: number) => unknown): string {
  const items: unknown[] = [];
  const doc = { ...head, [key]: items };
  let size = JSON.stringify(doc).length;
  for (let i = 0; size < bytes; i++) {
    const it = item(i);
    items.push(it);
    size += JSON.stringify(it).length + 1;
  }
  return JSON.stringify(doc);
}

function pod(r: Random, ns: string, bytes: number, images: string[], nodes: string[]): string {
  const name = `${ns.replace('openshift-', '')}-${alnum(r, 10)}-${alnum(r, 5)}`;
  const head = {
    metadata: meta(r, name, ns),
    spec: { nodeName: pick(r, nodes), serviceAccountName: ns.replace('openshift-', ''), priorityClassName: 'system-node-critical' },
    status: {
      phase: 'Running',
      hostIP: ip(r),
      podIP: ip(r),
      startTime: time(r),
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: time(r),
      })),
    },
  };
  return sized(bytes, head, 'containers', (i) => ({
    ...container(r, `${pick(r, ['kube-rbac-proxy', 'controller', 'operator', 'multus', 'ovnkube'])}-${i}`, images),
    containerID: `cri-o://${hex(r, 64)}`,
    restartCount: int(r, 0, 3),
    started: true,
    state: { running: { startedAt: time(r) } },
  }));
}

function machineConfig(r: Random, name: string, bytes: number): string {
  return sized(bytes, { metadata: meta(r, name), spec: { osImageURL: image(r), kernelType: 'default' } }, 'files', (i) => ({
    path: `/etc/kubernetes/${pick(r, ['kubelet', 'crio', 'static-pod-resources', 'cni'])}/file-${i}.conf`,
    mode: 420,
    overwrite: true,
    contents: {
      source: `data:,${encodeURIComponent(`[crio.runtime]\nconmon_cgroup = "pod"\ncgroup_manager = "systemd"\n# ${hex(r, 24)}\n`)}`,
    },
  }));
}

function operator(r: Random, name: string, version: string, bytes: number, conditions: unknown): string {
  const head = {
    metadata: meta(r, name),
    spec: {},
    status: {
      conditions,
      versions: [
        { name: 'operator', version },
        { name: name, version },
      ],
    },
  };
  return sized(bytes, head, 'relatedObjects', (i) => ({
    group: pick(r, ['', 'operator.openshift.io', 'apps', 'rbac.authorization.k8s.io']),
    resource: pick(r, ['namespaces', 'deployments', 'configmaps', 'clusterroles', 'services']),
    name: `${name}-${pick(r, ['operator', 'config', 'metrics', 'serving-cert'])}-${i}`,
    namespace: `openshift-${name}`,
  }));
}

function metrics(r: Random, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const metric = pick(r, [
      'cluster_installer',
      'etcd_server_slow_apply_total',
      'namespace:container_cpu_usage:sum',
      'alerts',
      'console_url',
    ]);
    const ns = pick(r, NAMESPACES);
    const line = `# TYPE ${metric} untyped\n${metric}{endpoint="metrics",instance="${ip(r)}:9099",job="${ns.replace('openshift-', '')}",namespace="${ns}",pod="${ns.replace('openshift-', '')}-${alnum(r, 9)}-${alnum(r, 5)}",prometheus="openshift-monitoring/k8s",prometheus_replica="prometheus-k8s-${int(r, 0, 1)}"} ${int(r, 0, 5000)} 17248${int(r, 100_000_000, 999_999_999)}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

function log(r: Random, node: string, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = `Aug 28 0${int(r, 0, 9)}:${int(r, 10, 59)}:${int(r, 10, 59)} ${node} kubenswrapper[${int(r, 1000, 9999)}]: E0828 ${int(r, 10, 23)}:${int(r, 10, 59)}:${int(r, 10, 59)}.${int(r, 100_000, 999_999)} ${int(r, 1000, 9999)} pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" with CrashLoopBackOff" pod="${pick(r, NAMESPACES)}/${alnum(r, 12)}" podUID="${uid(r)}"\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

function events(r: Random, bytes: number): string {
  return sized(bytes, {}, 'items', () => ({
    namespace: 'openshift-machine-api',
    lastTimestamp: time(r),
    reason: pick(r, REASONS),
    message: `${pick(r, ['Back-off restarting failed container', 'reconciler failed to Create machine', 'Readiness probe failed'])} ${alnum(r, 12)} (${uid(r)})`,
    type: pick(r, ['Warning', 'Normal']),
  }));
}

function crd(r: Random, name: string, bytes: number): string {
  return sized(
    bytes,
    { metadata: meta(r, name), spec: { group: name.split('.').slice(1).join('.'), scope: 'Cluster' } },
    'properties',
    (i) => ({
      name: `field${i}`,
      type: pick(r, ['string', 'integer', 'boolean', 'object']),
      description: `${pick(r, ['Specifies', 'Indicates', 'Holds'])} the ${pick(r, ['snapshot', 'volume', 'class', 'source'])} ${pick(r, ['name', 'handle', 'policy', 'size'])} of the object. This field is immutable once set; see the API conventions for details.`,
    }),
  );
}

function generic(r: Random, name: string, bytes: number): string {
  return sized(bytes, { metadata: meta(r, name) }, 'items', (i) => ({
    name: `${name}-${i}`,
    uid: uid(r),
    namespace: pick(r, NAMESPACES),
    creationTimestamp: time(r),
    rules: [{ apiGroups: [pick(r, ['', 'apps', 'machine.openshift.io'])], operations: ['CREATE', 'UPDATE'], resources: ['*'] }],
  }));
}

export interface Archive417Options {
  /** Seeds every drawn value (names, UIDs, digests, sizes of the bulk). */
  seed: number;
  /** `config/id` and the version's cluster ID; default a random UUID. */
  clusterId?: string;
  /** Worker nodes besides the 3 masters (default 3). */
  workers?: number;
  /** Spec knobs of io-archive.ts (operator conditions, proxy, ...), applied on top. */
  spec?: ClusterSpec;
}

/** The archive's files (path -> content). */
export function files417(o: Archive417Options): Map<string, string> {
  const r = seededRandom(o.seed);
  const id = o.clusterId ?? randomUUID();
  const nodeName = () => `ip-${ip(r).replaceAll('.', '-')}.us-east-2.compute.internal`;
  const nodes: NodeSpec[] = [
    ...Array.from({ length: 3 }, () => ({ name: nodeName(), role: 'master' as const, cpu: '4', memory: '16106132Ki' })),
    ...Array.from({ length: o.workers ?? 3 }, () => ({ name: nodeName(), role: 'worker' as const, cpu: '4', memory: '16106132Ki' })),
  ];
  const images = Array.from({ length: 12 }, () => image(r));
  const base = clusterFiles({ version: '4.17.0', ...o.spec, id, nodes });
  const files = new Map<string, string>();
  for (const [path, content] of base) {
    if (path.startsWith('config/node/')) {
      // A real node lists the images it pulled: most of its ~9 KB.
      const doc = JSON.parse(content) as { status: Record<string, unknown> };
      doc.status.images = Array.from({ length: 24 }, () => ({ names: [image(r)], sizeBytes: int(r, 1e8, 1e9) }));
      doc.status.addresses = [
        { type: 'InternalIP', address: ip(r) },
        { type: 'Hostname', address: path.slice(12, -5) },
      ];
      files.set(path, JSON.stringify(doc));
    } else if (path.startsWith('config/clusteroperator/') && path.split('/').length === 3) continue;
    else files.set(path, content);
  }
  for (const name of OPERATORS) {
    const conditions = JSON.parse(base.get(`config/clusteroperator/${name}.json`) ?? base.get('config/clusteroperator/dns.json') ?? 'null')
      ?.status?.conditions;
    const healthy = JSON.parse(base.get('config/clusteroperator/kube-scheduler.json')!).status.conditions;
    files.set(
      `config/clusteroperator/${name}.json`,
      operator(r, name, '4.17.0', int(r, 1500, name === 'network' ? 15_000 : 4500), conditions ?? healthy),
    );
  }
  for (let i = 0; i < 20; i++) {
    const kind = pick(r, ['insightsoperator', 'authentication', 'console', 'etcd', 'network', 'storage']);
    files.set(`config/clusteroperator/operator.openshift.io/${kind}/cluster-${i}.json`, generic(r, kind, int(r, 500, 1500)));
  }
  const nodeNames = nodes.map((n) => n.name);
  for (let i = 0; i < 18; i++) {
    const ns = pick(r, NAMESPACES);
    files.set(`config/pod/${ns}/${ns.replace('openshift-', '')}-${alnum(r, 5)}.json`, pod(r, ns, int(r, 4000, 14_000), images, nodeNames));
  }
  for (const n of nodeNames.slice(0, 3)) files.set(`config/node/logs/${n}.log`, log(r, n, int(r, 4000, 18_000)));
  for (let i = 0; i < 14; i++)
    files.set(
      `config/machineconfigs/${i < 4 ? `0${i}-${pick(r, ['master', 'worker'])}` : `rendered-${pick(r, ['master', 'worker'])}-${hex(r, 32)}`}.json`,
      machineConfig(r, `mc-${i}`, int(r, 2000, 16_000)),
    );
  for (const name of ['volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io'])
    files.set(`config/crd/${name}.json`, crd(r, name, int(r, 19_000, 23_000)));
  for (let i = 0; i < 10; i++)
    files.set(`config/validatingwebhookconfigurations/webhook-${i}.json`, generic(r, `validating-${i}`, int(r, 1500, 6000)));
  for (let i = 0; i < 3; i++)
    files.set(`config/mutatingwebhookconfigurations/webhook-${i}.json`, generic(r, `mutating-${i}`, int(r, 2000, 10_000)));
  for (let i = 0; i < 23; i++) files.set(`config/pdbs/${pick(r, NAMESPACES)}/pdb-${i}.json`, generic(r, `pdb-${i}`, int(r, 400, 1000)));
  for (let i = 0; i < 6; i++)
    files.set(`config/machines/openshift-machine-api/machine-${alnum(r, 5)}.json`, generic(r, `machine-${i}`, int(r, 2500, 4000)));
  for (let i = 0; i < 3; i++)
    files.set(`machinesets/openshift-machine-api/machineset-${i}.json`, generic(r, `machineset-${i}`, int(r, 1800, 2700)));
  for (let i = 0; i < 12; i++)
    files.set(`config/configmaps/${pick(r, NAMESPACES)}/configmap-${i}/data`, `${hex(r, 16)}\n`.repeat(int(r, 2, 10)));
  files.set('events/openshift-machine-api.json', events(r, 31_000));
  files.set('config/metrics', metrics(r, 29_000));
  files.set('config/serviceaccounts.json', generic(r, 'serviceaccounts', 16_000));
  files.set('insights-operator/gathers.json', generic(r, 'gathers', 11_000));
  files.set('config/running_containers.json', generic(r, 'running-containers', 7700));
  for (const name of [
    'featuregate',
    'tsdb',
    'alerts',
    'olm_operators',
    'ingress',
    'authentication',
    'apiserver',
    'image',
    'oauth',
    'network',
    'installplans',
    'silenced_alerts',
  ]) {
    files.set(`config/${name}.json`, generic(r, name, int(r, 300, 3000)));
  }
  for (const [path, content] of Object.entries(o.spec?.files ?? {})) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  return files;
}

/** The archive (`.tar.gz`), folders included. */
export function archive417(o: Archive417Options): Promise<Buffer> {
  return filesArchive(files417(o));
}
