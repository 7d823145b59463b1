/**
 * Identifier validators shared by every service, with the upstream error texts (spec 4.3).
 * Each returns the parsed value or throws an AppError (400).
 */
import { AppError, badRequest, missingParam, paramParseError } from './errors.js';

const UINT32_MAX = 4294967295n;

/** Org ID path parameter: base-10 unsigned, > 0, fits uint32. */
export function parseOrgId(value: string | undefined, name = 'org_id'): number {
  if (value === undefined || value === '') throw missingParam(name);
  if (!/^\d+$/.test(value) || value.length > 20 || BigInt(value) > 18446744073709551615n) {
    throw paramParseError(name, value, 'unsigned integer expected');
  }
  const n = BigInt(value);
  if (n > UINT32_MAX) throw badRequest(`value ${n} out of range for uint32`);
  if (n === 0n) throw paramParseError(name, value, 'positive value expected');
  return Number(n);
}

/** Why a string is not a UUID as Go's `uuid.Parse` sees it, or null when it is one. */
export function uuidError(s: string): string | null {
  let body = s;
  const length = Buffer.byteLength(s, 'utf8');
  switch (length) {
    case 36:
      break;
    case 45:
      if (s.slice(0, 9).toLowerCase() !== 'urn:uuid:') return `invalid urn prefix: ${JSON.stringify(s.slice(0, 9))}`;
      body = s.slice(9);
      break;
    case 38:
      body = s.slice(1, 37); // Go strips the first character without checking the braces
      break;
    case 32:
      return /^[0-9a-fA-F]{32}$/.test(s) ? null : 'invalid UUID format';
    default:
      return `invalid UUID length: ${length}`;
  }
  if (body.length !== 36) return 'invalid UUID format';
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(body) ? null : 'invalid UUID format';
}

export function isUuid(s: string): boolean {
  return uuidError(s) === null;
}

/** Cluster path parameter: a UUID, kept exactly as given. */
export function parseClusterId(value: string | undefined, name = 'cluster'): string {
  if (value === undefined || value === '') throw missingParam(name);
  const err = uuidError(value);
  if (err) throw paramParseError(name, value, err);
  return value;
}

/** user_id: trimmed, non-empty. */
export function parseUserId(value: string | undefined, name = 'user_id'): string {
  const v = (value ?? '').trim();
  if (v === '') throw missingParam(name);
  return v;
}

export const RULE_ID_RE = /^[a-zA-Z_0-9.]+$/;
export const INVALID_RULE_ID = 'invalid rule ID, it must contain only from latin characters, number, underscores or dots';

/** rule_id path parameter of the toggle/vote/ack routes. */
export function parseRuleId(value: string | undefined, name = 'rule_id'): string {
  if (value === undefined || value === '') throw missingParam(name);
  if (!RULE_ID_RE.test(value)) throw paramParseError(name, value, INVALID_RULE_ID);
  return value;
}

/** error_key path parameter: any non-empty segment. */
export function parseErrorKey(value: string | undefined, name = 'error_key'): string {
  if (value === undefined || value === '') throw missingParam(name);
  return value;
}

/** A rule selector `plugin.module|ERROR_KEY` (regex unanchored at the start, as upstream). */
export const RULE_SELECTOR_RE = /[a-zA-Z_0-9]+\.[a-zA-Z_0-9.]+\|[a-zA-Z_0-9]+$/;

export function parseRuleSelector(value: string | undefined, name = 'rule_selector'): string {
  if (value === undefined || value === '') throw missingParam(name);
  if (!RULE_SELECTOR_RE.test(value)) {
    throw paramParseError(name, value, 'Param rule_selector is not a valid rule selector (plugin_name|error_key)');
  }
  return value;
}

/** Comma-separated list of org IDs (debug delete route). */
export function parseOrgIdList(value: string | undefined, name = 'organizations'): number[] {
  if (value === undefined || value === '') throw missingParam(name);
  return value.split(',').map((part) => {
    if (!/^\d+$/.test(part) || BigInt(part) > UINT32_MAX) throw paramParseError(name, value, 'integer array expected');
    return Number(part);
  });
}

/** Comma-separated list of cluster UUIDs (debug delete route). */
export function parseClusterIdList(value: string | undefined, name = 'clusters'): string[] {
  if (value === undefined || value === '') throw missingParam(name);
  return value.split(',').map((part) => {
    const err = uuidError(part);
    if (err) throw paramParseError(name, part, err);
    return part;
  });
}

export { AppError };
