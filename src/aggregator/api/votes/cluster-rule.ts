/**
 * Validation shared by the per-cluster feedback routes (votes, per-cluster toggles, disable feedback),
 * spec 4.4.4 and 4.4.5: the `cluster / rule_id / error_key` triple followed by the cluster-existence
 * check, the org check against the cluster's owner, and the `{"message": ...}` body.
 */
import { NO_BODY, badRequest, notFound, validationError } from '#common/errors.js';
import { badType, hasBody, parseJson, stringField } from '#common/http/body.js';
import { foreignCluster } from '#common/http/guards.js';
import type { RequestContext } from '#common/http/routes.js';
import { parseClusterId, parseErrorKey, parseRuleId } from '#common/ids.js';
import type { Db } from '../../storage/db.js';
import { clusterOwner } from './queries.js';

export interface ClusterRule {
  cluster: string;
  ruleId: string;
  errorKey: string;
  /** The org that owns the cluster (`report.org_id`). */
  ownerOrg: number;
}

/** Steps 1-4 of spec 4.4.4/4.4.5: cluster (400), rule_id (400), error_key, cluster existence (404). */
export async function readClusterRule(db: Db, params: Record<string, string>): Promise<ClusterRule> {
  const cluster = parseClusterId(params.cluster);
  const ruleId = parseRuleId(params.rule_id);
  const errorKey = parseErrorKey(params.error_key);
  const ownerOrg = await clusterOwner(db, cluster);
  if (ownerOrg === null) throw notFound(cluster);
  return { cluster, ruleId, errorKey, ownerOrg };
}

/**
 * With auth on, the org owning the cluster must be the token's org. Upstream's 403 named the owner's org;
 * ours does not (docs/compatibility.md, hardening).
 */
export function checkClusterOrg(ctx: RequestContext, ownerOrg: number): void {
  if (ctx.identity && ctx.identity.orgId !== ownerOrg) throw foreignCluster(ctx.identity);
}

/**
 * The `{"message": "..."}` body. Absent: '' (votes) or 400 `client didn't provide request body`
 * (disable_feedback). JSON `null` decodes to the zero value as in Go. Longer than `maxLength` bytes:
 * 400 with the first `maxLength` bytes followed by `...`.
 */
export function feedbackMessage(ctx: RequestContext, maxLength: number, required: boolean): string {
  if (!hasBody(ctx)) {
    if (required) throw badRequest(NO_BODY);
    return '';
  }
  const value = parseJson(ctx.body as string);
  if (value === null) return '';
  if (typeof value !== 'object' || Array.isArray(value)) throw badType();
  const message = stringField(value as Record<string, unknown>, 'message');
  checkMessageLength(message, maxLength);
  return message;
}

export function checkMessageLength(message: string, maxLength: number): void {
  const limit = Math.max(0, maxLength);
  if (Buffer.byteLength(message, 'utf8') > limit) {
    throw validationError('message', `${bytePrefix(message, limit)}...`, `feedback message is longer than ${maxLength} bytes`);
  }
}

/**
 * The first `n` bytes of the UTF-8 text, as Go's `s[:n]` then `encoding/json` render it: the bytes of a
 * character cut in the middle each become U+FFFD.
 */
export function bytePrefix(text: string, n: number): string {
  const bytes = Buffer.from(text, 'utf8').subarray(0, n);
  let start = bytes.length - 1;
  while (start >= 0 && bytes.length - start <= 3 && (bytes[start] & 0xc0) === 0x80) start -= 1;
  let end = bytes.length;
  if (start >= 0) {
    const lead = bytes[start];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (bytes.length - start < need) end = start;
  }
  return bytes.subarray(0, end).toString('utf8') + '\uFFFD'.repeat(bytes.length - end);
}
