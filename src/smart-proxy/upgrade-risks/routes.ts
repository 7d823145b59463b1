/**
 * Upgrade risks prediction (spec V2-11), from the data-engineering service (2.6.5, 5 s timeout):
 * - GET `cluster/{cluster}/upgrade-risks-prediction`: needs AMS (503), the cluster must be in the caller's
 *   org (404), a managed cluster is 204 No Content; then the service's prediction, its non-200 answers
 *   passed through (status and body), unreachable or too slow: 503.
 * - POST `upgrade-risks-prediction` `{"clusters":[...]}` (at most 100): deliberate fix of 2.10 point 6,
 *   only the caller's clusters are sent to the service; the others are answered `No data for the cluster`,
 *   exactly as a cluster the service does not know (nothing about foreign clusters leaks).
 */
import { AppError, badRequest } from '#common/errors.js';
import { BAD_BODY, jsonBodyOrBadBody } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseClusterId } from '#common/ids.js';
import { formatRfc3339Seconds, nowInstant } from '#common/time.js';
import { passThrough } from '../aggregator/client.js';
import { requireIdentity } from '../auth/identity.js';
import { UNREACHABLE, type Upstream, type UpstreamResponse } from '../upstream/http.js';

export const MAX_CLUSTERS = 100;
export const TOO_MANY_CLUSTERS = `the maximum amount of clusters allowed are ${MAX_CLUSTERS}`;
export const NO_DATA = 'No data for the cluster';

export interface UpgradeRisksDeps {
  /** The data-engineering service (base `services.upgrade_risks_prediction`, 5 s timeout). */
  service: Upstream;
  /** AMS "single cluster in org" (404 when not in the org); null without AMS. */
  clusterInOrg: ((orgId: number, cluster: string) => Promise<{ managed: boolean }>) | null;
  /** The org's cluster IDs (AMS, or the aggregator fallback); null when neither is available. */
  orgClusters: ((orgId: number) => Promise<string[]>) | null;
}

interface Prediction {
  upgrade_recommended?: boolean;
  upgrade_risks_predictors?: unknown;
  last_checked_at?: string;
}

interface MultiPrediction extends Prediction {
  cluster_id: string;
  prediction_status: string;
}

function serviceJson<T>(res: UpstreamResponse): T {
  try {
    return res.json<T>();
  } catch {
    throw new AppError('internal', 'upgrade risks service answered with a body that is not JSON');
  }
}

function clusterList(ctx: RequestContext): string[] {
  const value = jsonBodyOrBadBody(ctx);
  const clusters = (value as { clusters?: unknown } | null)?.clusters;
  if (!Array.isArray(clusters) || clusters.some((c) => typeof c !== 'string')) throw badRequest(BAD_BODY);
  if (clusters.length > MAX_CLUSTERS) throw badRequest(TOO_MANY_CLUSTERS);
  return clusters.map((c) => parseClusterId(c as string));
}

/** The prediction as upstream re-encodes it: empty values left out. */
function compact(p: MultiPrediction): MultiPrediction {
  const out: MultiPrediction = { cluster_id: p.cluster_id, prediction_status: p.prediction_status };
  if (p.upgrade_recommended !== undefined && p.upgrade_recommended !== null) out.upgrade_recommended = p.upgrade_recommended;
  if (p.upgrade_risks_predictors !== undefined && p.upgrade_risks_predictors !== null)
    out.upgrade_risks_predictors = p.upgrade_risks_predictors;
  if (p.last_checked_at) out.last_checked_at = p.last_checked_at;
  return out;
}

export function upgradeRisksRoutes(deps: UpgradeRisksDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: 'cluster/{cluster}/upgrade-risks-prediction',
      handler: async (ctx) => {
        if (!deps.clusterInOrg) throw new AppError('unavailable', UNREACHABLE.ams);
        const { orgId } = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const info = await deps.clusterInOrg(orgId, cluster);
        if (info.managed) return { status: 204, raw: '', contentType: 'application/json; charset=utf-8' };
        const res = await deps.service.call(`cluster/${cluster}/upgrade-risks-prediction`);
        if (res.status !== 200) return passThrough(res);
        const p = serviceJson<Prediction>(res);
        return {
          json: {
            upgrade_recommendation: {
              upgrade_recommended: p.upgrade_recommended ?? false,
              upgrade_risks_predictors: p.upgrade_risks_predictors ?? null,
            },
            meta: { last_checked_at: p.last_checked_at || formatRfc3339Seconds(nowInstant()) },
            status: 'ok',
          },
        };
      },
    },
    {
      method: 'POST',
      path: 'upgrade-risks-prediction',
      handler: async (ctx) => {
        const { orgId } = requireIdentity(ctx);
        const clusters = clusterList(ctx);
        if (!deps.orgClusters) throw new AppError('unavailable', UNREACHABLE.ams);
        const owned = new Set(await deps.orgClusters(orgId));
        const asked = clusters.filter((c) => owned.has(c));
        const byCluster = new Map<string, MultiPrediction>();
        if (asked.length > 0) {
          const res = await deps.service.call('upgrade-risks-prediction', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clusters: asked }),
          });
          if (res.status !== 200) return passThrough(res);
          for (const p of serviceJson<{ predictions?: MultiPrediction[] | null }>(res).predictions ?? [])
            byCluster.set(p.cluster_id, compact(p));
        }
        const predictions = clusters.map((c) => byCluster.get(c) ?? { cluster_id: c, prediction_status: NO_DATA });
        return { json: { status: 'ok', predictions } };
      },
    },
  ];
}
