/**
 * Rule votes ("thumbs up/down"), spec 4.4.4:
 * - `PUT, OPTIONS clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/users/{user_id}/like`,
 *   `.../dislike`, `.../reset_vote`: vote 1, -1, 0 with an optional `{"message": ...}` body;
 * - `GET clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/users/{user_id}/get_vote` (debug only).
 */
import { notFound } from '#common/errors.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseOrgId, parseUserId } from '#common/ids.js';
import { nowInstant, toDbTimestamp } from '#common/time.js';
import { type ApiDeps, requireOcp } from '../deps.js';
import { checkClusterOrg, feedbackMessage, readClusterRule } from './cluster-rule.js';
import { findVote, upsertVote } from './queries.js';

export const CLUSTER_RULE = 'clusters/{cluster}/rules/{rule_id}/error_key/{error_key}';
const VOTE_BASE = `${CLUSTER_RULE}/organizations/{org_id}/users/{user_id}`;

const VOTES: ReadonlyArray<readonly [string, -1 | 0 | 1]> = [
  ['like', 1],
  ['dislike', -1],
  ['reset_vote', 0],
];

export function votesRoutes(deps: ApiDeps): RouteDef[] {
  const vote = (value: -1 | 0 | 1) => async (ctx: RequestContext) => {
    const db = requireOcp(deps);
    const target = await readClusterRule(db, ctx.params);
    const userId = parseUserId(ctx.params.user_id);
    const orgId = parseOrgId(ctx.params.org_id);
    checkClusterOrg(ctx, target.ownerOrg);
    const message = feedbackMessage(ctx, deps.config.server.maximum_feedback_message_length, false);
    await upsertVote(db, {
      cluster: target.cluster,
      ruleId: target.ruleId,
      errorKey: target.errorKey,
      orgId,
      userId,
      vote: value,
      message,
      now: toDbTimestamp(nowInstant()),
    });
    deps.metrics.feedbackOnRules.inc();
    return { json: { status: 'ok' } };
  };

  const routes: RouteDef[] = VOTES.map(([name, value]) => ({
    method: 'PUT' as const,
    path: `${VOTE_BASE}/${name}`,
    options: true,
    handler: vote(value),
  }));

  if (deps.config.server.debug) {
    routes.push({
      method: 'GET',
      path: `${CLUSTER_RULE}/users/{user_id}/get_vote`,
      handler: async (ctx) => {
        const db = requireOcp(deps);
        const target = await readClusterRule(db, ctx.params);
        const userId = parseUserId(ctx.params.user_id);
        checkClusterOrg(ctx, target.ownerOrg);
        const found = await findVote(db, target.cluster, target.ruleId, target.errorKey, userId);
        if (found === null) throw notFound(target.cluster, target.ruleId, userId);
        return { json: { status: 'ok', vote: found } };
      },
    });
  }
  return routes;
}
