/**
 * Upstream's configuration file (insights-ccx-messaging's `config.yaml`, spec 8) read as it is: a file named
 * `*.yaml` / `*.yml` by CCX_DATA_PIPELINE_CONFIG_FILE. `${NAME}` and `${NAME:default}` are replaced by the
 * environment variable (its default when unset; a clear error when unset without one); a scalar that is
 * one reference alone takes the type the text has in YAML (`${MAX_AGE:7200}` is a number). The keys that map
 * go into our sections (the table in docs/pipeline.md); the ones with no effect here are warned about; every
 * other key, or a value we cannot honour (another consumer, engine or format class, a second broker), is a
 * ConfigError naming it. CCX_DATA_PIPELINE__SECTION__KEY variables still apply after the file.
 */
import { parse } from 'yaml';
import { ConfigError } from '#common/config/load.js';

type Sections = Record<string, Record<string, unknown>>;
type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

const CLASSES = {
  consumer: ['ccx_messaging.consumers.kafka_consumer.KafkaConsumer'],
  downloader: ['ccx_messaging.downloaders.http_downloader.HTTPDownloader'],
  engine: ['ccx_messaging.engines.ocp_engine.OCPEngine'],
  publisher: ['ccx_messaging.publishers.rule_processing_publisher.RuleProcessingPublisher'],
  format: ['ccx_ocp_core.core.formats.json.OCPRecommendationsJsonFormat'],
} as const;
const WATCHERS = {
  stats: 'ccx_messaging.watchers.stats_watcher.StatsWatcher',
  clusterId: 'ccx_messaging.watchers.cluster_id_watcher.ClusterIdWatcher',
  tracker: 'ccx_messaging.watchers.payload_tracker_watcher.PayloadTrackerWatcher',
};
/** Rule packages whose rules (or their equivalent here) this pipeline runs. */
const PACKAGES = ['ccx_rules_ocp', 'ccx_rules_ocp.external', 'ccx_rules_ocp.external.dvo', 'ccx_rules_processing', 'ccx_ocp_core'];
/** librdkafka settings our Kafka client decides itself: no effect here. */
const KAFKA_TUNING = new Set([
  'max.poll.interval.ms',
  'heartbeat.interval.ms',
  'session.timeout.ms',
  'auto.offset.reset',
  'enable.auto.commit',
  'max.poll.records',
  'request.timeout.ms',
  'retries',
  'retry.backoff.ms',
  'linger.ms',
  'acks',
]);
/** Connection keys of a Kafka kwargs block -> `[broker]` keys. */
const BROKER_KEYS: Record<string, string> = {
  'bootstrap.servers': 'addresses',
  'security.protocol': 'security_protocol',
  'sasl.mechanisms': 'sasl_mechanism',
  'sasl.mechanism': 'sasl_mechanism',
  'sasl.username': 'sasl_username',
  'sasl.password': 'sasl_password',
  'ssl.ca.location': 'cert_path',
  'client.id': 'client_id',
};

