/**
 * The `x-rh-identity` header's JSON (spec 4.2), base64-encoded by the gateway (3scale) and read by every
 * HTTP service; the smart proxy forwards it to the aggregator. Fields the services read:
 * `identity.org_id` (a decimal string), `identity.account_number`, `identity.user.*`, `identity.type`.
 */
export interface XRhIdentity {
  identity: {
    account_number?: string;
    /** Decimal string (Go's `,string` tag): `"12345"`. */
    org_id?: string;
    type?: string;
    user?: {
      username?: string;
      user_id?: string;
      email?: string;
    };
    internal?: { org_id?: string };
  };
}

/** The header name. */
export const IDENTITY_HEADER = 'x-rh-identity';
