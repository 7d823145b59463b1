/** Rule ratings (spec 4.4.7). No org-permission check: upstream trusts the path org. */
import { NO_BODY, badRequest, notFound, validationError } from '#common/errors.js';
import { badType, field, hasBody, parseJson } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { RULE_ID_RE, parseOrgId, parseRuleSelector } from '#common/ids.js';
import { nowInstant, toDbTimestamp } from '#common/time.js';
import type { Db } from '../../storage/db.js';
import { type ApiDeps, requireOcp } from '../deps.js';
import { getRuleRating, rateOnRule } from './queries.js';

/** advisor_ratings.rating is a SMALLINT. */
const SMALLINT_MIN = -32768;
const SMALLINT_MAX = 32767;

export function ratingsRoutes(deps: ApiDeps): RouteDef[] {
  const db = (): Db => requireOcp(deps);

  return [
    {
      method: 'POST',
      path: 'rules/organizations/{org_id}/rating',
      handler: async (ctx) => {
        const body = readRatingBody(ctx);
        const orgId = parseOrgId(ctx.params.org_id);
        const [ruleFqdn, errorKey] = splitRule(body.rule);
        await rateOnRule(db(), { orgId, ruleFqdn, errorKey, rating: body.rating }, toDbTimestamp(nowInstant()));
        deps.metrics.ratingOnRules.inc();
        return { json: { ratings: { rule: body.rule, rating: body.rating }, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'rules/{rule_selector}/organizations/{org_id}/rating',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const selector = parseRuleSelector(ctx.params.rule_selector);
        const row = await getRuleRating(db(), orgId, selector);
        if (!row) throw notFound(orgId, selector, 'rating');
        return { json: { rating: { rule: row.rule_id, rating: row.rating ?? 0 }, status: 'ok' } };
      },
    },
  ];
}

/**
 * `{"rule":"<module>|<KEY>","rating":<integer>}`, decoded before the org_id is read (as upstream).
 * No body → 400 `client didn't provide request body`; syntax error → 400 parser message; wrong JSON types,
 * a non-integer rating, or one outside the SMALLINT column range → 400 `bad type in json data`.
 * Absent fields are "" and 0, as Go's zero values; JSON `null` decodes to both zero values.
 */
function readRatingBody(ctx: RequestContext): { rule: string; rating: number } {
  if (!hasBody(ctx)) throw badRequest(NO_BODY);
  const value = parseJson(ctx.body as string);
  if (value === null) return { rule: '', rating: 0 };
  if (typeof value !== 'object' || Array.isArray(value)) throw badType();
  const obj = value as Record<string, unknown>;
  const rule = field(obj, 'rule');
  const rating = field(obj, 'rating');
  if (rule !== undefined && rule !== null && typeof rule !== 'string') throw badType();
  if (rating !== undefined && rating !== null) {
    if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < SMALLINT_MIN || rating > SMALLINT_MAX) throw badType();
  }
  return { rule: typeof rule === 'string' ? rule : '', rating: typeof rating === 'number' ? rating : 0 };
}

/** `module|KEY` → [module, KEY] with upstream's two validation texts. */
function splitRule(rule: string): [string, string] {
  const parts = rule.split('|');
  if (parts.length !== 2) {
    throw validationError('rule', rule, 'invalid rule ID, it must contain only rule ID and error key separated by |');
  }
  if (!RULE_ID_RE.test(parts[0]) || !RULE_ID_RE.test(parts[1])) {
    throw validationError(
      'rule',
      rule,
      'invalid rule ID, each part of ID must contain only latin characters, numbers, underscores or dots',
    );
  }
  return [parts[0], parts[1]];
}
