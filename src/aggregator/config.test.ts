import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '#common/config/load.js';
import { loadConfig } from './config.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cfg-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const FILE = `
[broker]
addresses = "kafka:29092"
timeout = "30s"
enabled = true
enable_org_whitelist = true

[server]
address = ":8080"
api_prefix = "/api/v1/"
auth = true

[content]
path = "/rules-content"

[ocp_recommendations_storage]
pg_port = 5432
`;

describe('configuration loading (spec 6.1)', () => {
  it('reads ./config.toml from the working directory', () => {
    const { config, file } = loadConfig({}, dir({ 'config.toml': FILE }));
    assert.ok(file?.endsWith('config.toml'));
    assert.equal(config.broker.addresses, 'kafka:29092');
    assert.equal(config.broker.timeout, 30_000);
    assert.equal(config.server.auth, true);
    assert.equal(config.ocp_recommendations_storage.pg_port, 5432);
  });

  it('gives zero values without a file', () => {
    const { config, file } = loadConfig({}, dir({}));
    assert.equal(file, null);
    assert.equal(config.broker.addresses, '');
    assert.equal(config.broker.enabled, false);
    assert.equal(config.server.org_overview_limit_hours, 0);
  });

  it('finds the file named by INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE, extension optional', () => {
    const d = dir({ 'custom.toml': FILE });
    assert.equal(loadConfig({ INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: join(d, 'custom') }).config.broker.addresses, 'kafka:29092');
    assert.equal(loadConfig({ INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: join(d, 'custom.toml') }).config.broker.addresses, 'kafka:29092');
    assert.throws(() => loadConfig({ INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: join(d, 'missing') }), ConfigError);
  });

  it('lets environment variables override every key, also keys absent from the file, with types', () => {
    const { config } = loadConfig(
      {
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__ADDRESSES: 'a:1,b:2',
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__TIMEOUT: '1m30s',
        INSIGHTS_RESULTS_AGGREGATOR__SERVER__AUTH: 'false',
        INSIGHTS_RESULTS_AGGREGATOR__SERVER__MAXIMUM_FEEDBACK_MESSAGE_LENGTH: '42',
        INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: 'dvo_recommendations',
        INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__PG_PASSWORD: 's3cret',
      },
      dir({ 'config.toml': FILE }),
    );
    assert.equal(config.broker.addresses, 'a:1,b:2');
    assert.equal(config.broker.timeout, 90_000);
    assert.equal(config.server.auth, false);
    assert.equal(config.server.maximum_feedback_message_length, 42);
    assert.equal(config.storage_backend.use, 'dvo_recommendations');
    assert.equal(config.ocp_recommendations_storage.pg_password, 's3cret');
  });

  it('names the key and the value of a bad value', () => {
    assert.throws(
      () => loadConfig({ INSIGHTS_RESULTS_AGGREGATOR__SERVER__AUTH: 'maybe' }, dir({})),
      (err: Error) => err instanceof ConfigError && err.message.includes("'server.auth'") && err.message.includes('"maybe"'),
    );
    assert.throws(
      () => loadConfig({ INSIGHTS_RESULTS_AGGREGATOR__BROKER__TIMEOUT: '30 seconds' }, dir({})),
      (err: Error) => err.message.includes("'broker.timeout'") && err.message.includes('30 seconds'),
    );
    assert.throws(() => loadConfig({}, dir({ 'config.toml': '[server]\npg_port = "x"\nauth = "yes"' })), /server\.auth/);
  });

  it('accepts retired keys with a warning, never a crash', () => {
    const { warnings } = loadConfig(
      { INSIGHTS_RESULTS_AGGREGATOR__METRICS__ENABLED: 'true', INSIGHTS_RESULTS_AGGREGATOR__PROCESSING__ORG_WHITELIST_FILE: 'x.csv' },
      dir({ 'config.toml': FILE }),
    );
    assert.ok(warnings.some((w) => w.includes("'broker.enable_org_whitelist' is no longer used")));
    assert.ok(warnings.some((w) => w.includes("'content.path' is no longer used")));
    assert.ok(warnings.some((w) => w.includes("'metrics.enabled' is no longer used")));
    assert.ok(warnings.some((w) => w.includes("'processing.org_whitelist_file' is no longer used")));
  });

  it('merges Clowder (ACG_CONFIG): brokers, SASL, topic map, database for both storages, in-memory DB', () => {
    const d = dir({
      'config.toml':
        '[broker]\ntopic = "ccx.ocp.results"\ndead_letter_queue_topic = "dlq"\npayload_tracker_topic = "platform.payload-status"\n[ocp_recommendations_storage]\npg_params = "sslmode=require"',
      'clowder.json': JSON.stringify({
        kafka: {
          brokers: [
            {
              hostname: 'k1',
              port: 9093,
              authtype: 'sasl',
              cacert: 'CERT',
              sasl: { username: 'u', password: 'p', saslMechanism: 'SCRAM-SHA-512', securityProtocol: 'SASL_SSL' },
            },
            { hostname: 'k2', port: 9093 },
          ],
          topics: [
            { requestedName: 'ccx.ocp.results', name: 'ccx.ocp.results-env' },
            { requestedName: 'platform.payload-status', name: 'pps' },
          ],
        },
        database: { name: 'db', hostname: 'pg', port: 5433, username: 'dbu', password: 'dbp' },
        inMemoryDb: { hostname: 'redis', port: 6380 },
      }),
    });
    const { config, warnings } = loadConfig({ ACG_CONFIG: join(d, 'clowder.json') }, d);
    assert.equal(config.broker.addresses, 'k1:9093,k2:9093');
    assert.equal(config.broker.sasl_username, 'u');
    assert.equal(config.broker.sasl_mechanism, 'SCRAM-SHA-512');
    assert.equal(config.broker.security_protocol, 'SASL_SSL');
    assert.ok(config.broker.cert_path.endsWith('.crt'));
    assert.equal(config.broker.topic, 'ccx.ocp.results-env');
    assert.equal(config.broker.payload_tracker_topic, 'pps');
    assert.equal(config.broker.dead_letter_queue_topic, 'dlq');
    assert.ok(warnings.some((w) => w.includes("'dlq'")));
    for (const s of [config.ocp_recommendations_storage, config.dvo_recommendations_storage]) {
      assert.deepEqual([s.pg_db_name, s.pg_host, s.pg_port, s.pg_username, s.pg_password], ['db', 'pg', 5433, 'dbu', 'dbp']);
    }
    assert.equal(config.ocp_recommendations_storage.pg_params, 'sslmode=require');
    assert.equal(config.redis.endpoint, 'redis:6380');
  });
});
