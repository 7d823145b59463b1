/**
 * Request checks every route gets from the server before its handler (and before its body is read):
 * - a NUL byte in a path parameter is a 400 (PostgreSQL cannot store one in text, SQLite would; both
 *   databases answer the same, and a shared statement is never sent with one);
 * - with auth on, an org named in the path (`org_id`, `organization`, each org of `organizations`) must be
 *   the identity's org: 403 with the upstream text otherwise. Values that are not org IDs are left to the
 *   handler, whose 400 comes first as upstream's does.
 */
import { AppError, badRequest, validationError } from '../errors.js';
import { type Identity, orgMismatch } from './identity.js';

/** Path parameters naming one org or a comma-separated list of orgs. */
export const ORG_PARAMS: readonly string[] = ['org_id', 'organization', 'organizations'];

export const NUL_REASON = 'NUL bytes are not allowed';
/** 400 text of a body holding a NUL character (raw or as the JSON escape `\u0000`). */
export const NUL_IN_BODY = 'request body contains a NUL character, which is not allowed';

export function checkParamsText(params: Record<string, string> | undefined): void {
  if (!params) return;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.includes('\0')) throw validationError(name, value, NUL_REASON);
  }
}

export function checkOrgParams(params: Record<string, string> | undefined, identity: Identity): void {
  if (!params) return;
  for (const name of ORG_PARAMS) {
    const value = params[name];
    if (typeof value !== 'string') continue;
    for (const part of value.split(',')) {
      const text = part.trim();
      if (!/^\d{1,10}$/.test(text)) continue;
      const org = Number(text);
      if (org > 0 && org <= 4294967295 && org !== identity.orgId) throw orgMismatch(org, identity.orgId);
    }
  }
}

/** 403 for a cluster owned by another org; unlike upstream, the text does not name the owner. */
export function foreignCluster(identity: Identity): AppError {
  return new AppError(
    'forbidden',
    `you have no permissions to get or change info about this cluster; you can access info about organization with ID ${identity.orgId}`,
  );
}

/** A JSON text whose strings hold a NUL character (the parsed value is walked only when the text may hold one). */
export function rejectNulInJson(text: string, value: unknown): void {
  if (!text.includes('\\u0000') && !text.includes('\0')) return;
  if (holdsNul(value)) throw badRequest(NUL_IN_BODY);
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k.includes('\0') || holdsNul(v)) return true;
  }
  return false;
}
