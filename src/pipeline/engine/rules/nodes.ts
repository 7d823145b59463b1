/** Rules over the nodes: minimum resources per role, and kubelet versions that differ. */
import { type Node, NodesParser } from '../parsers.js';
import { need, type Rule } from '../rule.js';

export const NODES_DOCS_LINK =
  'https://docs.openshift.com/container-platform/4.1/installing/installing_bare_metal/installing-bare-metal.html#minimum-resource-requirements_installing-bare-metal';

/** Minimums per role: memory in GB (10^9 bytes: a nominal 16 GiB node reports ~15986156Ki, 16.37 GB) and vCPUs. */
const MINIMUM: Record<'master' | 'worker', { memory: number; cpu: number }> = {
  master: { memory: 16, cpu: 4 },
  worker: { memory: 8, cpu: 2 },
};

const gb = (bytes: number) => Math.round((bytes / 1e9) * 100) / 100;

export const nodesRequirementsCheck: Rule = {
  module: 'ccx_rules_ocp.external.rules.nodes_requirements_check',
  keys: ['NODES_MINIMUM_REQUIREMENTS_NOT_MET'],
  requires: [NodesParser],
  run(archive) {
    const below: Record<string, unknown>[] = [];
    for (const node of need(archive, NodesParser)) {
      if (node.role === 'other') continue;
      const min = MINIMUM[node.role];
      const memory = gb(node.memoryBytes);
      const lowMemory = Number.isFinite(memory) && memory < min.memory;
      const lowCpu = Number.isFinite(node.cpu) && node.cpu < min.cpu;
      if (!lowMemory && !lowCpu) continue;
      const item: Record<string, unknown> = { name: node.name, role: node.role };
      if (lowMemory) Object.assign(item, { memory, memory_req: min.memory });
      if (lowCpu) Object.assign(item, { cpu: node.cpu, cpu_req: min.cpu });
      below.push(item);
    }
    if (below.length === 0) return null;
    return {
      type: 'rule',
      key: 'NODES_MINIMUM_REQUIREMENTS_NOT_MET',
      details: { nodes: below, link: NODES_DOCS_LINK },
      links: { docs: [NODES_DOCS_LINK] },
    };
  },
};

export const KUBELET_KCS = 'https://access.redhat.com/solutions/4602641';

function roleOf(node: Node): string {
  return node.role === 'other' ? 'unknown' : node.role;
}

/**
 * Nodes whose kubelet version differs from the most common one (ties: the lowest version string) are
 * listed; all nodes are listed when no version is held by more than one node.
 */
export const nodesKubeletVersionCheck: Rule = {
  module: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check',
  keys: ['NODE_KUBELET_VERSION'],
  requires: [NodesParser],
  run(archive) {
    const nodes = need(archive, NodesParser).filter((n) => n.kubeletVersion !== '');
    const counts = new Map<string, number>();
    for (const n of nodes) counts.set(n.kubeletVersion, (counts.get(n.kubeletVersion) ?? 0) + 1);
    if (counts.size < 2) return null;
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const common = ranked[0][1] > 1 ? ranked[0][0] : null;
    const different = nodes.filter((n) => n.kubeletVersion !== common);
    return {
      type: 'rule',
      key: 'NODE_KUBELET_VERSION',
      details: {
        nodes_with_different_version: different.map((n) => ({ Node: n.name, 'Kubelet Version': n.kubeletVersion, role: roleOf(n) })),
        kcs_link: KUBELET_KCS,
      },
      links: { kcs: [KUBELET_KCS] },
    };
  },
};
