/**
 * Queries of the two list routes (spec 4.4.8), which the smart proxy calls with ALL of an organisation's
 * clusters (`v2/rule`, `v2/clusters`: 1,000 clusters, about 7,000 hits).
 *
 * Aggregated path (the usual one): ONE statement per request, compiled once per storage (a named prepared
 * statement on PostgreSQL), the cluster list bound as ONE parameter (`inListParam`: any length, no
 * chunking); the database returns one row per rule (`list`) or per cluster (`clusters`) whose hits come as
 * one text (`listAgg`), so the pg driver parses a row per group instead of a row per hit; the values are
 * sorted and written out here (`sortedJsonArray`).
 *
 * Row path: one row per hit, as these routes worked before, grouped, sorted and escaped here. Taken only
 * when a value holds the aggregate's separator (U+0001). Both paths give the same bytes.
 *
 * Cluster lists from request bodies are ALWAYS bound parameters (upstream interpolated them: an injection
 * hole); the row path's IN lists are chunked so that no database parameter limit turns a large body into a
 * 500.
 */
import { distinctChunks as chunks } from '#common/sql/chunks.js';
import { listAgg } from '#common/sql/aggregates.js';
import { inListParam, listParam } from '#common/sql/lists.js';
import { precompile } from '#common/sql/precompile.js';
import type { Db } from '../../storage/db.js';
import {
  byCodeUnits,
  type ClusterRuleIds,
  clusterRanks,
  jsonArray,
  type RuleClusters,
  rankedJsonArray,
  renderClusters,
  renderList,
  sortedJsonArray,
} from './render.js';

export class RecommendationLists {
  private readonly byRule;
  private readonly byCluster;

  constructor(private readonly db: Db) {
    const k = db.kysely;
    // rule_id → its clusters among the requested ones. Unnamed on PostgreSQL, so planned with the list
    // bound: a prepared statement's generic plan cannot hash `= ANY($n)` and matched each of the org's
    // rows against the whole list (or descended the index once per cluster), which cost PostgreSQL about as
    // much again as reading and grouping the rows; planning on every request costs less (docs/performance.md,
    // smart proxy, issue 12). A short list still gets index descents.
    this.byRule = precompile(
      ['org', 'clusters'] as const,
      (p) =>
        k
          .selectFrom('recommendation as rec')
          .select(['rec.rule_id as rule_id', listAgg(db, 'rec.cluster_id').as('clusters')])
          .where('rec.org_id', '=', p.org as unknown as number)
          .where(inListParam(db, 'rec.cluster_id', p.clusters))
          .groupBy('rec.rule_id'),
      { named: false },
    );
    // The requested clusters with a report in the org, each with its version and its non-empty rule IDs
    // (empty IDs are never listed: the 2025-09 fix).
    this.byCluster = precompile(['org', 'clusters'] as const, (p) =>
      k
        .selectFrom('report as rep')
        .leftJoin('report_info as ri', (join) => join.onRef('ri.org_id', '=', 'rep.org_id').onRef('ri.cluster_id', '=', 'rep.cluster'))
        .select((eb) => [
          'rep.cluster as cluster',
          'rep.last_checked_at as last_checked_at',
          'ri.version_info as version_info',
          eb
            .selectFrom('recommendation as rec')
            .select(listAgg(db, 'rec.rule_id').as('ids'))
            .whereRef('rec.org_id', '=', 'rep.org_id')
            .whereRef('rec.cluster_id', '=', 'rep.cluster')
            .where('rec.rule_id', '<>', '')
            .as('rule_ids'),
        ])
        .where('rep.org_id', '=', p.org as unknown as number)
        .where(inListParam(db, 'rep.cluster', p.clusters)),
    );
  }

  /** The answer of `recommendations/organizations/{org}/users/{user}/list` for a non-empty list. */
  async listJson(org: number, clusters: readonly string[]): Promise<Buffer> {
    return renderList((await this.listAggregated(org, clusters)) ?? (await this.listRows(org, clusters)));
  }

