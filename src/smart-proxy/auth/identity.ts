/**
 * The caller's org and user as handlers need them (spec 2.4): from the token only; with `server.auth`
 * off there is none and org-bound handlers answer 403 `token is not provided`. The internal-rule gate.
 */
import { AppError } from '#common/errors.js';
import type { RequestContext } from '#common/http/routes.js';
import type { Identity } from '#common/http/identity.js';

export function requireIdentity(ctx: RequestContext): Identity {
  if (!ctx.identity) throw new AppError('forbidden', 'token is not provided');
  return ctx.identity;
}

export const INTERNAL_RULE_FORBIDDEN = 'This organization is not allowed to access this recommendation';

/** Whether the caller may see internal rules (null allow-list: everyone). */
export function maySeeInternal(allowed: ReadonlySet<number> | null, ctx: RequestContext): boolean {
  if (allowed === null) return true;
  return ctx.identity !== null && allowed.has(ctx.identity.orgId);
}

export function checkInternal(allowed: ReadonlySet<number> | null, ctx: RequestContext, internal: boolean): void {
  if (internal && !maySeeInternal(allowed, ctx)) throw new AppError('forbidden', INTERNAL_RULE_FORBIDDEN);
}
