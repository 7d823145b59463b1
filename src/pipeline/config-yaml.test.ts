// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the YAML texts hold upstream's ${NAME} references
/**
 * Upstream's YAML configuration shape (spec 8) through the platform loader: `${NAME}` / `${NAME:default}`
 * substitution, the key mapping, warnings for keys with no effect, and clear errors naming the key for what
 * cannot be honoured. The shipped example (config/pipeline.yaml) loads into the expected settings.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '#common/config/load.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { configSpec, settingsOf } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'pipeline-yaml-'));
let n = 0;
function load(yaml: string, env: NodeJS.ProcessEnv = {}, ext = 'yaml') {
  const file = join(dir, `c${n++}.${ext}`);
  writeFileSync(file, yaml);
  return loadConfig(configSpec, { CCX_DATA_PIPELINE_CONFIG_FILE: file, ...env }, dir);
}
const consumer = (kwargs: string) =>
  `service:\n  consumer:\n    name: ccx_messaging.consumers.kafka_consumer.KafkaConsumer\n    kwargs:\n${kwargs}`;

describe('pipeline configuration in upstream YAML', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('substitutes ${NAME} and ${NAME:default}: the variable when set (also empty), else the default', () => {
    const yaml = consumer(
      [
        '      incoming_topic: ${CDP_INCOMING_TOPIC:platform.upload.announce}',
        '      group.id: ${CDP_GROUP_ID}',
        '      bootstrap.servers: ${CDP_CONSUMER_SERVER:["10.0.0.1:9092", "10.0.0.2:9092"]}',
        '      dead_letter_queue_topic: dlq-${ENV_NAME:dev}-${SUFFIX:x}',
        '      max_record_age: ${AGE:7200}',
        '      platform_service: ${CDP_PLATFORM_SERVICE:openshift}',
      ].join('\n'),
    );
    const a = load(yaml, { CDP_GROUP_ID: 'g1', CDP_PLATFORM_SERVICE: '' }).config;
    assert.equal(a.consumer.incoming_topic, 'platform.upload.announce');
    assert.equal(a.consumer.group_id, 'g1');
    assert.equal(a.broker.addresses, '10.0.0.1:9092,10.0.0.2:9092', 'a default read as YAML: a list');
    assert.equal(a.consumer.dead_letter_queue_topic, 'dlq-dev-x');
    assert.equal(a.consumer.max_record_age, 7200);
    assert.equal(a.consumer.platform_service, '', 'set to empty: empty, not the default');
    const b = load(yaml, {
      CDP_GROUP_ID: 'g2',
      CDP_INCOMING_TOPIC: 'in',
      CDP_CONSUMER_SERVER: 'k:9092',
      ENV_NAME: 'prod',
      AGE: '-1',
    }).config;
    assert.deepEqual([b.consumer.incoming_topic, b.broker.addresses, b.consumer.dead_letter_queue_topic], ['in', 'k:9092', 'dlq-prod-x']);
    assert.equal(b.consumer.max_record_age, -1);
    assert.equal(settingsOf(b).maxRecordAgeMs < 0, true, '-1 disables the age check, as upstream');
  });

  it('an unset variable without a default is an error naming the key and the variable', () => {
    assert.throws(
      () => load(consumer('      group.id: ${CDP_GROUP_ID}')),
      (e: Error) =>
        e instanceof ConfigError &&
        /c\d+\.yaml: service\.consumer\.kwargs\.group\.id: environment variable CDP_GROUP_ID is not set and has no default/.test(e.message),
    );
  });

  for (const [what, yaml, key] of [
    ['an unknown kwarg', consumer('      incoming_topics: x'), /service\.consumer\.kwargs\.incoming_topics: unknown key/],
    ['an unknown top-level key', 'services: {}\n', /services: unknown top-level key/],
    [
      'another consumer class',
      'service:\n  consumer:\n    name: my.Consumer\n',
      /service\.consumer\.name: 'my\.Consumer' is not supported here/,
    ],
    [
      'another engine',
      'service:\n  engine:\n    name: ccx_messaging.engines.sha_extractor_engine.SHAExtractorEngine\n',
      /service\.engine\.name: .* is not supported/,
    ],
    ['a subset of rules', 'service:\n  target_components: [a.b]\n', /service\.target_components: running a subset/],
    ['an unknown rule package', 'plugins:\n  packages: [my_rules]\n', /plugins\.packages\[0\]: 'my_rules' is not a rule package/],
    [
      'a second broker',
      `${consumer('      bootstrap.servers: a:9092')}\n  publisher:\n    kwargs:\n      bootstrap.servers: b:9092\n`,
      /service\.publisher\.kwargs\.bootstrap\.servers: 'b:9092' differs from the consumer's 'a:9092'/,
    ],
    ['OCP compression', 'service:\n  publisher:\n    kwargs:\n      compression: gzip\n', /service\.publisher\.kwargs\.compression: /],
    [
      'an unknown watcher',
      'service:\n  watchers:\n    - name: my.Watcher\n',
      /service\.watchers\[0\]\.name: 'my\.Watcher' is not a watcher/,
    ],
    [
      'a bad log level',
      'service:\n  logging:\n    loggers:\n      ccx_messaging:\n        level: LOUD\n',
      /service\.logging\.loggers\.ccx_messaging\.level: 'LOUD'/,
    ],
    ['a bad type', consumer('      max_record_age: soon'), /invalid value "soon" for key 'consumer\.max_record_age'/],
  ] as const) {
    it(`refuses ${what} with a clear error naming the key`, () => {
      assert.throws(
        () => load(yaml),
        (e: Error) => e instanceof ConfigError && key.test(e.message),
      );
    });
  }

  it('warns about the keys that have no effect here', () => {
    const { warnings } = load(
      `${consumer('      session.timeout.ms: 20000\n      incoming_topic: x')}\n  extract_tmp_dir: /tmp/x\nplugins:\n  configs: []\n`,
    );
    assert.deepEqual(
      warnings.map((w) => w.replace(/^.*c\d+\.yaml: /, '')),
      [
        'plugins.configs: plugin configurations have no effect here; ignored',
        'service.consumer.kwargs.session.timeout.ms: decided by our Kafka client and engine; ignored',
        'service.extract_tmp_dir: archives are extracted in memory with the [extractor] limits; ignored',
      ].sort((a, b) => (a.startsWith('plugins') ? -1 : b.startsWith('plugins') ? 1 : 0)),
    );
  });

  it('a .yml file is YAML too; a .toml file beside a .yaml one does not shadow it', () => {
    assert.equal(load(consumer('      incoming_topic: from-yml'), {}, 'yml').config.consumer.incoming_topic, 'from-yml');
    writeFileSync(join(dir, 'same.toml'), '[consumer]\nincoming_topic = "from-toml"\n');
    writeFileSync(join(dir, 'same.yaml'), consumer('      incoming_topic: from-yaml'));
    const r = loadConfig(configSpec, { CCX_DATA_PIPELINE_CONFIG_FILE: join(dir, 'same.yaml') }, dir);
    assert.equal(r.config.consumer.incoming_topic, 'from-yaml');
    const t = loadConfig(configSpec, { CCX_DATA_PIPELINE_CONFIG_FILE: join(dir, 'same.toml') }, dir);
    assert.equal(t.config.consumer.incoming_topic, 'from-toml');
  });

  it('config/pipeline.yaml: upstream variables, defaults, and CCX_DATA_PIPELINE__ overrides after the file', () => {
    const file = join(REPO_ROOT, 'config/pipeline.yaml');
    const plain = loadConfig(configSpec, { CCX_DATA_PIPELINE_CONFIG_FILE: file }, REPO_ROOT);
    assert.equal(plain.file, file);
    const s = settingsOf(plain.config);
    assert.equal(plain.config.broker.addresses, 'localhost:9092');
    assert.deepEqual(
      [s.incomingTopic, s.groupId, s.platformService, s.deadLetterTopic, s.outgoingTopic, s.dvoTopic, s.trackerTopic, s.serviceName],
      [
        'platform.upload.announce',
        'ccx_data_pipeline_app',
        'openshift',
        'ccx.data.pipeline.dead.letter.queue',
        'ccx.ocp.results',
        'ccx.dvo.results',
        'platform.payload-status',
        'ccx-data-pipeline',
      ],
    );
    assert.equal(s.maxArchiveBytes, 100 * 2 ** 20);
    assert.equal(s.allowUnsafeLinks, false);
    assert.equal(plain.config.metrics.address, ':8000');
    assert.equal(plain.config.logging.log_level, 'info');
    const env = {
      CCX_DATA_PIPELINE_CONFIG_FILE: file,
      CDP_CONSUMER_SERVER: 'kafka:29092',
      CDP_INCOMING_TOPIC: 'in',
      CDP_OUTGOING_TOPIC: 'out',
      ALLOW_UNSAFE_LINKS: 'true',
      PAYLOAD_TRACKER_TOPIC: 'tracker',
      LOG_LEVEL: 'DEBUG',
      CCX_DATA_PIPELINE__CONSUMER__CONCURRENCY: '2',
    };
    const set = loadConfig(configSpec, env, REPO_ROOT).config;
    assert.deepEqual(
      [set.broker.addresses, set.consumer.incoming_topic, set.publisher.outgoing_topic, set.payload_tracker.topic],
      ['kafka:29092', 'in', 'out', 'tracker'],
    );
    assert.equal(set.downloader.allow_unsafe_links, true);
    assert.equal(set.logging.log_level, 'debug');
    assert.equal(set.consumer.concurrency, 2);
  });
});
