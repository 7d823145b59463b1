/**
 * Who uploads: in `xrh` mode the gateway's `x-rh-identity` (decoded and checked by the HTTP factory before
 * the body is read); in `local` mode a configured org, optionally behind a bearer token. The announcement
 * carries the identity as `b64_identity` with `identity.internal.org_id` set (the pipeline requires it).
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '#common/errors.js';
import type { XRhIdentity } from '#contracts/identity.js';

export interface Uploader {
  orgId: string;
  account: string;
  /** Base64 JSON for the announcement. */
  b64Identity: string;
}

const encode = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64');

/** From the header the factory already checked: its JSON, `internal.org_id` filled in when absent. */
export function uploaderFromHeader(header: string): Uploader {
  const doc = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as XRhIdentity;
  const id = doc.identity;
  const orgId = id.org_id || id.internal?.org_id || '';
  if (!orgId) throw new AppError('unauthorized', 'Malformed authentication token');
  if (!id.internal?.org_id) id.internal = { ...id.internal, org_id: orgId };
  return { orgId, account: id.account_number ?? '', b64Identity: encode(doc) };
}

export interface LocalAuth {
  orgId: string;
  account: string;
  token: string;
}

/** local mode: the configured org; with a token configured, `Authorization: Bearer <token>` must match. */
export function localUploader(auth: LocalAuth, authorization: string | string[] | undefined): Uploader {
  if (auth.token) {
    const value = Array.isArray(authorization) ? authorization[0] : authorization;
    const given = /^Bearer\s+(.+)$/i.exec(value ?? '')?.[1]?.trim() ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(auth.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('unauthorized', 'Missing or invalid bearer token');
  }
  const identity: XRhIdentity = {
    identity: { account_number: auth.account, org_id: auth.orgId, type: 'System', internal: { org_id: auth.orgId } },
  };
  return { orgId: auth.orgId, account: auth.account, b64Identity: encode(identity) };
}