  /** The answer of `clusters/organizations/{org}/users/{user}/recommendations` for a non-empty list. */
  async clustersJson(org: number, clusters: readonly string[]): Promise<Buffer> {
    return renderClusters((await this.clustersAggregated(org, clusters)) ?? (await this.clustersRows(org, clusters)));
  }

  /** `list` on the aggregated path; null when a value held the aggregate's separator (the row path must answer). */
  async listAggregated(org: number, clusters: readonly string[]): Promise<RuleClusters[] | null> {
    const query = this.byRule<RuleClusters>({ org, clusters: listParam(this.db, clusters) });
    const { rows } = await this.db.kysely.executeQuery(query);
    // Every value is one of the requested IDs: sorted by rank, not by comparing strings (render.ts).
    const ranks = rows.length > 0 ? clusterRanks(clusters) : null;
    for (const row of rows) {
      const list = (ranks && rankedJsonArray(row.clusters, ranks)) ?? sortedJsonArray(row.clusters);
      if (list === null) return null;
      row.clusters = list;
    }
    return rows;
  }

  /** `clusters` on the aggregated path; null when a value held the aggregate's separator (the row path must answer). */
  async clustersAggregated(org: number, clusters: readonly string[]): Promise<ClusterRuleIds[] | null> {
    const query = this.byCluster<ClusterRuleIds>({ org, clusters: listParam(this.db, clusters) });
    const { rows } = await this.db.kysely.executeQuery(query);
    for (const row of rows) {
      if (row.rule_ids === null) continue;
      const list = sortedJsonArray(row.rule_ids);
      if (list === null) return null;
      row.rule_ids = list;
    }
    return rows;
  }

  /** `list` on the row path: one row per hit. */
  async listRows(org: number, clusters: readonly string[]): Promise<RuleClusters[]> {
    const byRule = new Map<string, string[]>();
    for (const part of chunks(clusters)) {
      const rows = await this.db.kysely
        .selectFrom('recommendation')
        .select(['rule_id', 'cluster_id'])
        .where('org_id', '=', org)
        .where('cluster_id', 'in', part)
        .execute();
      for (const row of rows) {
        const list = byRule.get(row.rule_id);
        if (list) list.push(row.cluster_id);
        else byRule.set(row.rule_id, [row.cluster_id]);
      }
    }
    return [...byRule].map(([rule_id, list]) => ({ rule_id, clusters: jsonArray(list.sort(byCodeUnits)) }));
  }

  /** `clusters` on the row path: report LEFT JOIN report_info LEFT JOIN recommendation, a row per hit. */
  async clustersRows(org: number, clusters: readonly string[]): Promise<ClusterRuleIds[]> {
    const byCluster = new Map<string, { entry: ClusterRuleIds; ids: string[] }>();
    for (const part of chunks(clusters)) {
      // report_info is joined BEFORE recommendation on purpose: it is probed once per cluster, not per hit.
      const rows = await this.db.kysely
        .selectFrom('report as rep')
        .leftJoin('report_info as ri', (join) => join.onRef('ri.org_id', '=', 'rep.org_id').onRef('ri.cluster_id', '=', 'rep.cluster'))
        .leftJoin('recommendation as rec', (join) =>
          join.onRef('rec.org_id', '=', 'rep.org_id').onRef('rec.cluster_id', '=', 'rep.cluster'),
        )
        .select([
          'rep.cluster as cluster',
          'rep.last_checked_at as last_checked_at',
          'rec.rule_id as rule_id',
          'ri.version_info as version_info',
        ])
        .where('rep.org_id', '=', org)
        .where('rep.cluster', 'in', part)
        .execute();
      for (const row of rows) {
        let item = byCluster.get(row.cluster);
        if (!item) {
          const entry = { cluster: row.cluster, last_checked_at: row.last_checked_at, version_info: row.version_info, rule_ids: null };
          item = { entry, ids: [] };
          byCluster.set(row.cluster, item);
        }
        // A cluster without hits gives one row with a NULL rule_id; empty IDs are never listed (2025-09 fix).
        if (row.rule_id) item.ids.push(row.rule_id);
      }
    }
    return [...byCluster.values()].map(({ entry, ids }) => ({ ...entry, rule_ids: jsonArray(ids.sort(byCodeUnits)) }));
  }
}
