/** Queries of the organizations feature (spec 3.5 "List orgs", "Clusters for org"; 4.4.2 debug deletes). */
import { chunks } from '#common/sql/chunks.js';
import type { Db } from '../../storage/db.js';

/** Distinct `report.org_id`, ascending. */
export async function listOrgIds(db: Db): Promise<number[]> {
  const rows = await db.kysely.selectFrom('report').select('org_id').distinct().orderBy('org_id').execute();
  return rows.map((r) => Number(r.org_id));
}

/** Clusters of an org whose report was written at or after `since` (storage timestamp text), sorted. */
export async function listClustersForOrg(db: Db, orgId: number, since: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('report')
    .select('cluster')
    .where('org_id', '=', orgId)
    .where('reported_at', '>=', since)
    .orderBy('cluster')
    .execute();
  return rows.map((r) => r.cluster);
}

/** `DELETE FROM report WHERE org_id IN (...)`; votes go with them through the FK cascade. */
export async function deleteReportsForOrgs(db: Db, orgIds: number[]): Promise<void> {
  for (const part of chunks(orgIds)) {
    await db.kysely.deleteFrom('report').where('org_id', 'in', part).execute();
  }
}

/** `DELETE FROM report WHERE cluster IN (...)`. */
export async function deleteReportsForClusters(db: Db, clusters: string[]): Promise<void> {
  for (const part of chunks(clusters)) {
    await db.kysely.deleteFrom('report').where('cluster', 'in', part).execute();
  }
}
