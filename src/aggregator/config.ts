/**
 * The aggregator's configuration schema: every section and key of spec 6.2, with its type.
 * A missing file gives every key its zero value (spec 6.1), so the defaults here are zero values;
 * the documented baseline lives in config/config.toml.
 */

import { type ConfigOf, type KeyType, zeroConfigOf } from '#common/config/schema.js';

export const schema = {
  broker: {
    addresses: 'string',
    security_protocol: 'string',
    cert_path: 'string',
    sasl_mechanism: 'string',
    sasl_username: 'string',
    sasl_password: 'string',
    topic: 'string',
    timeout: 'duration',
    payload_tracker_topic: 'string',
    dead_letter_queue_topic: 'string',
    service_name: 'string',
    group: 'string',
    enabled: 'bool',
    enable_org_allowlist: 'bool',
    client_id: 'string',
    display_message_with_wrong_structure: 'bool',
  },
  server: {
    address: 'string',
    api_prefix: 'string',
    api_spec_file: 'string',
    debug: 'bool',
    auth: 'bool',
    auth_type: 'string',
    maximum_feedback_message_length: 'int',
    org_overview_limit_hours: 'int',
  },
  processing: {
    org_allowlist_file: 'string',
  },
  ocp_recommendations_storage: storageSection(),
  dvo_recommendations_storage: storageSection(),
  storage_backend: {
    use: 'string',
    /** Ours: migrate the configured storages to the latest version at start-service (local profile). */
    auto_migrate: 'bool',
  },
  redis: {
    endpoint: 'string',
    database: 'int',
    username: 'string',
    password: 'string',
    timeout_seconds: 'int',
  },
  logging: {
    debug: 'bool',
    use_stderr: 'bool',
    log_level: 'string',
    logging_to_cloud_watch_enabled: 'bool',
    logging_to_sentry_enabled: 'bool',
  },
  cloudwatch: {
    aws_access_id: 'string',
    aws_secret_key: 'string',
    aws_session_token: 'string',
    aws_region: 'string',
    log_group: 'string',
    stream_name: 'string',
    debug: 'bool',
  },
  sentry: {
    dsn: 'string',
    environment: 'string',
  },
  metrics: {
    namespace: 'string',
  },
} as const satisfies Record<string, Record<string, KeyType>>;

function storageSection() {
  return {
    db_driver: 'string',
    pg_username: 'string',
    pg_password: 'string',
    pg_host: 'string',
    pg_port: 'int',
    pg_db_name: 'string',
    pg_params: 'string',
    log_sql_queries: 'bool',
    type: 'string',
    /** Ours: the SQLite file (or `:memory:`) when `db_driver = "sqlite3"`. */
    sqlite_datasource: 'string',
  } as const;
}

/**
 * Keys the upstream deployments still set but that no longer exist upstream either (spec 6.2):
 * accepted and ignored with a warning.
 */
export const retiredKeys: ReadonlySet<string> = new Set([
  'broker.enable_org_whitelist',
  'processing.org_whitelist_file',
  'metrics.enabled',
  'content.path',
]);

/** Keys whose values are never printed (print-config, logs). */
export const secretKeys: ReadonlySet<string> = new Set([
  'broker.sasl_password',
  'ocp_recommendations_storage.pg_password',
  'dvo_recommendations_storage.pg_password',
  'redis.password',
  'cloudwatch.aws_secret_key',
  'cloudwatch.aws_session_token',
  'sentry.dsn',
]);

/** The aggregator's typed configuration. Durations are in milliseconds. */
export type Config = ConfigOf<typeof schema>;
export type StorageConfig = Config['ocp_recommendations_storage'];

export function zeroConfig(): Config {
  return zeroConfigOf(schema);
}
