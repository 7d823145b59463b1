#!/usr/bin/env node
// Writes a small, deterministic set of demo OCP result messages (our own, not upstream data) into a folder,
// one JSON file per message, for `npm start` to import into the local SQLite database.
// Usage: node scripts/demo-messages.mjs [folder]   (default data/demo-messages)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'data/demo-messages';
mkdirSync(out, { recursive: true });

const rules = [
  ['nodes_kubelet_version_check', 'NODE_KUBELET_VERSION', { nodes_with_different_version: ['worker-1'] }],
  ['samples_op_failed_image_import_check', 'SAMPLES_FAILED_IMAGE_IMPORT_ERR', { info: { name: 'samples' } }],
  ['cluster_wide_proxy_auth_check', 'AUTH_OPERATOR_PROXY_ERROR', { op: { available: false } }],
  ['machineconfig_stuck_by_node_taints', 'NODE_HAS_TAINTS_APPLIED', { nodes: ['infra-0'] }],
  ['image_registry_pv_not_bound', 'IMAGE_REGISTRY_PV_NOT_BOUND', { pvc: 'registry' }],
  ['ocp_version_end_of_life', 'OCP4X_EOL_APPROACHING', { version: '4.12' }],
];

let n = 0;
for (let org = 1; org <= 3; org++) {
  for (let c = 0; c < 4; c++) {
    n += 1;
    const cluster = `${String(org).padStart(8, '0')}-0000-4000-8000-${String(c).padStart(12, '0')}`;
    const hits = rules.filter((_, i) => (i + c + org) % 3 !== 0);
    const message = {
      OrgID: org,
      AccountNumber: 1000 + org,
      ClusterName: cluster,
      LastChecked: new Date(Date.UTC(2026, 10, 1, 8, n)).toISOString(),
      Version: 2,
      RequestId: `demo-request-${n}`,
      Metadata: { gathering_time: new Date(Date.UTC(2026, 10, 1, 7, 58)).toISOString() },
      Report: {
        system: { metadata: {}, hostname: null },
        fingerprints: [],
        reports: hits.map(([module, key, details]) => ({
          rule_id: `${module}|${key}`,
          component: `ccx_rules_ocp.external.rules.${module}.report`,
          type: 'rule',
          key,
          details: { ...details, type: 'rule', error_key: key },
          tags: [],
          links: {},
        })),
        skips: [],
        pass: [],
        info: [
          {
            info_id: 'version_info|CLUSTER_VERSION_INFO',
            component: 'ccx_rules_processing.version_info.report',
            type: 'info',
            key: 'CLUSTER_VERSION_INFO',
            details: { version: `4.1${c}.${org}`, type: 'info', info_key: 'CLUSTER_VERSION_INFO' },
          },
        ],
        analysis_metadata: {},
      },
    };
    writeFileSync(join(out, `demo-${String(n).padStart(2, '0')}.json`), `${JSON.stringify(message, null, 2)}\n`);
  }
}
console.log(`wrote ${n} demo messages to ${out}`);
