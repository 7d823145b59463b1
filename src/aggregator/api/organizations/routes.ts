/**
 * Organizations and clusters (spec 4.4.2):
 * - `GET organizations` (debug only): distinct orgs with a report;
 * - `GET organizations/{organization}/clusters`: the org's recently written clusters (org check, 403);
 * - `DELETE organizations/{organizations}`, `DELETE clusters/{clusters}` (debug only).
 * Debug routes are only registered with `server.debug = true`; otherwise they are unknown paths (404).
 * With auth on they are org-checked too (ours, docs/compatibility.md): the org list holds only the
 * identity's org, orgs named in the path are checked by the server, clusters must be the identity's.
 */
import type { RouteDef } from '#common/http/routes.js';
import { foreignCluster } from '#common/http/guards.js';
import { orgMismatch } from '#common/http/identity.js';
import { parseClusterIdList, parseOrgId, parseOrgIdList } from '#common/ids.js';
import { nowInstant, toDbTimestamp } from '#common/time.js';
import type { ApiDeps } from '../deps.js';
import { clusterOwner } from '../votes/queries.js';
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
      handler: async (ctx) => {
        let organizations = deps.ocp ? await listOrgIds(deps.ocp) : [];
        if (ctx.identity) organizations = organizations.filter((org) => Number(org) === ctx.identity?.orgId);
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
        if (ctx.identity && deps.ocp) {
          for (const cluster of clusters) {
            const owner = await clusterOwner(deps.ocp, cluster);
            if (owner !== null && owner !== ctx.identity.orgId) throw foreignCluster(ctx.identity);
          }
        }
        if (deps.ocp) await deleteReportsForClusters(deps.ocp, clusters);
        return { json: { status: 'ok' } };
      },
    },
  );
  return routes;
}
