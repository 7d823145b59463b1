/**
 * Small rule-content trees the repository owns (written in our own words), laid out on disk for tests:
 * `writeTree(files)` writes `{ 'relative/path': text }` under a fresh temporary directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TreeFiles = Record<string, string>;

export function writeTree(files: TreeFiles, root = mkdtempSync(join(tmpdir(), 'content-tree-'))): string {
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return root;
}

export const removeTree = (root: string): void => rmSync(root, { recursive: true, force: true });

export const CONFIG_YAML = `# impact and resolution-risk dictionaries
impact:
  Cluster Outage: 4
  Slow Builds: 2
  Hygiene: 1
  null: 1
resolution_risk:
  Node Reboot: 2
  Config Tweak: 1
`;

export const GROUPS_YAML = `service_availability:
  name: Service Availability
  description: Components that stop working or degrade.
  tags: [service_availability]
security:
  name: Security
  description: Exposure to attacks or data leaks.
  tags: [security]
fault_tolerance:
  name: Fault Tolerance
  description: Losing redundancy or recovery paths.
  tags: [fault_tolerance]
performance:
  name: Performance
  description: Work takes longer than it should.
  tags: [performance]
best_practices:
  name: Best Practices
  description: Settings that differ from the recommended ones.
  tags: [best_practices]
`;

const plugin = (module: string) => `name: ${module} check\nnode_id: null\nproduct_code: OCP4\npython_module: ${module}\n`;
const metadata = (description: string, impact: string, likelihood: number, tags: string[]) =>
  `description: ${description}\nimpact: ${impact}\nlikelihood: ${likelihood}\npublish_date: '2024-05-06 07:08:09'\nstatus: active\nresolution_risk: Node Reboot\ntags: [${tags.join(', ')}]\n`;

/** A good tree: one external rule with two error keys (texts at both levels), one internal rule in a nested folder, an ignored ocs/ rule. */
export const GOOD_TREE: TreeFiles = {
  'config.yaml': CONFIG_YAML,
  'external/rules/node_pressure/plugin.yaml': plugin('ccx_rules_ocp.external.rules.node_pressure'),
  'external/rules/node_pressure/summary.md': 'Nodes run short of memory.\n',
  'external/rules/node_pressure/reason.md': 'Node {{=pt.node}} is under pressure.\n',
  'external/rules/node_pressure/resolution.md': 'Add memory or move workloads away.\n',
  'external/rules/node_pressure/more_info.md': 'See the sizing guide.\n',
  'external/rules/node_pressure/MEMORY_LOW/generic.md': 'Memory on a node is nearly exhausted.\n',
  'external/rules/node_pressure/MEMORY_LOW/metadata.yaml': metadata('A node is low on memory', 'Cluster Outage', 3, [
    'performance',
    'openshift',
  ]),
  'external/rules/node_pressure/DISK_LOW/generic.md': 'Disk space on a node is nearly exhausted.\n',
  'external/rules/node_pressure/DISK_LOW/reason.md': 'Disk of {{=pt.node}} is {{=pt.used}}% full.\n',
  'external/rules/node_pressure/DISK_LOW/metadata.yaml': metadata('A node is low on disk', 'Slow Builds', 2, ['fault_tolerance']),
  'internal/deeper/folder/build_cache/plugin.yaml': plugin('ccx_rules_ocp.internal.build_cache'),
  'internal/deeper/folder/build_cache/generic.md': 'The build cache is cold.\n',
  'internal/deeper/folder/build_cache/reason.md': 'Builds miss the cache.\n',
  'internal/deeper/folder/build_cache/COLD/metadata.yaml': metadata('Cold build cache', 'Hygiene', 1, ['best_practices']),
  'ocs/rules/ignored/plugin.yaml': plugin('ccx_rules_ocs.ignored'),
};
