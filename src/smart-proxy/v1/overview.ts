/**
 * v1 org overview (spec 2.7 V1-14, V1-15): hits by risk and by tag over the org's clusters (counting
 * rule hits, Quirk 2.10-7), acked and disabled rules left out; the deprecated POST form counts from the
 * stored reports. An upstream error stops the handler (upstream writes a second body: Quirk 2.10-1).
 */
import { badRequest } from '#common/errors.js';
import type { RouteDef } from '#common/http/routes.js';
import { okJson, passThrough } from '../aggregator/client.js';
import { requireIdentity } from '../auth/identity.js';
import { stripReport } from '../content/store.js';
import type { ProxyDeps } from '../deps.js';
import { ackedIds, disabledByCluster } from '../reports/acks.js';

export interface ClusterRecommendations {
  clusters?: Record<string, { created_at: string; meta?: { cluster_version?: string }; recommendations?: string[] | null }> | null;
}

export function v1OverviewRoutes(deps: ProxyDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: 'org_overview',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const clusters = await deps.clusters.list(id.orgId);
        const ids = clusters.map((c) => c.cluster_id);
        const recs = okJson<ClusterRecommendations>(await deps.aggregator.clustersRecommendations(id.orgId, id.userId, ids));
        const acked = await ackedIds(deps.aggregator, id.orgId);
        const disabled = await disabledByCluster(deps.aggregator, id.orgId, ctx.log);
        const store = await deps.content.content();
        let clustersHit = 0;
        const byRisk: Record<string, number> = {};
        const byTag: Record<string, number> = {};
        for (const cluster of clusters) {
          const entry = recs.clusters?.[cluster.cluster_id];
          if (!entry) continue;
          let hit = false;
          for (const ruleId of entry.recommendations ?? []) {
            if (acked.has(ruleId) || disabled.get(cluster.cluster_id)?.has(ruleId)) continue;
            const content = store.ruleById(ruleId);
            if (!content || (cluster.managed && !content.osd_customer)) continue;
            hit = true;
            byRisk[content.total_risk] = (byRisk[content.total_risk] ?? 0) + 1;
            for (const tag of content.tags) byTag[tag] = (byTag[tag] ?? 0) + 1;
          }
          if (hit) clustersHit++;
        }
        return { json: { overview: { clusters_hit: clustersHit, hit_by_risk: byRisk, hit_by_tag: byTag }, status: 'ok' } };
      },
    },
    {
      method: 'POST',
      path: 'org_overview',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        if (ctx.body === undefined || ctx.body === '') throw badRequest("client didn't provide request body");
        const res = await deps.aggregator.postClusterReports(id.orgId, ctx.body);
        if (res.status !== 200) return passThrough(res);
        const body = res.json<{ reports?: Record<string, { reports?: { component: string; key: string }[] }> }>();
        const acked = await ackedIds(deps.aggregator, id.orgId);
        const disabled = await disabledByCluster(deps.aggregator, id.orgId, ctx.log);
        const store = await deps.content.content();
        let clustersHit = 0;
        const byRisk: Record<string, number> = {};
        const byTag: Record<string, number> = {};
        for (const [cluster, report] of Object.entries(body.reports ?? {})) {
          const hits = report?.reports ?? [];
          if (hits.length > 0) clustersHit++;
          for (const hit of hits) {
            const ruleId = `${stripReport(hit.component)}|${hit.key}`;
            if (acked.has(ruleId) || disabled.get(cluster)?.has(ruleId)) continue;
            const content = store.ruleById(ruleId);
            if (!content) continue;
            byRisk[content.total_risk] = (byRisk[content.total_risk] ?? 0) + 1;
            for (const tag of content.tags) byTag[tag] = (byTag[tag] ?? 0) + 1;
          }
        }
        return { json: { overview: { clusters_hit: clustersHit, hit_by_risk: byRisk, hit_by_tag: byTag }, status: 'ok' } };
      },
    },
  ];
}
