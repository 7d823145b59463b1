/**
 * Org-wide ("system-wide") rule disables, a.k.a. acknowledgements (spec 4.4.6). The selector parameters
 * are validated in the order org_id, rule_id, error_key; no org-permission check (upstream trusts the
 * path org; the smart proxy authorises).
 */
import { AppError, badRequest, NO_BODY, validationError } from '#common/errors.js';
import { badType, field, hasBody, parseJson } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseErrorKey, parseOrgId, parseRuleId } from '#common/ids.js';
import { nowInstant, nullTime, toDbTimestamp } from '#common/time.js';
import type { Db } from '../../storage/db.js';
import { type ApiDeps, requireOcp } from '../deps.js';
import {
  type RuleDisableRow,
  type RuleKey,
  disableRuleSystemWide,
  enableRuleSystemWide,
  listDisabledRules,
  readDisabledRule,
  updateRuleSystemWide,
} from './queries.js';

const SELECTOR = 'rules/{rule_id}/error_key/{error_key}/organizations/{org_id}';

export const RULE_NOT_DISABLED = 'Rule was not disabled';

export function acksRoutes(deps: ApiDeps): RouteDef[] {
  const maxLength = deps.config.server.maximum_feedback_message_length;
  const db = (): Db => requireOcp(deps);

  return [
    {
      method: 'PUT',
      path: `${SELECTOR}/disable`,
      options: true,
      handler: async (ctx) => {
        const key = readSelector(ctx);
        const justification = readJustification(ctx, maxLength);
        await disableRuleSystemWide(db(), key, justification, toDbTimestamp(nowInstant()));
        return { json: { justification, status: 'ok' } };
      },
    },
    {
      method: 'PUT',
      path: `${SELECTOR}/enable`,
      options: true,
      handler: async (ctx) => {
        const key = readSelector(ctx);
        await enableRuleSystemWide(db(), key);
        return { json: { status: 'rule enabled' } };
      },
    },
    {
      method: 'POST',
      path: `${SELECTOR}/update`,
      options: true,
      handler: async (ctx) => {
        const key = readSelector(ctx);
        const justification = readJustification(ctx, maxLength);
        await updateRuleSystemWide(db(), key, justification, toDbTimestamp(nowInstant()));
        return { json: { justification, status: 'ok' } };
      },
    },
    {
      // Registered WITH the trailing slash, as upstream (the slash-less form gets the router's 301).
      method: 'GET',
      path: `${SELECTOR}/`,
      handler: async (ctx) => {
        const key = readSelector(ctx);
        const row = await readDisabledRule(db(), key);
        if (!row) throw new AppError('not_found', RULE_NOT_DISABLED);
        return { json: { disabledRule: disabledRuleJson(row), status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'rules/organizations/{org_id}/disabled_system_wide',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const rows = await listDisabledRules(db(), orgId);
        return { json: { disabledRules: rows.map(disabledRuleJson), status: 'ok' } };
      },
    },
  ];
}

function readSelector(ctx: RequestContext): RuleKey {
  const orgId = parseOrgId(ctx.params.org_id);
  const ruleId = parseRuleId(ctx.params.rule_id);
  const errorKey = parseErrorKey(ctx.params.error_key);
  return { orgId, ruleId, errorKey };
}

/**
 * The required body `{"justification":"..."}`: no body → 400 `client didn't provide request body`; JSON
 * syntax error → 400 with the parser message; not an object or a non-string justification → 400
 * `bad type in json data` (JSON `null` decodes to an empty justification, as in Go); longer than the
 * limit in bytes → 400 validation error.
 */
function readJustification(ctx: RequestContext, maxLength: number): string {
  if (!hasBody(ctx)) throw badRequest(NO_BODY);
  const value = parseJson(ctx.body as string);
  let justification = '';
  if (value !== null) {
    if (typeof value !== 'object' || Array.isArray(value)) throw badType();
    const v = field(value as Record<string, unknown>, 'justification');
    if (v !== undefined && v !== null) {
      if (typeof v !== 'string') throw badType();
      justification = v;
    }
  }
  if (Buffer.byteLength(justification, 'utf8') > maxLength) {
    throw validationError(
      'justification',
      `${truncateBytes(justification, maxLength)}...`,
      `justification is longer than ${maxLength} bytes`,
    );
  }
  return justification;
}

/**
 * The first `n` bytes of the UTF-8 text, as Go's `s[:n]` followed by encoding/json: a multi-byte
 * character cut in the middle becomes one U+FFFD per remaining byte.
 */
export function truncateBytes(text: string, n: number): string {
  const buf = Buffer.from(text, 'utf8').subarray(0, Math.max(0, n));
  let j = buf.length - 1;
  let continuation = 0;
  while (j >= 0 && continuation < 3 && (buf[j] & 0xc0) === 0x80) {
    j -= 1;
    continuation += 1;
  }
  if (j >= 0) {
    const lead = buf[j];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (need > continuation + 1) return buf.subarray(0, j).toString('utf8') + '\ufffd'.repeat(continuation + 1);
  }
  return buf.toString('utf8');
}

/** Go's `types.SystemWideRuleDisable`, field order kept; `user_id` is always "" since migration 30. */
function disabledRuleJson(row: RuleDisableRow) {
  return {
    org_id: Number(row.org_id),
    user_id: '',
    rule_id: row.rule_id,
    error_key: row.error_key,
    justification: row.justification ?? '',
    created_at: nullTime(row.created_at),
    updated_at: nullTime(row.updated_at),
  };
}
