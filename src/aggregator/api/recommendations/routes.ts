/**
 * Advisor recommendation routes (spec 4.4.8):
 * - `POST, OPTIONS recommendations/organizations/{org_id}/users/{user_id}/list`: rule_id → hit clusters;
 * - `POST, OPTIONS clusters/organizations/{org_id}/users/{user_id}/recommendations`: cluster → rule IDs;
 * - `GET rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail`: clusters hit by a
 *   rule, with an optional `{"clusters":[...]}` body on the GET.
 * None of them compares the path org with the token org (upstream trusts the path).
 */
import { NO_BODY, badRequest, notFound } from '#common/errors.js';
import { badType, field, parseJson, stringList, stringListBody } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseOrgId, parseRuleSelector, parseUserId } from '#common/ids.js';
import { JSON_CONTENT_TYPE } from '#common/http/envelope.js';
import { dbToRfc3339Nano } from '#common/time.js';
import { type ApiDeps, requireOcp } from '../deps.js';
import { RecommendationLists } from './lists.js';
import { clustersHitByRule } from './queries.js';

/**
 * The optional body of clusters_detail, `{"clusters":[...]}`, read only when Content-Length > 0 (as
 * upstream). null means "no filter" (as does an empty list).
 */
export function activeClustersBody(ctx: RequestContext): string[] | null {
  if (!(ctx.contentLength > 0) || ctx.body === undefined) return null;
  if (ctx.body.trim() === '') throw badRequest(NO_BODY);
  const value = parseJson(ctx.body);
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badType();
  const list = field(value as Record<string, unknown>, 'clusters');
  if (list === undefined || list === null) return null;
  if (!Array.isArray(list)) throw badType();
  return stringList(list);
}

export function recommendationsRoutes(deps: ApiDeps): RouteDef[] {
  // Compiled once per storage. Without one, a non-empty list is a 500 (requireOcp throws), an empty one `{}`.
  const ocpLists = deps.ocp ? new RecommendationLists(deps.ocp) : null;
  const lists = () => ocpLists ?? new RecommendationLists(requireOcp(deps));
  return [
    {
      method: 'POST',
      path: 'recommendations/organizations/{org_id}/users/{user_id}/list',
      options: true,
      handler: async (ctx) => {
        parseUserId(ctx.params.user_id);
        const orgId = parseOrgId(ctx.params.org_id);
        const clusters = stringListBody(ctx);
        if (clusters.length === 0) return { json: { recommendations: {}, status: 'ok' } };
        return { raw: await lists().listJson(orgId, clusters), contentType: JSON_CONTENT_TYPE };
      },
    },
    {
      method: 'POST',
      path: 'clusters/organizations/{org_id}/users/{user_id}/recommendations',
      options: true,
      handler: async (ctx) => {
        parseUserId(ctx.params.user_id);
        const orgId = parseOrgId(ctx.params.org_id);
        const clusters = stringListBody(ctx);
        if (clusters.length === 0) return { json: { clusters: {}, status: 'ok' } };
        return { raw: await lists().clustersJson(orgId, clusters), contentType: JSON_CONTENT_TYPE };
      },
    },
    {
      method: 'GET',
      path: 'rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail',
      bodyOnGet: true,
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const selector = parseRuleSelector(ctx.params.rule_selector);
        const userId = parseUserId(ctx.params.user_id);
        const filter = activeClustersBody(ctx);
        ctx.log.debug({ orgId, selector, userId, filter: filter?.length ?? 0 }, 'clusters_detail');
        const rows = await clustersHitByRule(requireOcp(deps), orgId, selector, filter);
        if (rows.length === 0) throw notFound(selector);
        return {
          json: {
            clusters: rows.map((row) => ({
              cluster: row.cluster,
              cluster_name: '',
              last_checked_at: dbToRfc3339Nano(row.createdAt),
              impacted: dbToRfc3339Nano(row.impactedSince),
              meta: { cluster_version: row.version },
            })),
            status: 'ok',
          },
        };
      },
    },
  ];
}
