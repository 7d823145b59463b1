/**
 * The `x-rh-identity` header (spec 4.2): base64 (standard alphabet, padded) of
 * `{"identity":{"account_number":"..","org_id":"<decimal string>","user":{"user_id":".."},..}}`.
 */
import { IDENTITY_HEADER, type XRhIdentity } from '#contracts/identity.js';
import { AppError } from '../errors.js';

export interface Identity {
  accountNumber: string;
  orgId: number;
  userId: string;
  username: string;
  email: string;
  type: string;
}

export { IDENTITY_HEADER };
const MALFORMED = 'Malformed authentication token';

const unauthorized = (message: string) => new AppError('unauthorized', message);

function isStdBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? '' : undefined);

/** Decodes and checks the header; throws AppError('unauthorized') with the upstream texts. */
export function decodeIdentity(header: string | string[] | undefined): Identity {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') throw unauthorized('Missing auth token');
  if (!isStdBase64(value)) throw unauthorized(MALFORMED);
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    throw unauthorized(MALFORMED);
  }
  if (doc === null || typeof doc !== 'object') throw unauthorized(MALFORMED);
  const identity = (doc as { identity?: unknown }).identity ?? {};
  if (identity === null || typeof identity !== 'object' || Array.isArray(identity)) throw unauthorized(MALFORMED);
  const id = identity as Record<string, unknown>;
  const user = (id.user ?? {}) as Record<string, unknown>;
  if (typeof user !== 'object' || Array.isArray(user)) throw unauthorized(MALFORMED);
  const account = str(id.account_number);
  const orgText = id.org_id === undefined || id.org_id === null ? '' : id.org_id;
  const username = str(user.username);
  const email = str(user.email);
  const userId = str(user.user_id);
  const type = str(id.type);
  if (
    account === undefined ||
    typeof orgText !== 'string' ||
    username === undefined ||
    email === undefined ||
    userId === undefined ||
    type === undefined
  ) {
    throw unauthorized(MALFORMED);
  }
  let orgId = 0;
  if (orgText === '' && id.org_id === '') throw unauthorized(MALFORMED); // Go's `,string` rejects ""
  if (orgText !== '') {
    if (!/^\d+$/.test(orgText) || BigInt(orgText) > 4294967295n) throw unauthorized(MALFORMED);
    orgId = Number(orgText);
  }
  if (orgId === 0) {
    throw unauthorized(
      `error retrieving requester org_id from token. account_number [${account}], user data [{Username:${username} Email:${email} UserID:${userId}}]`,
    );
  }
  return { accountNumber: account, orgId, userId: userId === '' ? '0' : userId, username, email, type };
}

/** 403 text when the token's org differs from the org a request is about. */
export function orgMismatch(pathOrg: number | string, tokenOrg: number): AppError {
  return new AppError(
    'forbidden',
    `you have no permissions to get or change info about the organization with ID ${pathOrg}; you can access info about organization with ID ${tokenOrg}`,
  );
}

/** Build a header value (tests, tools). */
export function encodeIdentity(orgId: string | number, userId = '1', accountNumber = '42'): string {
  const doc: XRhIdentity = {
    identity: {
      account_number: accountNumber,
      org_id: String(orgId),
      type: 'User',
      user: { username: 'jdoe', user_id: userId, email: 'jdoe@acme.com' },
    },
  };
  return Buffer.from(JSON.stringify(doc)).toString('base64');
}
