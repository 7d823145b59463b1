/**
 * v2 acks (org-wide disables, spec 2.8 V2-9) and rating (V2-10). The rule ID is `module|EK` without
 * `.report`. Upstream's shapes are kept: the list pretty-printed with tabs and no JSON content type,
 * `POST /ack` errors in plain text, empty 404 bodies for GET/DELETE of a missing ack (Quirk 2.10-8).
 */
import { AppError, INTERNAL, missingParam } from '#common/errors.js';
import { goEscape } from '#common/http/envelope.js';
import type { Reply, RouteDef } from '#common/http/routes.js';
import { passThrough } from '../aggregator/client.js';
import { requireIdentity } from '../auth/identity.js';
import type { ProxyDeps } from '../deps.js';
import { ackList, type SystemWideAck } from '../reports/acks.js';
import { COMPOSITE_RULE_ID_RE, parseCompositeRuleId } from '../reports/params.js';
import { rfc3339 } from './rfc3339.js';

const TEXT = 'text/plain; charset=utf-8';

function ackOut(a: SystemWideAck) {
  return {
    rule: `${a.rule_id}|${a.error_key}`,
    justification: a.justification,
    created_by: a.user_id,
    created_at: a.created_at.Valid ? rfc3339(a.created_at.Time) : '',
    updated_at: a.updated_at.Valid ? rfc3339(a.updated_at.Time) : '',
  };
}

const plain = (status: number, text: string): Reply => ({ status, raw: text, contentType: TEXT });
const empty = (status: number): Reply => ({ status, raw: '', contentType: TEXT });

export function v2AckRoutes(deps: ProxyDeps): RouteDef[] {
  const readAck = async (org: number, module: string, ek: string): Promise<SystemWideAck | null> => {
    const res = await deps.aggregator.ack(org, module, ek);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new AppError('internal', `aggregator answered ${res.status} for an ack`);
    return res.json<{ disabledRule: SystemWideAck }>().disabledRule;
  };
  return [
    {
      method: 'GET',
      path: 'ack',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const data = (await ackList(deps.aggregator, id.orgId)).map(ackOut);
        return { raw: `${goEscape(JSON.stringify({ meta: { count: data.length }, data }, null, '\t'))}\n`, contentType: TEXT };
      },
    },
    {
      method: 'GET',
      path: 'ack/{rule_id}',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const [module, ek] = parseCompositeRuleId(ctx.params.rule_id);
        const ack = await readAck(id.orgId, module, ek);
        return ack ? { json: ackOut(ack) } : empty(404);
      },
    },
    {
      method: 'POST',
      path: 'ack',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        let body: { rule_id?: unknown; justification?: unknown };
        try {
          body = JSON.parse(ctx.body ?? '');
        } catch (err) {
          return plain(400, `${(err as Error).message}\n`);
        }
        const ruleId = typeof body?.rule_id === 'string' ? body.rule_id : '';
        const m = COMPOSITE_RULE_ID_RE.exec(ruleId);
        if (!m) return plain(400, `invalid rule ID: '${ruleId}'\n`);
        const justification = typeof body.justification === 'string' ? body.justification : '';
        const existing = await readAck(id.orgId, m[1], m[2]);
        if (existing) return { json: ackOut(existing) };
        const res = await deps.aggregator.ackDisable(id.orgId, m[1], m[2], justification);
        if (res.status !== 200) return plain(400, `${res.text().trim()}\n`);
        const created = await readAck(id.orgId, m[1], m[2]);
        if (!created) throw new AppError('internal', INTERNAL);
        return { status: 201, json: ackOut(created) };
      },
    },
    {
      method: 'PUT',
      path: 'ack/{rule_id}',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const [module, ek] = parseCompositeRuleId(ctx.params.rule_id);
        let justification = '';
        try {
          const body = JSON.parse(ctx.body ?? '');
          justification = typeof body?.justification === 'string' ? body.justification : '';
        } catch {
          throw missingParam('justification');
        }
        const existing = await readAck(id.orgId, module, ek);
        if (!existing) throw new AppError('not_found', `Item with ID ${module}|${ek} was not found in the storage`);
        const res = await deps.aggregator.ackUpdate(id.orgId, module, ek, justification);
        if (res.status !== 200) return passThrough(res);
        const updated = await readAck(id.orgId, module, ek);
        if (!updated) throw new AppError('internal', INTERNAL);
        return { raw: `${goEscape(JSON.stringify(ackOut(updated)))}\n`, contentType: TEXT };
      },
    },
    {
      method: 'DELETE',
      path: 'ack/{rule_id}',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const [module, ek] = parseCompositeRuleId(ctx.params.rule_id);
        if (!(await readAck(id.orgId, module, ek))) return empty(404);
        const res = await deps.aggregator.ackEnable(id.orgId, module, ek);
        if (res.status !== 200) return passThrough(res);
        return empty(204);
      },
    },
    {
      method: 'POST',
      path: 'rating',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        try {
          const parsed = JSON.parse(ctx.body ?? '');
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        } catch {
          throw new AppError('bad_request', "client didn't provide a valid request body");
        }
        const res = await deps.aggregator.postRating(id.orgId, ctx.body as string);
        if (res.status !== 200) return passThrough(res);
        const body = res.json<{ ratings?: { rule: string; rating: number } }>();
        return { json: { rule: body.ratings?.rule ?? '', rating: body.ratings?.rating ?? 0 } };
      },
    },
  ];
}
