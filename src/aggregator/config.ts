/**
 * The aggregator's configuration schema: every section and key of spec 6.2, with its type.
 * A missing file gives every key its zero value (spec 6.1), so the defaults here are zero values;
 * the documented baseline lives in config/config.toml.
 */

import { brokerConnectionKeys } from '#common/kafka/options.js';
import { loggingSections } from '#common/config/logging-sections.js';
import {
  applyClowderInMemoryDb,
  type ClowderConfig,
  clowderBrokerAddresses,
  clowderTopics,
  writeClowderCa,
} from '#common/config/clowder.js';
import { type ConfigSpec, type LoadResult, loadConfig as loadServiceConfig } from '#common/config/load.js';
import { type ConfigOf, type KeyType, zeroConfigOf } from '#common/config/schema.js';
import { httpLimitKeys } from '#common/http/limits.js';

export const schema = {
  broker: {
    ...brokerConnectionKeys,
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
    /** Ours: timeouts and connection cap of the HTTP server (common/http/limits.ts; 0 = upstream's values). */
    ...httpLimitKeys,
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
    /** Ours: lifetime of the valkey-writer's keys (0: upstream's 24 h); tests shorten it. */
    expiration: 'duration',
  },
  ...loggingSections,
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

/** Keys whose values are never printed (print-config, logs); common/service also masks any key named like a secret. */
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

/** Go field names of the sections, as print-config shows them (spec 1.3). */
export const sectionNames: Readonly<Record<string, string>> = {
  broker: 'Broker',
  server: 'Server',
  processing: 'Processing',
  ocp_recommendations_storage: 'OCPRecommendationsStorage',
  dvo_recommendations_storage: 'DVORecommendationsStorage',
  storage_backend: 'StorageBackend',
  logging: 'Logging',
  cloudwatch: 'CloudWatch',
  redis: 'Redis',
  metrics: 'Metrics',
  sentry: 'SentryLoggingConf',
};

/**
 * Clowder (spec 6.1): brokers (and the first broker's SASL and CA), the topic map for the three topic
 * keys, the database for both storages, the in-memory DB as the Redis endpoint.
 */
function applyClowder(config: Config, clowder: ClowderConfig, warnings: string[]): void {
  const addresses = clowderBrokerAddresses(clowder);
  if (addresses !== null) {
    config.broker.addresses = addresses;
    const first = clowder.kafka?.brokers?.[0];
    if (first?.authtype && first.sasl) {
      config.broker.sasl_username = first.sasl.username ?? '';
      config.broker.sasl_password = first.sasl.password ?? '';
      config.broker.sasl_mechanism = first.sasl.saslMechanism ?? config.broker.sasl_mechanism;
      config.broker.security_protocol = first.sasl.securityProtocol ?? first.securityProtocol ?? config.broker.security_protocol;
    }
    if (first?.cacert) config.broker.cert_path = writeClowderCa(first.cacert, 'insights-results');
  }
  const topics = clowderTopics(clowder);
  for (const key of ['topic', 'dead_letter_queue_topic', 'payload_tracker_topic'] as const) {
    const requested = config.broker[key];
    if (!requested) continue;
    const actual = topics.get(requested);
    if (actual) config.broker[key] = actual;
    else warnings.push(`Clowder: topic '${requested}' (broker.${key}) is not in the topic map; kept as is`);
  }
  const db = clowder.database;
  if (db) {
    for (const storage of [config.ocp_recommendations_storage, config.dvo_recommendations_storage]) {
      if (db.name !== undefined) storage.pg_db_name = db.name;
      if (db.hostname !== undefined) storage.pg_host = db.hostname;
      if (db.port !== undefined) storage.pg_port = db.port;
      if (db.username !== undefined) storage.pg_username = db.username;
      if (db.password !== undefined) storage.pg_password = db.password;
    }
  }
  applyClowderInMemoryDb(config.redis, clowder);
}

/** How the aggregator finds and reads its configuration (spec 6.1). */
export const configSpec: ConfigSpec<typeof schema> = {
  fileEnv: 'INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE',
  envPrefix: 'INSIGHTS_RESULTS_AGGREGATOR__',
  schema,
  defaultFile: 'config',
  retiredKeys,
  secretKeys,
  clowder: applyClowder,
};

/** The aggregator's configuration from `env` (file, environment, Clowder). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadResult<Config> {
  return loadServiceConfig(configSpec, env, cwd);
}
