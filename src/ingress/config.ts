/**
 * The ingress's configuration: a TOML file (`INSIGHTS_INGRESS_CONFIG_FILE`, default ./ingress.toml; baseline
 * config/ingress.toml), env overrides `INSIGHTS_INGRESS__SECTION__KEY`. Upstream insights-ingress-go's
 * settings (`INGRESS_MAXSIZE`, `INGRESS_VALID_UPLOAD_TYPES`, the stage bucket, the announce topic) mapped
 * onto sections; the Kafka connection in the platform's `[broker]` keys.
 */
import { brokerConnectionKeys } from '#common/kafka/options.js';
import type { ConfigSpec } from '#common/config/load.js';
import type { ConfigOf, KeyType } from '#common/config/schema.js';
import { httpLimitKeys } from '#common/http/limits.js';

export const schema = {
  server: {
    /** `:3000` style. */
    address: 'string',
    api_prefix: 'string',
    /** Bytes of the whole request body; over it: 413 (upstream INGRESS_MAXSIZE, 100 MiB). */
    max_size: 'int',
    /** Comma list of services accepted in the content type (upstream INGRESS_VALID_UPLOAD_TYPES). */
    valid_upload_types: 'string',
    /** Timeouts, connection cap and body memory of every HTTP service (common/http/limits.ts). */
    ...httpLimitKeys,
  },
  auth: {
    /** `xrh`: the gateway's `x-rh-identity` header is required (401 without). `local`: see below. */
    mode: 'string',
    /** local mode: the org (and account) every upload is booked to. */
    org_id: 'string',
    account_number: 'string',
    /** local mode: when set, `Authorization: Bearer <token>` must carry it (401 otherwise); empty: none needed. */
    token: 'string',
    /** Ours, local mode: `token=org,...`: uploads bearing one of these tokens go to its org instead. */
    org_tokens: 'string',
  },
  storage: {
    /** S3 endpoint URL; empty = AWS. */
    endpoint: 'string',
    region: 'string',
    bucket: 'string',
    access_key: 'string',
    secret_key: 'string',
    /** Lifetime of the presigned download URL announced. */
    url_expiry: 'duration',
    /** Per S3 call. */
    timeout: 'duration',
    /**
     * Ours (embedded profile): a folder for the archives instead of S3; the ingress then serves them at
     * `{api_prefix}archives/{id}` with a signed, expiring link (upload/disk-storage.ts). Empty: S3.
     */
    directory: 'string',
    /** Ours: the base of the announced links when `directory` is set (default http://127.0.0.1:<port>{api_prefix}). */
    download_url: 'string',
    /** Ours: HMAC key of those links (empty: a random key kept in `<directory>/.signing-key`). */
    signing_key: 'string',
  },
  broker: {
    ...brokerConnectionKeys,
    timeout: 'duration',
    client_id: 'string',
  },
  announce: {
    topic: 'string',
  },
  metrics: {
    namespace: 'string',
  },
  logging: {
    debug: 'bool',
    use_stderr: 'bool',
    log_level: 'string',
  },
} as const satisfies Record<string, Record<string, KeyType>>;

export type Config = ConfigOf<typeof schema>;

export const configSpec: ConfigSpec<typeof schema> = {
  fileEnv: 'INSIGHTS_INGRESS_CONFIG_FILE',
  envPrefix: 'INSIGHTS_INGRESS__',
  schema,
  defaultFile: 'ingress',
  secretKeys: new Set(['broker.sasl_password', 'storage.secret_key', 'auth.token', 'auth.org_tokens', 'storage.signing_key']),
};
