/**
 * The pipeline's configuration (spec 8). A `*.yaml` / `*.yml` file is upstream's own shape, read by
 * config-yaml.ts; otherwise upstream's YAML keys mapped onto sections of a TOML file
 * (`service.consumer.kwargs.*` -> `[consumer]`, `service.downloader.kwargs.*` -> `[downloader]`,
 * `service.publisher.kwargs.*` -> `[publisher]`, the payload-tracker watcher -> `[payload_tracker]`), the
 * Kafka connection in the platform's `[broker]` keys. Env overrides: `CCX_DATA_PIPELINE__SECTION__KEY`.
 * Defaults: config/pipeline.toml.
 */
import { brokerConnectionKeys } from '#common/kafka/options.js';
import type { ConfigSpec } from '#common/config/load.js';
import { ConfigError } from '#common/config/load.js';
import type { ConfigOf, KeyType } from '#common/config/schema.js';
import { readUpstreamYaml } from './config-yaml.js';
import { DEFAULT_DVO_LIMITS, type DvoLimits } from './dvo/extract.js';

export const schema = {
  broker: {
    ...brokerConnectionKeys,
    timeout: 'duration',
    client_id: 'string',
  },
  consumer: {
    incoming_topic: 'string',
    group_id: 'string',
    platform_service: 'string',
    /** Seconds; older records are filtered (0: no limit). */
    max_record_age: 'int',
    dead_letter_queue_topic: 'string',
    /** Archives processed at once by this process (ours; upstream: one). */
    concurrency: 'int',
  },
  downloader: {
    /** Bytes, or a size with a unit (`100 MiB`, `10MB`). */
    max_archive_size: 'string',
    allow_unsafe_links: 'bool',
    /** Per attempt (ours). */
    timeout: 'duration',
    /** Attempts for a transient failure (connection refused, timeout, 5xx) before the archive fails (ours). */
    attempts: 'int',
  },
  extractor: {
    max_entries: 'int',
    max_total_size: 'string',
    max_entry_size: 'string',
  },
  engine: {
    /** A rule running longer becomes a TIMEOUT skip. */
    rule_budget: 'duration',
  },
  publisher: {
    outgoing_topic: 'string',
    /** `ccx.dvo.results`: where the DVO recommendations of `config/dvo_metrics` go; '' = no DVO extraction. */
    dvo_topic: 'string',
  },
  dvo: {
    /** A larger `config/dvo_metrics` is refused (no DVO message; the OCP report is still published). */
    max_metrics_size: 'string',
    /** A larger compressed `ccx.dvo.results` value is refused likewise (the broker's message size limit). */
    max_message_size: 'string',
  },
  payload_tracker: {
    topic: 'string',
    service_name: 'string',
  },
  metrics: {
    /** Where /metrics is served (`:9000` style); '' = no HTTP server. */
    address: 'string',
    namespace: 'string',
  },
  logging: {
    debug: 'bool',
    use_stderr: 'bool',
    log_level: 'string',
  },
} as const satisfies Record<string, Record<string, KeyType>>;

export type Config = ConfigOf<typeof schema>;

export const secretKeys: ReadonlySet<string> = new Set(['broker.sasl_password']);

export const configSpec: ConfigSpec<typeof schema> = {
  fileEnv: 'CCX_DATA_PIPELINE_CONFIG_FILE',
  envPrefix: 'CCX_DATA_PIPELINE__',
  schema,
  defaultFile: 'pipeline',
  secretKeys,
  // Upstream's config.yaml shape (config-yaml.ts); `.toml` and any other name: TOML.
  fileFormats: { yaml: readUpstreamYaml, yml: readUpstreamYaml },
};

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
};

/** `100 MiB`, `10MB`, `1048576` -> bytes; a ConfigError naming the key otherwise. */
export function parseSize(text: string, key: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m?.[2].toLowerCase() ?? '';
  if (!m || !(unit in SIZE_UNITS)) throw new ConfigError(`${key}: '${text}' is not a size (e.g. 104857600, 100 MiB)`);
  return Math.floor(Number(m[1]) * SIZE_UNITS[unit]);
}

/** What the runtime needs, defaults applied and checked (zero values mean "default"). */
export interface Settings {
  incomingTopic: string;
  groupId: string;
  platformService: string;
  maxRecordAgeMs: number;
  deadLetterTopic: string;
  concurrency: number;
  maxArchiveBytes: number;
  allowUnsafeLinks: boolean;
  downloadTimeoutMs: number;
  downloadAttempts: number;
  extract: { maxEntries: number; maxTotalBytes: number; maxEntryBytes: number };
  ruleBudgetMs: number;
  outgoingTopic: string;
  dvoTopic: string;
  dvo: DvoLimits;
  trackerTopic: string;
  serviceName: string;
}

export function settingsOf(c: Config): Settings {
  const size = (text: string, key: string, fallback: number) => (text.trim() === '' ? fallback : parseSize(text, key));
  return {
    incomingTopic: c.consumer.incoming_topic || 'platform.upload.announce',
    groupId: c.consumer.group_id || 'ccx_data_pipeline_app',
    platformService: c.consumer.platform_service || 'openshift',
    maxRecordAgeMs: (c.consumer.max_record_age || 7200) * 1000,
    deadLetterTopic: c.consumer.dead_letter_queue_topic,
    concurrency: Math.max(1, c.consumer.concurrency || 4),
    maxArchiveBytes: size(c.downloader.max_archive_size, 'downloader.max_archive_size', 100 * 2 ** 20),
    allowUnsafeLinks: c.downloader.allow_unsafe_links,
    downloadTimeoutMs: c.downloader.timeout || 60_000,
    downloadAttempts: Math.max(1, c.downloader.attempts || 3),
    extract: {
      maxEntries: c.extractor.max_entries || 20_000,
      maxTotalBytes: size(c.extractor.max_total_size, 'extractor.max_total_size', 512 * 2 ** 20),
      maxEntryBytes: size(c.extractor.max_entry_size, 'extractor.max_entry_size', 64 * 2 ** 20),
    },
    ruleBudgetMs: c.engine.rule_budget || 1000,
    outgoingTopic: c.publisher.outgoing_topic || 'ccx.ocp.results',
    dvoTopic: c.publisher.dvo_topic,
    dvo: {
      maxMetricsBytes: size(c.dvo.max_metrics_size, 'dvo.max_metrics_size', DEFAULT_DVO_LIMITS.maxMetricsBytes),
      maxMessageBytes: size(c.dvo.max_message_size, 'dvo.max_message_size', DEFAULT_DVO_LIMITS.maxMessageBytes),
    },
    trackerTopic: c.payload_tracker.topic,
    serviceName: c.payload_tracker.service_name || 'ccx-data-pipeline',
  };
}
