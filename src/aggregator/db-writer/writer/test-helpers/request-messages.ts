/** OCP result messages with a RequestId (on-demand gathering), built by the repo's own tests. */
import { randomUUID } from 'node:crypto';

export interface RequestMessageOptions {
  org: number;
  cluster?: string;
  requestId: string;
  lastChecked?: string;
  /** `Metadata.gathering_time`; omitted when undefined. */
  gatheredAt?: string;
  /** `[component, key]` pairs (component with `.report`). */
  hits?: [string, string][];
}

export const DEFAULT_HITS: [string, string][] = [
  ['ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report', 'NODE_KUBELET_VERSION'],
  ['ccx_rules_ocp.external.bug_rules.bug_1821905.report', 'BUGZILLA_BUG_1821905'],
];

export function requestMessage(o: RequestMessageOptions): { text: string; cluster: string } {
  const cluster = o.cluster ?? randomUUID();
  const hits = o.hits ?? DEFAULT_HITS;
  const message: Record<string, unknown> = {
    OrgID: o.org,
    AccountNumber: 42,
    ClusterName: cluster,
    LastChecked: o.lastChecked ?? '2026-11-30T10:00:05.268294Z',
    Version: 2,
    RequestId: o.requestId,
    Report: {
      system: { metadata: {}, hostname: null },
      fingerprints: [],
      reports: hits.map(([component, key]) => ({
        rule_id: `${component
          .replace(/\.report$/, '')
          .split('.')
          .pop()}|${key}`,
        component,
        type: 'rule',
        key,
        details: { type: 'rule', error_key: key },
        tags: [],
        links: {},
      })),
      skips: [],
      pass: [],
      info: [],
    },
  };
  if (o.gatheredAt !== undefined) message.Metadata = { gathering_time: o.gatheredAt };
  return { text: JSON.stringify(message), cluster };
}
