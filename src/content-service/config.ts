/**
 * The content service's configuration (spec 1.8): `INSIGHTS_CONTENT_SERVICE_CONFIG_FILE` or `./config.toml`,
 * every key overridable by `INSIGHTS_CONTENT_SERVICE__<SECTION>__<KEY>`. Production ships no file, so empty
 * keys take upstream's code defaults here (`resolved`): content `/rules-content`, address `:8080`,
 * prefix `/api/v1/`, spec file `openapi.json`.
 */
import { loggingSections } from '#common/config/logging-sections.js';
import type { ConfigSpec } from '#common/config/load.js';
import type { ConfigOf, KeyType } from '#common/config/schema.js';
import { httpLimitKeys } from '#common/http/limits.js';

export const schema = {
  server: {
    address: 'string',
    api_prefix: 'string',
    api_spec_file: 'string',
    debug: 'bool',
    /** Ours: timeouts and connection cap of the HTTP server (common/http/limits.ts; 0 = upstream's values). */
    ...httpLimitKeys,
  },
  groups: {
    path: 'string',
  },
  content: {
    path: 'string',
  },
  metrics: {
    namespace: 'string',
  },
  ...loggingSections,
} as const satisfies Record<string, Record<string, KeyType>>;

export type Config = ConfigOf<typeof schema>;

/** Go field names of upstream's ConfigStruct sections, as print-config shows them. */
export const sectionNames: Readonly<Record<string, string>> = {
  server: 'Server',
  groups: 'Groups',
  content: 'Content',
  metrics: 'Metrics',
  logging: 'Logging',
  cloudwatch: 'CloudWatch',
  sentry: 'SentryLoggingConf',
};

/** Go field names of keys that are not the CamelCase of the key (upstream: `ConfigPath`, `ContentPath`). */
export const keyNames: Readonly<Record<string, string>> = {
  'groups.path': 'ConfigPath',
  'content.path': 'ContentPath',
};

/** The old repository's `kafka_zerolog` section (removed upstream): ignored with a warning. */
const retiredKeys: ReadonlySet<string> = new Set([
  'kafka_zerolog.broker',
  'kafka_zerolog.topic',
  'kafka_zerolog.cert_path',
  'kafka_zerolog.level',
]);

const secretKeys: ReadonlySet<string> = new Set(['cloudwatch.aws_secret_key', 'cloudwatch.aws_session_token', 'sentry.dsn']);

export const configSpec: ConfigSpec<typeof schema> = {
  fileEnv: 'INSIGHTS_CONTENT_SERVICE_CONFIG_FILE',
  envPrefix: 'INSIGHTS_CONTENT_SERVICE__',
  schema,
  defaultFile: 'config',
  retiredKeys,
  secretKeys,
};

export const DEFAULT_CONTENT_PATH = '/rules-content';

/** What the service uses, with upstream's code defaults for empty keys. */
export function resolved(config: Config) {
  return {
    address: config.server.address || ':8080',
    prefix: config.server.api_prefix || '/api/v1/',
    specFile: config.server.api_spec_file || 'openapi.json',
    debug: config.server.debug,
    groupsPath: config.groups.path,
    contentPath: config.content.path || DEFAULT_CONTENT_PATH,
    namespace: config.metrics.namespace,
  };
}
