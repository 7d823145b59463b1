/**
 * The smart proxy's configuration (spec Part 3): every key of 3.2 with its type. As for the aggregator, a
 * missing file gives every key its zero value; `config/smart-proxy.toml` is the documented baseline.
 * Our additions: `services.upstream_timeout` (a timeout on every outbound call; upstream has none),
 * `amsclient.token_url` (the client-credentials token endpoint, OCM SDK's default when empty), and
 * `amsclient.cluster_list_cache_ttl` / `cluster_list_cache_orgs` (what `cluster_list_caching` keeps).
 */
import { loggingSections } from '#common/config/logging-sections.js';
import { applyClowderInMemoryDb, type ClowderConfig } from '#common/config/clowder.js';
import type { ConfigSpec } from '#common/config/load.js';
import { type ConfigOf, type KeyType, zeroConfigOf } from '#common/config/schema.js';
import { httpLimitKeys } from '#common/http/limits.js';

export const schema = {
  server: {
    address: 'string',
    api_dbg_prefix: 'string',
    api_v1_prefix: 'string',
    api_v2_prefix: 'string',
    api_v1_spec_file: 'string',
    api_v2_spec_file: 'string',
    debug: 'bool',
    auth: 'bool',
    auth_type: 'string',
    use_https: 'bool',
    enable_cors: 'bool',
    enable_internal_rules_organizations: 'bool',
    log_auth_token: 'bool',
    org_clusters_fallback: 'bool',
    use_rbac: 'bool',
    ...httpLimitKeys,
  },
  services: {
    aggregator: 'string',
    content: 'string',
    upgrade_risks_prediction: 'string',
    groups_poll_time: 'duration',
    content_directory_timeout: 'duration',
    /** Ours: timeout of every outbound HTTP call (0: 10 s). */
    upstream_timeout: 'duration',
  },
  setup: {
    internal_rules_organizations_csv_file: 'string',
  },
  amsclient: {
    url: 'string',
    client_id: 'string',
    client_secret: 'string',
    token: 'string',
    page_size: 'int',
    cluster_list_caching: 'bool',
    /** Ours: how long an org's cluster list is kept with cluster_list_caching (0: 60 s). */
    cluster_list_cache_ttl: 'duration',
    /** Ours: how many orgs' cluster lists are kept with cluster_list_caching (0: 1,000). */
    cluster_list_cache_orgs: 'int',
    /** Ours: the OAuth token endpoint (empty: sso.redhat.com, as the OCM SDK). */
    token_url: 'string',
  },
  redis: {
    endpoint: 'string',
    database: 'int',
    timeout_seconds: 'int',
    username: 'string',
    password: 'string',
  },
  rbac: {
    url: 'string',
    enforce: 'bool',
  },
  metrics: {
    namespace: 'string',
  },
  ...loggingSections,
} as const satisfies Record<string, Record<string, KeyType>>;

export type Config = ConfigOf<typeof schema>;

export function zeroConfig(): Config {
  return zeroConfigOf(schema);
}

/** `server.internal_rules_organizations` is overwritten by the CSV upstream (spec 2.4): accepted, ignored. */
export const retiredKeys: ReadonlySet<string> = new Set(['server.internal_rules_organizations']);

export const secretKeys: ReadonlySet<string> = new Set([
  'amsclient.client_secret',
  'amsclient.token',
  'redis.password',
  'cloudwatch.aws_secret_key',
  'cloudwatch.aws_session_token',
  'sentry.dsn',
]);

/** Go field names of the sections (print-config). */
export const sectionNames: Readonly<Record<string, string>> = {
  server: 'ServerConf',
  services: 'ServicesConf',
  setup: 'SetupConf',
  amsclient: 'AMSClientConf',
  redis: 'RedisConf',
  rbac: 'RBACConf',
  metrics: 'MetricsConf',
  logging: 'LoggingConf',
  cloudwatch: 'CloudWatchConf',
  sentry: 'SentryLoggingConf',
};

/** Clowder (spec 3.1): only the in-memory DB (host:port, username, password). */
function applyClowder(config: Config, clowder: ClowderConfig): void {
  applyClowderInMemoryDb(config.redis, clowder);
}

export const configSpec: ConfigSpec<typeof schema> = {
  fileEnv: 'INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE',
  envPrefix: 'INSIGHTS_RESULTS_SMART_PROXY__',
  schema,
  defaultFile: 'config',
  retiredKeys,
  secretKeys,
  clowder: applyClowder,
};

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;

export function upstreamTimeout(config: Config): number {
  return config.services.upstream_timeout > 0 ? config.services.upstream_timeout : DEFAULT_UPSTREAM_TIMEOUT_MS;
}
