/**
 * An upload announcement on `platform.upload.announce` (spec 1): the JSON value, the identity it carries
 * and the cluster ID it may name. Pure; every rejection has a reason the log, the payload tracker and the
 * dead-letter record repeat.
 */
import { isUuid } from '#common/ids.js';
import { parseRfc3339 } from '#common/time.js';

export interface Announcement {
  url: string;
  /** '' when absent. */
  requestId: string;
  orgId: number;
  /** `identity.account_number` when it is a decimal number (the results' `AccountNumber`). */
  account?: number;
  /** From `cluster_name` or `identity.system.cluster_id`; else the archive's `config/id` decides. */
  clusterName?: string;
  /** `timestamp`, as given (the results' `LastChecked`). */
  timestamp: string;
  /** `metadata.custom_metadata.gathering_time` when it is RFC 3339. */
  gatheringTime?: string;
  size?: number;
}

/** What is known of a rejected announcement (for the payload tracker). */
export interface AnnouncementMeta {
  requestId?: string;
  orgId?: number;
  account?: number;
}

export type AnnouncementResult = { ok: true; announcement: Announcement } | { ok: false; reason: string; meta: AnnouncementMeta };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const DECIMAL = /^[0-9]{1,10}$/;
const MAX_UINT32 = 4_294_967_295;

function decimalUint32(v: unknown): number | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_UINT32 ? n : undefined;
}

/** The record's `service` header value, or undefined when the record has none. */
export function serviceHeader(headers: readonly [string, Buffer | null][] | undefined): string | undefined {
  const found = headers?.find(([k]) => k === 'service');
  return found ? (found[1]?.toString('utf8') ?? '') : undefined;
}

export function parseAnnouncement(value: Buffer | null): AnnouncementResult {
  const meta: AnnouncementMeta = {};
  const fail = (reason: string): AnnouncementResult => ({ ok: false, reason, meta });
  if (!value || value.length === 0) return fail('empty message');
  let doc: unknown;
  try {
    doc = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return fail(`message is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(doc)) return fail('message is not a JSON object');
  if (typeof doc.request_id === 'string') meta.requestId = doc.request_id;
  const missing = ['url', 'b64_identity', 'timestamp'].filter((k) => typeof doc[k] !== 'string' || doc[k] === '');
  if (missing.length > 0) return fail(`missing required field(s): ${missing.join(', ')}`);
  const timestamp = doc.timestamp as string;
  if (!parseRfc3339(timestamp)) return fail(`timestamp '${timestamp}' is not an RFC 3339 time`);
  let identity: unknown;
  try {
    const text = Buffer.from(doc.b64_identity as string, 'base64').toString('utf8');
    identity = JSON.parse(text);
  } catch {
    return fail('b64_identity is not base64-encoded JSON');
  }
  const id = isObject(identity) && isObject(identity.identity) ? identity.identity : null;
  if (!id) return fail("b64_identity has no 'identity' object");
  const orgText = isObject(id.internal) ? id.internal.org_id : undefined;
  if (typeof orgText !== 'string' || orgText === '') return fail('identity.internal.org_id is missing');
  const orgId = decimalUint32(orgText);
  if (orgId === undefined) return fail(`identity.internal.org_id '${orgText}' is not an unsigned 32-bit integer`);
  meta.orgId = orgId;
  const account = decimalUint32(id.account_number);
  if (account !== undefined) meta.account = account;
  const announcement: Announcement = { url: doc.url as string, requestId: meta.requestId ?? '', orgId, timestamp };
  if (account !== undefined) announcement.account = account;
  const system = isObject(id.system) ? id.system : {};
  for (const candidate of [doc.cluster_name, system.cluster_id]) {
    if (typeof candidate === 'string' && candidate !== '') {
      if (!isUuid(candidate)) return fail(`cluster ID '${candidate}' is not a UUID`);
      announcement.clusterName = candidate;
      break;
    }
  }
  const custom = isObject(doc.metadata) && isObject(doc.metadata.custom_metadata) ? doc.metadata.custom_metadata : {};
  if (typeof custom.gathering_time === 'string' && parseRfc3339(custom.gathering_time)) announcement.gatheringTime = custom.gathering_time;
  if (typeof doc.size === 'number') announcement.size = doc.size;
  return { ok: true, announcement };
}
