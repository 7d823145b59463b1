/** Query and path parameters of the proxy's routes (spec 2.5 validators, Part 7 point 10). */
import { AppError, paramParseError } from '#common/errors.js';
import type { RequestContext } from '#common/http/routes.js';

export function query(ctx: RequestContext): URLSearchParams {
  const q = ctx.url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : ctx.url.slice(q + 1));
}

/** Go's strconv.ParseBool; null when it does not parse. */
export function goBool(text: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return null;
}

/** A boolean query parameter; absent: `fallback`; unparsable: 400 (get_disabled, impacting) or `fallback` (lenient). */
export function boolParam(ctx: RequestContext, name: string, fallback: boolean, lenient = false): boolean {
  const value = query(ctx).get(name);
  if (value === null) return fallback;
  const parsed = goBool(value);
  if (parsed !== null) return parsed;
  if (lenient) return fallback;
  throw paramParseError(name, value, `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

export const COMPOSITE_RULE_ID_RE = /^([a-zA-Z_0-9.]+)\|([a-zA-Z_0-9.]+)$/;

/** `module|EK` -> [module, EK]; 400 otherwise. */
export function parseCompositeRuleId(value: string | undefined, name = 'rule_id'): [string, string] {
  const m = COMPOSITE_RULE_ID_RE.exec(value ?? '');
  if (!m)
    throw paramParseError(name, value ?? '', 'invalid rule ID, it must contain only from latin characters, number, underscores or dots');
  return [m[1], m[2]];
}

export const INVALID_PARAMS = new AppError('bad_request', 'the parameters contains invalid characters and cannot be used');