export function readUpstreamYaml(text: string, file: string, env: NodeJS.ProcessEnv, warnings: string[]): Sections {
  const fail = (key: string, why: string): never => {
    throw new ConfigError(`${file}: ${key}: ${why}`);
  };
  const warn = (key: string, why: string) => warnings.push(`${file}: ${key}: ${why}`);

  /** `${NAME[:default]}` replaced; a lone reference is re-read as a YAML scalar. */
  const substitute = (key: string, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => substitute(`${key}[${i}]`, v));
    if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(key ? `${key}.${k}` : k, v)]));
    if (typeof value !== 'string' || !value.includes('${')) return value;
    const out = value.replace(REFERENCE, (_, name: string, fallback: string | undefined) => {
      const set = env[name];
      if (set !== undefined) return set;
      if (fallback !== undefined) return fallback;
      return fail(key, `environment variable ${name} is not set and has no default (write \${${name}:default})`);
    });
    const lone = value.trim().match(/^\$\{[^}]*\}$/);
    if (!lone || out.trim() === '') return out;
    try {
      return parse(out) ?? out;
    } catch {
      return out;
    }
  };

  let root: unknown;
  try {
    root = parse(text);
  } catch (err) {
    return fail('(file)', `not valid YAML: ${(err as Error).message}`);
  }
  if (!isMap(root)) return fail('(file)', 'the document is not a mapping (upstream: plugins, service)');
  const doc = substitute('', root) as Json;
  const out: Sections = {};
  const set = (section: string, key: string, value: unknown) => {
    out[section] ??= {};
    out[section][key] = value;
  };
  const mapOf = (key: string, v: unknown): Json => {
    if (v === undefined || v === null) return {};
    return isMap(v) ? v : fail(key, 'expected a mapping');
  };
  const checkClass = (key: string, v: unknown, allowed: readonly string[]) => {
    if (v === undefined || v === null || allowed.includes(v as string)) return;
    fail(key, `'${String(v)}' is not supported here (supported: ${allowed.join(', ')})`);
  };
  /** Kafka connection keys: the first block sets `[broker]`, later ones must agree (one broker here). */
  const brokerKey = (key: string, name: string, v: unknown): boolean => {
    const ours = BROKER_KEYS[name];
    if (!ours) return false;
    const value = Array.isArray(v) ? v.join(',') : v;
    const before = out.broker?.[ours];
    if (before !== undefined && String(before) !== String(value)) {
      fail(key, `'${String(value)}' differs from the consumer's '${String(before)}': this pipeline uses one Kafka connection`);
    }
    set('broker', ours, value);
    return true;
  };

  for (const top of Object.keys(doc)) {
    if (top !== 'plugins' && top !== 'service') fail(top, 'unknown top-level key (upstream: plugins, service)');
  }
  const plugins = mapOf('plugins', doc.plugins);
  for (const [k, v] of Object.entries(plugins)) {
    if (k === 'packages') {
      if (!Array.isArray(v)) fail('plugins.packages', 'expected a list');
      (v as unknown[]).forEach((p, i) => {
        if (!PACKAGES.includes(p as string))
          fail(`plugins.packages[${i}]`, `'${String(p)}' is not a rule package of this pipeline (ours: ${PACKAGES.join(', ')})`);
      });
    } else if (k === 'configs') warn('plugins.configs', 'plugin configurations have no effect here; ignored');
    else fail(`plugins.${k}`, 'unknown key');
  }

  const service = mapOf('service', doc.service);
  for (const [k, v] of Object.entries(service)) {
    const key = `service.${k}`;
    switch (k) {
      case 'extract_timeout':
      case 'extract_tmp_dir':
        if (v !== null && v !== undefined && v !== '') warn(key, 'archives are extracted in memory with the [extractor] limits; ignored');
        break;
      case 'format':
        checkClass(key, v, CLASSES.format);
        break;
      case 'target_components':
        if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
          fail(key, 'running a subset of the rules is not supported (use [])');
        break;
      case 'consumer':
        readConsumer(key, mapOf(key, v));
        break;
      case 'downloader': {
        const m = mapOf(key, v);
        for (const [dk, dv] of Object.entries(m)) {
          if (dk === 'name') checkClass(`${key}.name`, dv, CLASSES.downloader);
          else if (dk !== 'kwargs') fail(`${key}.${dk}`, 'unknown key');
        }
        for (const [kk, kv] of Object.entries(mapOf(`${key}.kwargs`, m.kwargs))) {
          if (kk === 'max_archive_size') set('downloader', 'max_archive_size', kv);
          else if (kk === 'allow_unsafe_links') set('downloader', 'allow_unsafe_links', kv === '' || kv === null ? false : kv);
          else fail(`${key}.kwargs.${kk}`, 'unknown key');
        }
        break;
      }
      case 'engine': {
        const m = mapOf(key, v);
        for (const [ek, ev] of Object.entries(m)) {
          if (ek === 'name') checkClass(`${key}.name`, ev, CLASSES.engine);
          else fail(`${key}.${ek}`, 'not supported here');
        }
        break;
      }
      case 'publisher':
        readPublisher(key, mapOf(key, v));
        break;
      case 'watchers':
        readWatchers(key, v);
        break;
      case 'logging':
        readLogging(key, mapOf(key, v));
        break;
      default:
        fail(key, 'unknown key');
    }
  }
  return out;

  function readConsumer(key: string, m: Json): void {
    for (const [ck, cv] of Object.entries(m)) {
      if (ck === 'name') checkClass(`${key}.name`, cv, CLASSES.consumer);
      else if (ck !== 'kwargs') fail(`${key}.${ck}`, 'unknown key');
    }
    for (const [kk, kv] of Object.entries(mapOf(`${key}.kwargs`, m.kwargs))) {
      const k = `${key}.kwargs.${kk}`;
      if (brokerKey(k, kk, kv)) continue;
      if (KAFKA_TUNING.has(kk) || kk === 'processing_timeout_s') warn(k, 'decided by our Kafka client and engine; ignored');
      else if (kk === 'incoming_topic') set('consumer', 'incoming_topic', kv);
      else if (kk === 'group.id') set('consumer', 'group_id', kv);
      else if (kk === 'platform_service') set('consumer', 'platform_service', kv);
      else if (kk === 'max_record_age') set('consumer', 'max_record_age', kv);
      else if (kk === 'dead_letter_queue_topic') set('consumer', 'dead_letter_queue_topic', kv);
      else fail(k, 'unknown key');
    }
  }

  function readPublisher(key: string, m: Json): void {
    for (const [pk, pv] of Object.entries(m)) {
      if (pk === 'name') checkClass(`${key}.name`, pv, CLASSES.publisher);
      else if (pk !== 'kwargs') fail(`${key}.${pk}`, 'unknown key');
    }
    for (const [kk, kv] of Object.entries(mapOf(`${key}.kwargs`, m.kwargs))) {
      const k = `${key}.kwargs.${kk}`;
      if (brokerKey(k, kk, kv)) continue;
      if (KAFKA_TUNING.has(kk)) warn(k, 'decided by our Kafka client; ignored');
      else if (kk === 'outgoing_topic') set('publisher', 'outgoing_topic', kv);
      else if (kk === 'dvo_topic') set('publisher', 'dvo_topic', kv);
      else if (kk === 'compression') fail(k, 'ccx.ocp.results is never compressed here (ccx.dvo.results always is); remove the key');
      else fail(k, 'unknown key');
    }
  }

  function readWatchers(key: string, v: unknown): void {
    if (v === null || v === undefined) return;
    if (!Array.isArray(v)) fail(key, 'expected a list');
    let stats = false;
    (v as unknown[]).forEach((w, i) => {
      const wk = `${key}[${i}]`;
      const m = mapOf(wk, w);
      const kwargs = mapOf(`${wk}.kwargs`, m.kwargs);
      for (const other of Object.keys(m)) if (other !== 'name' && other !== 'kwargs') fail(`${wk}.${other}`, 'unknown key');
      if (m.name === WATCHERS.stats) {
        stats = true;
        for (const [kk, kv] of Object.entries(kwargs)) {
          if (kk === 'prometheus_port') set('metrics', 'address', `:${String(kv)}`);
          else fail(`${wk}.kwargs.${kk}`, 'unknown key');
        }
      } else if (m.name === WATCHERS.clusterId) {
        for (const kk of Object.keys(kwargs)) fail(`${wk}.kwargs.${kk}`, 'unknown key');
      } else if (m.name === WATCHERS.tracker) {
        for (const [kk, kv] of Object.entries(kwargs)) {
          const k = `${wk}.kwargs.${kk}`;
          if (brokerKey(k, kk, kv)) continue;
          if (kk === 'topic') set('payload_tracker', 'topic', kv);
          else if (kk === 'service_name') set('payload_tracker', 'service_name', kv);
          else fail(k, 'unknown key');
        }
      } else fail(`${wk}.name`, `'${String(m.name)}' is not a watcher this pipeline has (${Object.values(WATCHERS).join(', ')})`);
    });
    // Upstream serves /metrics only with the StatsWatcher (on port 8000 unless prometheus_port says otherwise).
    if (stats && out.metrics?.address === undefined) set('metrics', 'address', ':8000');
    if (!stats) set('metrics', 'address', '');
  }

  /** Python's dictConfig: only the level of the `ccx_messaging` logger (else the `default` handler's) maps. */
  function readLogging(key: string, m: Json): void {
    const loggers = mapOf(`${key}.loggers`, m.loggers);
    const handlers = mapOf(`${key}.handlers`, m.handlers);
    const level =
      mapOf(`${key}.loggers.ccx_messaging`, loggers.ccx_messaging).level ?? mapOf(`${key}.handlers.default`, handlers.default).level;
    if (level === undefined || level === null || level === '') return;
    const name = String(level).toLowerCase();
    const ours = name === 'warning' ? 'warn' : name === 'critical' ? 'fatal' : name;
    if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(ours))
      fail(`${key}.loggers.ccx_messaging.level`, `'${String(level)}' is not a log level`);
    set('logging', 'log_level', ours);
  }
}
