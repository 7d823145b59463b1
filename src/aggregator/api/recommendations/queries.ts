/**
 * clusters_detail's query over `recommendation` (spec 3.5, 4.4.8; the list routes' queries are in
 * lists.ts). Cluster lists from request bodies are ALWAYS bound parameters (Kysely `in`), never pasted into
 * SQL (upstream interpolated them: an injection hole). Long lists are queried in chunks so that no database
 * parameter limit turns a large body into a 500.
 */
import { distinctChunks as chunks } from '#common/sql/chunks.js';
import type { Db } from '../../storage/db.js';
import { byCodeUnits } from './render.js';

export interface HittingCluster {
  cluster: string;
  /** recommendation.created_at (storage text). */
  createdAt: string | null;
  /** recommendation.impacted_since (storage text). */
  impactedSince: string | null;
  version: string;
}

/**
 * The org's clusters hit by one rule selector (`module|KEY`, matched against recommendation.rule_id),
 * optionally restricted to a cluster list (null or empty = no filter), sorted by cluster.
 */
export async function clustersHitByRule(
  db: Db,
  orgId: number,
  selector: string,
  filter: readonly string[] | null,
): Promise<HittingCluster[]> {
  const query = db.kysely
    .selectFrom('recommendation as rec')
    .leftJoin('report_info as ri', (join) => join.onRef('ri.org_id', '=', 'rec.org_id').onRef('ri.cluster_id', '=', 'rec.cluster_id'))
    .select([
      'rec.cluster_id as cluster_id',
      'rec.created_at as created_at',
      'rec.impacted_since as impacted_since',
      'ri.version_info as version_info',
    ])
    .where('rec.org_id', '=', orgId)
    .where('rec.rule_id', '=', selector);
  const rows = [];
  if (filter === null || filter.length === 0) rows.push(...(await query.execute()));
  else for (const part of chunks(filter)) rows.push(...(await query.where('rec.cluster_id', 'in', part).execute()));
  return rows
    .map((row) => ({
      cluster: row.cluster_id,
      createdAt: row.created_at,
      impactedSince: row.impacted_since,
      version: row.version_info ?? '',
    }))
    .sort((a, b) => byCodeUnits(a.cluster, b.cluster));
}
