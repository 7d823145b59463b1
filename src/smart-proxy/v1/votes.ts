/**
 * v1 voting and toggling (spec 2.7 V1-16) and the debug proxies (2.9): the rule must exist in the content
 * (404 `Item with ID R/K ...`), then the request goes to the aggregator with org and user from the token,
 * the caller's headers and body, and its answer comes back unchanged.
 */
import { notFound } from '#common/errors.js';
import type { Method, RequestContext, RouteDef } from '#common/http/routes.js';
import { parseClusterId, parseErrorKey, parseRuleId } from '#common/ids.js';
import { passThrough } from '../aggregator/client.js';
import { requireIdentity } from '../auth/identity.js';
import { stripReport } from '../content/store.js';
import type { ProxyDeps } from '../deps.js';
import { INVALID_PARAMS } from '../reports/params.js';

const enc = encodeURIComponent;

/**
 * Ours (issue 10, docs/compatibility.md): a vote or toggle names a cluster of the caller's org, else 404
 * `Item with ID C was not found in the storage` (AMS, or the aggregator's org list with
 * `org_clusters_fallback`); upstream passed any cluster on, so one org could vote on another's clusters.
 */
async function requireOwnCluster(deps: ProxyDeps, orgId: number, cluster: string): Promise<void> {
  if (deps.ams) {
    await deps.ams.clusterInOrg(orgId, cluster);
    return;
  }
  if (!deps.config.server.org_clusters_fallback) return;
  const clusters = await deps.clusters.list(orgId);
  if (!clusters.some((c) => c.cluster_id === cluster)) throw notFound(cluster);
}

export function v1VoteRoutes(deps: ProxyDeps): RouteDef[] {
  const proxied = (method: Method, action: string, perUser: boolean): RouteDef => ({
    method,
    path: `clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/${action}`,
    handler: async (ctx: RequestContext) => {
      const cluster = parseClusterId(ctx.params.cluster);
      const ruleId = parseRuleId(ctx.params.rule_id);
      const ek = parseErrorKey(ctx.params.error_key);
      if (!ctx.identity && deps.config.server.auth) throw INVALID_PARAMS;
      const id = requireIdentity(ctx);
      const store = await deps.content.content();
      if (!store.rule(ruleId, ek)) throw notFound(stripReport(ruleId), ek);
      await requireOwnCluster(deps, id.orgId, cluster);
      const base = `clusters/${cluster}/rules/${enc(ruleId)}/error_key/${enc(ek)}/organizations/${id.orgId}`;
      const path = perUser ? `${base}/users/${enc(id.userId)}/${action}` : `${base}/${action}`;
      return passThrough(await deps.aggregator.forward(method, path, ctx.headers, ctx.body));
    },
  });
  return [
    proxied('PUT', 'like', true),
    proxied('PUT', 'dislike', true),
    proxied('PUT', 'reset_vote', true),
    proxied('PUT', 'disable', false),
    proxied('PUT', 'enable', false),
    proxied('POST', 'disable_feedback', true),
  ];
}

/** Debug routes (spec 2.9; `server.debug`): get_vote, organizations, deletions. */
export function debugRoutes(deps: ProxyDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: 'clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/get_vote',
      handler: async (ctx) => {
        const cluster = parseClusterId(ctx.params.cluster);
        const ruleId = parseRuleId(ctx.params.rule_id);
        const ek = parseErrorKey(ctx.params.error_key);
        const id = requireIdentity(ctx);
        const path = `clusters/${cluster}/rules/${enc(ruleId)}/error_key/${enc(ek)}/users/${enc(id.userId)}/get_vote`;
        return passThrough(await deps.aggregator.forward('GET', path, ctx.headers));
      },
    },
  ];
}

export function v1DebugRoutes(deps: ProxyDeps): RouteDef[] {
  const forward = (method: Method, path: string, param?: string): RouteDef => ({
    method,
    path,
    handler: async (ctx) => {
      const target = param ? path.replace(`{${param}}`, ctx.params[param] ?? '') : path;
      if (param && !/^[0-9a-fA-F,-]+$/.test(ctx.params[param] ?? '')) throw INVALID_PARAMS;
      if (param === 'clusters' && ctx.identity) {
        for (const cluster of (ctx.params.clusters ?? '').split(',')) await requireOwnCluster(deps, ctx.identity.orgId, cluster);
      }
      return passThrough(await deps.aggregator.forward(method, target, ctx.headers, ctx.body));
    },
  });
  return [
    forward('GET', 'organizations'),
    forward('DELETE', 'organizations/{organizations}', 'organizations'),
    forward('DELETE', 'clusters/{clusters}', 'clusters'),
  ];
}
