/** DVO rows for the workloads tests, written as the dvo-writer writes them (spec 2.5.2). */
import { CLUSTER_IDS, countRows } from '#test/helpers/fixtures.js';
import type { Db } from '../../../storage/db.js';

export const CLUSTER_1 = 'ac91137f-fa4c-455a-b801-e2b3c1a0d82f';
export const CLUSTER_2 = CLUSTER_IDS[0];
export const NS_A = 'NAMESPACE-UID-A';
export const NS_B = 'NAMESPACE-UID-B';

export const METRICS = {
  system: { metadata: {}, hostname: null },
  fingerprints: [],
  version: 1,
  analysis_metadata: {},
  workload_recommendations: [
    {
      response_id: 'an_issue|DVO_AN_ISSUE',
      component: 'ccx_rules_ocp.external.dvo.an_issue_pod.recommendation',
      key: 'DVO_AN_ISSUE',
      details: { check_name: '', check_url: '', samples: [{ namespace_uid: NS_A, kind: 'DaemonSet', uid: '193a2099' }] },
      tags: [],
      links: { jira: ['https://issues.redhat.com/browse/AN_ISSUE'], product_documentation: [] },
      workloads: [
        { namespace: 'namespace-name-A', namespace_uid: NS_A, kind: 'DaemonSet', name: 'test-name-0099', uid: 'UID-0099' },
        { namespace: 'namespace-name-B', namespace_uid: NS_B, kind: 'Pod', name: 'pod-b', uid: 'UID-B1' },
        { namespace: 'namespace-name-A', namespace_uid: NS_A, kind: 'Pod', name: 'pod-<a>', uid: 'UID-0100' },
      ],
    },
    {
      response_id: 'unset_requirements|DVO_UNSET_REQUIREMENTS',
      component: 'ccx_rules_ocp.external.dvo.unset_requirements.recommendation',
      key: 'DVO_UNSET_REQUIREMENTS',
      details: { zeta: 1, alpha: { y: 2, b: [{ d: 1, c: 2 }] } },
      tags: [],
      links: {},
      workloads: [{ namespace: 'namespace-name-B', namespace_uid: NS_B, kind: 'Deployment', name: 'dep-b', uid: 'UID-B2' }],
    },
  ],
};

export interface DvoSeed {
  org: number;
  cluster: string;
  namespace: string;
  name?: string | null;
  /** The `report` column exactly; default: METRICS JSON-encoded twice, as the writer stores it. */
  report?: string | null;
  recommendations?: number;
  objects?: number;
  reportedAt?: string;
  lastCheckedAt?: string;
  hits?: Record<string, number>;
}

export async function seedDvo(db: Db, s: DvoSeed): Promise<void> {
  await db.kysely
    .insertInto('dvo.dvo_report')
    .values({
      org_id: s.org,
      cluster_id: s.cluster,
      namespace_id: s.namespace,
      namespace_name: s.name === undefined ? `name-of-${s.namespace}` : s.name,
      report: s.report === undefined ? JSON.stringify(JSON.stringify(METRICS)) : s.report,
      recommendations: s.recommendations ?? 1,
      objects: s.objects ?? 1,
      reported_at: s.reportedAt ?? '2024-02-06 12:25:07.418761',
      last_checked_at: s.lastCheckedAt ?? '2024-02-07 12:25:07',
      rule_hits_count: JSON.stringify(s.hits ?? {}),
    })
    .execute();
}

export const dvoCount = (db: Db): Promise<number> => countRows(db, 'dvo.dvo_report');

export const reportCount = (db: Db): Promise<number> => countRows(db, 'report');
