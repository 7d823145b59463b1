/**
 * Per-cluster rule toggles and their justifications, spec 4.4.5:
 * - `PUT, OPTIONS clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disable|enable`;
 * - `POST .../organizations/{org_id}/users/{user_id}/disable_feedback`;
 * - `GET rules/organizations/{org_id}/disabled`, `POST, OPTIONS rules/organizations/{org_id}/disabled_for_clusters`;
 * - `GET rules/users/{user_id}/disabled/feedback`;
 * - `GET clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled`.
 */
import { stringListBody } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseErrorKey, parseOrgId, parseRuleId, parseUserId } from '#common/ids.js';
import { dbToRfc3339Nano, nowInstant, nullTime, toDbTimestamp } from '#common/time.js';
import { type ApiDeps, requireOcp } from '../deps.js';
import { checkClusterOrg, feedbackMessage, readClusterRule } from '../votes/cluster-rule.js';
import { CLUSTER_RULE } from '../votes/routes.js';
import {
  type DisabledRuleRow,
  listDisabledClusters,
  listDisabledRules,
  listReasons,
  toggleRule,
  upsertDisableFeedback,
} from './queries.js';

/** Go's `DisabledRule` struct, field order and names as marshalled upstream. EnabledAt is never selected. */
function disabledRule(row: DisabledRuleRow) {
  return {
    ClusterID: row.cluster_id,
    RuleID: row.rule_id,
    ErrorKey: row.error_key,
    Disabled: 1,
    DisabledAt: nullTime(row.disabled_at),
    EnabledAt: nullTime(null),
    UpdatedAt: nullTime(row.updated_at),
  };
}

export function togglesRoutes(deps: ApiDeps): RouteDef[] {
  const maxLength = () => deps.config.server.maximum_feedback_message_length;

  const toggle = (disabled: boolean) => async (ctx: RequestContext) => {
    const db = requireOcp(deps);
    const target = await readClusterRule(db, ctx.params);
    // Upstream order: the org check against the cluster's owner comes before org_id is parsed.
    checkClusterOrg(ctx, target.ownerOrg);
    const orgId = parseOrgId(ctx.params.org_id);
    await toggleRule(db, {
      cluster: target.cluster,
      ruleId: target.ruleId,
      errorKey: target.errorKey,
      orgId,
      disabled,
      now: toDbTimestamp(nowInstant()),
    });
    return { json: { status: 'ok' } };
  };

  return [
    { method: 'PUT', path: `${CLUSTER_RULE}/organizations/{org_id}/disable`, options: true, handler: toggle(true) },
    { method: 'PUT', path: `${CLUSTER_RULE}/organizations/{org_id}/enable`, options: true, handler: toggle(false) },
    {
      method: 'POST',
      path: `${CLUSTER_RULE}/organizations/{org_id}/users/{user_id}/disable_feedback`,
      handler: async (ctx) => {
        const db = requireOcp(deps);
        const target = await readClusterRule(db, ctx.params);
        const userId = parseUserId(ctx.params.user_id);
        const orgId = parseOrgId(ctx.params.org_id);
        checkClusterOrg(ctx, target.ownerOrg);
        const message = feedbackMessage(ctx, maxLength(), true);
        await upsertDisableFeedback(db, {
          cluster: target.cluster,
          ruleId: target.ruleId,
          errorKey: target.errorKey,
          orgId,
          userId,
          message,
          now: toDbTimestamp(nowInstant()),
        });
        deps.metrics.feedbackOnRules.inc();
        return { json: { message, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'rules/organizations/{org_id}/disabled',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const rows = await listDisabledRules(requireOcp(deps), orgId);
        return { json: { rules: rows.map(disabledRule), status: 'ok' } };
      },
    },
    {
      method: 'POST',
      path: 'rules/organizations/{org_id}/disabled_for_clusters',
      options: true,
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const clusters = stringListBody(ctx);
        const rows = await listDisabledRules(requireOcp(deps), orgId, clusters);
        return { json: { rules: rows.map(disabledRule), status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'rules/users/{user_id}/disabled/feedback',
      handler: async (ctx) => {
        const userId = parseUserId(ctx.params.user_id);
        // With auth on, only the identity's org (ours: upstream listed the user's reasons in every org).
        const rows = await listReasons(requireOcp(deps), userId, ctx.identity?.orgId);
        const reasons = rows.map((r) => ({
          ClusterID: r.cluster_id,
          RuleID: r.rule_id,
          ErrorKey: r.error_key,
          Message: r.message,
          AddedAt: nullTime(r.added_at),
          UpdatedAt: nullTime(r.updated_at),
        }));
        return { json: { reasons, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const ruleId = parseRuleId(ctx.params.rule_id);
        const errorKey = parseErrorKey(ctx.params.error_key);
        const rows = await listDisabledClusters(requireOcp(deps), orgId, ruleId, errorKey);
        // Quirk kept: upstream marshals a nil slice, so "no clusters" is `null`, not `[]`.
        const clusters =
          rows.length === 0
            ? null
            : rows.map((r) => ({
                cluster_id: r.cluster_id,
                cluster_name: '',
                disabled_at: dbToRfc3339Nano(r.disabled_at),
                justification: r.justification ?? '',
              }));
        return { json: { clusters, status: 'ok' } };
      },
    },
  ];
}
