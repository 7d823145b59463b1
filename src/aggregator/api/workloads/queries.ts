/** DVO workloads, table `dvo.dvo_report` (spec 3.3, 3.5 "DVO workloads for org" / "DVO single namespace"). */
import type { Db } from '../../storage/db.js';

export interface WorkloadRow {
  cluster_id: string;
  namespace_id: string;
  namespace_name: string | null;
  recommendations: number;
  objects: number;
  reported_at: string | null;
  last_checked_at: string | null;
  rule_hits_count: string | null;
}

export interface NamespaceRow extends WorkloadRow {
  report: string | null;
}

const COLUMNS = [
  'cluster_id',
  'namespace_id',
  'namespace_name',
  'recommendations',
  'objects',
  'reported_at',
  'last_checked_at',
  'rule_hits_count',
] as const;

/**
 * Every row of an org (one per namespace per cluster), ordered for a stable output (upstream has no
 * ORDER BY). The active-cluster filter is applied by the caller, as upstream does, so no list is bound.
 */
export async function readWorkloadsForOrganization(db: Db, orgId: number): Promise<WorkloadRow[]> {
  return db.kysely
    .selectFrom('dvo.dvo_report')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('cluster_id')
    .orderBy('namespace_id')
    .execute();
}

export async function readWorkloadsForNamespace(
  db: Db,
  orgId: number,
  cluster: string,
  namespace: string,
): Promise<NamespaceRow | undefined> {
  return db.kysely
    .selectFrom('dvo.dvo_report')
    .select([...COLUMNS, 'report'])
    .where('org_id', '=', orgId)
    .where('cluster_id', '=', cluster)
    .where('namespace_id', '=', namespace)
    .executeTakeFirst();
}
