/**
 * Organizations and clusters (spec 4.4.2):
 * - `GET organizations` (debug only): distinct orgs with a report;
 * - `GET organizations/{organization}/clusters`: the org's recently written clusters (org check, 403);
 * - `DELETE organizations/{organizations}`, `DELETE clusters/{clusters}` (debug only).
 * Debug routes are only registered with `server.debug = true`; otherwise they are unknown paths (404).
 */
import type { RouteDef } from '#common/http/routes.js';
import { orgMismatch } from '#common/http/identity.js';
import { parseClusterIdList, parseOrgId, parseOrgIdList } from '#common/ids.js';
import { nowInstant, toDbTimestamp } from '#common/time.js';
import type { ApiDeps } from '../deps.js';
import { deleteReportsForClusters, deleteReportsForOrgs, listClustersForOrg, listOrgIds } from './queries.js';

const HOUR_MICROS = 3_600_000_000n;

export function organizationsRoutes(deps: ApiDeps): RouteDef[] {
  const limitHours = BigInt(Math.trunc(deps.config.server.org_overview_limit_hours));

  const routes: RouteDef[] = [
    {
      method: 'GET',
      path: 'organizations/{organization}/clusters',
      handler: async (ctx) => {
        const org = parseOrgId(ctx.params.organization, 'organization');
        if (ctx.identity && ctx.identity.orgId !== org) throw orgMismatch(org, ctx.identity.orgId);
        // Only SQL storage has data; the other storage types answer reads with empty results.
        if (!deps.ocp) return { json: { clusters: [], status: 'ok' } };
        const now = nowInstant();
        const since = toDbTimestamp({ micros: now.micros - limitHours * HOUR_MICROS });
        const clusters = await listClustersForOrg(deps.ocp, org, since);
        return { json: { clusters, status: 'ok' } };
      },
    },
  ];

  if (!deps.config.server.debug) return routes;

  routes.push(
    {
      method: 'GET',
      path: 'organizations',
      handler: async () => {
        const organizations = deps.ocp ? await listOrgIds(deps.ocp) : [];
        return { json: { organizations, status: 'ok' } };
      },
    },
    {
      method: 'DELETE',
      path: 'organizations/{organizations}',
      handler: async (ctx) => {
        const orgs = parseOrgIdList(ctx.params.organizations, 'organizations');
        if (deps.ocp) await deleteReportsForOrgs(deps.ocp, orgs);
        return { json: { status: 'ok' } };
      },
    },
    {
      method: 'DELETE',
      path: 'clusters/{clusters}',
      handler: async (ctx) => {
        const clusters = parseClusterIdList(ctx.params.clusters, 'clusters');
        if (deps.ocp) await deleteReportsForClusters(deps.ocp, clusters);
        return { json: { status: 'ok' } };
      },
    },
  );
  return routes;
}
