/**
 * v2 cluster routes (spec 2.8 V2-1..V2-3): the merged report with AMS name and managed flag, the
 * cluster's AMS info, and the cluster list view with hits by total risk.
 */
import { AppError } from '#common/errors.js';
import { JSON_CONTENT_TYPE } from '#common/http/envelope.js';
import type { RouteDef } from '#common/http/routes.js';
import { parseClusterId } from '#common/ids.js';
import type { ReportResponse } from '#contracts/aggregator-api.js';
import { okJson } from '../aggregator/client.js';
import type { ClusterInfo } from '../ams/client.js';
import { requireIdentity } from '../auth/identity.js';
import type { ProxyDeps } from '../deps.js';
import { ackedIds, disabledByCluster } from '../reports/acks.js';
import { boolParam } from '../reports/params.js';
import { field, writeReportData } from '../reports/write.js';
import { early } from '../upstream/early.js';
import { UNREACHABLE } from '../upstream/http.js';
import { Derived } from '../upstream/in-flight.js';
import type { ClusterRecommendations } from '../v1/overview.js';
import { clusterListJson } from './cluster-list.js';

export function v2ClusterRoutes(deps: ProxyDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: 'cluster/{cluster}/reports',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const getDisabled = boolParam(ctx, 'get_disabled', false);
        // The four reads are independent: started together, awaited in the order of the spec's checks.
        const report = early(deps.aggregator.report(id.orgId, cluster, id.userId));
        // With cluster_list_caching, the org's cached AMS list names the cluster without an AMS call.
        const cached = deps.clusters.cachedCluster(id.orgId, cluster);
        const lookup: Promise<ClusterInfo | null> = cached
          ? Promise.resolve(cached)
          : deps.ams
            ? deps.ams.clusterAnyOrg(cluster).catch((err) => {
                ctx.log.warn({ err: (err as Error).message }, 'AMS lookup of the cluster failed; name = ID, not managed');
                return null;
              })
            : Promise.resolve(null);
        const ackedP = early(ackedIds(deps.aggregator, id.orgId));
        const storeP = early(deps.content.content());
        const body = okJson<ReportResponse>(await report);
        const info = await lookup;
        const managed = info?.managed ?? false;
        const acked = await ackedP;
        const store = await storeP;
        const { data, count } = writeReportData(body.report.reports ?? [], store, { managed, getDisabled, acked, withImpacted: true });
        const meta = body.report.meta;
        const metaJson =
          field('cluster_name', info?.display_name || cluster, true) +
          field('managed', managed) +
          field('count', count) +
          field('last_checked_at', meta.last_checked_at) +
          field('gathered_at', meta.gathered_at ?? '');
        return { raw: `{"report":{"meta":{${metaJson}},"data":${data}},"status":"ok"}\n`, contentType: JSON_CONTENT_TYPE };
      },
    },
    {
      method: 'GET',
      path: 'cluster/{cluster}/info',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        if (!deps.ams) throw new AppError('unavailable', UNREACHABLE.ams);
        const info = await deps.ams.clusterInOrg(id.orgId, cluster);
        return { json: { cluster: info, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'clusters',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const ackedP = early(ackedIds(deps.aggregator, id.orgId));
        const disabledP = early(disabledByCluster(deps.aggregator, id.orgId, ctx.log));
        const storeP = early(deps.content.content());
        const clusters = await early(deps.clusters.list(id.orgId));
        const ids = clusters.map((c) => c.cluster_id);
        const recs = okJson<ClusterRecommendations>(await deps.aggregator.clustersRecommendations(id.orgId, id.userId, ids));
        const acked = await ackedP;
        const disabled = await disabledP;
        const store = await storeP;
        // Requests that shared their reads (in-flight.ts) share the answer's bytes too.
        const raw = clusterListView.get(recs, [clusters, acked, disabled, store], () =>
          clusterListJson(clusters, recs, acked, disabled, store),
        );
        return { raw, contentType: JSON_CONTENT_TYPE };
      },
    },
  ];
}

const clusterListView = new Derived<Buffer>();
