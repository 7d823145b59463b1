/**
 * v2 DVO workloads (spec 2.8 V2-13): the org's namespaces with severities from rule content, and one
 * namespace of one cluster with each recommendation's content.
 */
import { AppError, notFound } from '#common/errors.js';
import type { RouteDef } from '#common/http/routes.js';
import { parseClusterId } from '#common/ids.js';
import { okJson, PassThrough, passThrough } from '../aggregator/client.js';
import { requireIdentity } from '../auth/identity.js';
import type { ProxyDeps } from '../deps.js';
import { UNREACHABLE } from '../upstream/http.js';

interface Workload {
  cluster: { uuid: string; display_name: string };
  namespace: { uuid: string; name: string };
  metadata: Record<string, unknown>;
  recommendations_hit_count?: Record<string, number>;
}

export function v2WorkloadRoutes(deps: ProxyDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: 'namespaces/dvo',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const clusters = await deps.clusters.list(id.orgId);
        const names = new Map(clusters.map((c) => [c.cluster_id, c.display_name]));
        const res = await deps.aggregator.workloads(
          id.orgId,
          clusters.map((c) => c.cluster_id),
        );
        const rows = res.status === 404 ? [] : (okJson<{ workloads?: Workload[] | null }>(res).workloads ?? []);
        const store = await deps.content.content();
        const workloads = [];
        for (const w of rows) {
          const name = names.get(w.cluster.uuid);
          if (name === undefined) continue;
          const bySeverity = store.zeroSeverities();
          let highest = 0;
          for (const [ruleId, count] of Object.entries(w.recommendations_hit_count ?? {})) {
            const severity = store.externalSeverities.get(ruleId);
            if (severity === undefined) continue;
            bySeverity[severity] = (bySeverity[severity] ?? 0) + count;
            highest = Math.max(highest, severity);
          }
          workloads.push({
            cluster: { uuid: w.cluster.uuid, display_name: name },
            namespace: w.namespace,
            metadata: { ...w.metadata, highest_severity: highest, hits_by_severity: bySeverity },
          });
        }
        return { json: { status: 'ok', workloads } };
      },
    },
    {
      method: 'GET',
      path: 'namespaces/dvo/{namespace}/cluster/{cluster}',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const namespace = ctx.params.namespace ?? '';
        if (namespace === '' || Buffer.byteLength(namespace) > 256)
          throw new AppError('bad_request', `invalid namespace ID: '${namespace}'`);
        const cluster = parseClusterId(ctx.params.cluster);
        let displayName = cluster;
        if (deps.ams) displayName = (await deps.ams.clusterInOrg(id.orgId, cluster)).display_name;
        else if (!deps.config.server.org_clusters_fallback) throw new AppError('unavailable', UNREACHABLE.ams);
        else if (!(await deps.clusters.list(id.orgId)).some((c) => c.cluster_id === cluster)) throw notFound(cluster);
        const res = await deps.aggregator.workload(id.orgId, namespace, cluster);
        if (res.status !== 200) throw new PassThrough(passThrough(res));
        const w = res.json<{ workloads: Workload & { recommendations?: Record<string, unknown>[] } }>().workloads;
        const store = await deps.content.content();
        const bySeverity = store.zeroSeverities();
        let highest = 0;
        const recommendations = [];
        for (const r of w.recommendations ?? []) {
          const content = store.ruleById(String(r.check));
          if (!content) {
            // Upstream answers 500 for the whole namespace; we leave the recommendation out (compatibility.md).
            deps.logger.warn({ check: r.check, cluster, namespace }, 'DVO recommendation without content left out');
            continue;
          }
          const objects = (r.objects as unknown[] | undefined) ?? [];
          bySeverity[content.total_risk] = (bySeverity[content.total_risk] ?? 0) + objects.length;
          highest = Math.max(highest, content.total_risk);
          recommendations.push({
            check: r.check,
            details: content.description,
            resolution: content.resolution,
            modified: content.publish_date,
            more_info: content.more_info,
            reason: content.reason,
            total_risk: content.total_risk,
            extra_data: r.extra_data,
            objects,
          });
        }
        return {
          json: {
            status: 'ok',
            cluster: { uuid: cluster, display_name: displayName },
            namespace: w.namespace,
            metadata: { ...w.metadata, highest_severity: highest, hits_by_severity: bySeverity },
            recommendations,
          },
        };
      },
    },
  ];
}
