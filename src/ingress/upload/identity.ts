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
  /** Ours: more bearer tokens, each booking its uploads to its own org (`auth.org_tokens`). */
  orgTokens?: ReadonlyMap<string, string>;
}

/** `auth.org_tokens`: `token=org,token=org`; a bad entry throws (a configuration error). */
export function parseOrgTokens(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    const token = entry.slice(0, eq).trim();
    const org = entry.slice(eq + 1).trim();
    if (eq <= 0 || !token || !/^[0-9]+$/.test(org))
      throw new Error(`auth.org_tokens entry is not token=org: '${entry.replace(/.(?=.{4})/g, '*')}'`);
    out.set(token, org);
  }
  return out;
}

const bearerOf = (authorization: string | string[] | undefined): string => {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  return /^Bearer\s+(.+)$/i.exec(value ?? '')?.[1]?.trim() ?? '';
};

const sameSecret = (given: string, wanted: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** local mode: the configured org; with a token configured, `Authorization: Bearer <token>` must match. */
export function localUploader(auth: LocalAuth, authorization: string | string[] | undefined): Uploader {
  const given = bearerOf(authorization);
  let orgId = auth.orgId;
  let account = auth.account;
  const mapped = given ? [...(auth.orgTokens ?? [])].find(([token]) => sameSecret(given, token)) : undefined;
  if (mapped) {
    orgId = mapped[1];
    account = '';
  } else if (auth.token && !sameSecret(given, auth.token)) throw new AppError('unauthorized', 'Missing or invalid bearer token');
  const identity: XRhIdentity = {
    identity: { account_number: account, org_id: orgId, type: 'System', internal: { org_id: orgId } },
  };
  return { orgId, account, b64Identity: encode(identity) };
}
