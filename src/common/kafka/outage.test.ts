// Outage handling parts without a broker: backoff, error classification, KafkaHealth and readiness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { AuthenticationError, MultipleErrors, NetworkError, ResponseError } from '@platformatic/kafka';
import pino from 'pino';
import { Registry } from 'prom-client';
import { readinessRoute } from '../http/readiness.js';
import { Backoff } from './backoff.js';
import { KafkaHealth } from './health.js';
import { classifyKafkaError, configurationError, KafkaConfigurationError } from './outage.js';

test('backoff doubles up to its cap, jittered within [base/2, base], and starts over after reset', () => {
  const low = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
  assert.deepEqual(
    Array.from({ length: 7 }, () => low.next()),
    [50, 100, 200, 400, 500, 500, 500],
  );
  const high = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
  assert.deepEqual(
    Array.from({ length: 6 }, () => high.next()),
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.equal(high.attempts, 6);
  high.reset();
  assert.equal(high.next(), 100);
  const spread = new Set(Array.from({ length: 50 }, () => new Backoff({ initialMs: 1000 }).next()));
  assert.ok(spread.size > 10, 'replicas reconnect at different times');
});

test('broker unavailability, coordinator moves and rebalances are transient; authentication, authorisation and TLS are fatal', () => {
  const refused = new MultipleErrors('commit failed 4 times.', [
    new NetworkError('Connection to 127.0.0.1:9092 failed.', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    }),
  ]);
  assert.equal(classifyKafkaError(refused), 'transient');
  // NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, REBALANCE_IN_PROGRESS, LEADER_NOT_AVAILABLE, UNKNOWN_MEMBER_ID
  for (const id of [16, 14, 27, 5, 25]) {
    const err = new ResponseError(8, 1, { '/x': [id, null] }, {});
    assert.equal(classifyKafkaError(err), 'transient', String(id));
  }
  assert.equal(classifyKafkaError(new Error('socket hang up')), 'transient');

  // SASL_AUTHENTICATION_FAILED, TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED
  for (const id of [58, 29, 30]) {
    const err = new MultipleErrors('joinGroup failed 1 times.', [new ResponseError(11, 5, { '/': [id, null] }, {})]);
    assert.equal(classifyKafkaError(err), 'fatal', String(id));
  }
  assert.equal(classifyKafkaError(new AuthenticationError('SASL authentication failed.')), 'fatal');
  const tls = new NetworkError('Connection failed.', {
    cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
  });
  assert.equal(classifyKafkaError(tls), 'fatal');
  const fatal = configurationError(tls, ['k:9093']);
  assert.ok(fatal instanceof KafkaConfigurationError);
  assert.match(fatal.message, /^Kafka configuration error \(brokers k:9093\): .*DEPTH_ZERO_SELF_SIGNED_CERT/);
  assert.equal(configurationError(refused, ['k:9093']), null);
});

function capture(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const flush = () => new Promise((r) => setImmediate(r));

test('KafkaHealth: gauge, transient-error counter, one log line per state change, readiness 200/503', async () => {
  const registry = new Registry();
  const { logger, lines } = capture();
  const health = new KafkaHealth({ registry, namespace: 'ns', logger });
  const route = readinessRoute([health]);
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

  assert.equal(await metric('ns_kafka_connected'), 0, 'not connected before the first join');
  let reply = (await route.handler({} as never)) as { status?: number; json: { status: string; checks?: Record<string, string> } };
  assert.equal(reply.status, 503);
  assert.equal(reply.json.status, 'not ready');
  assert.match(reply.json.checks!.kafka!, /^not connected yet for \d+ s$/);

  health.connected();
  health.connected();
  assert.equal(await metric('ns_kafka_connected'), 1);
  reply = (await route.handler({} as never)) as typeof reply;
  assert.deepEqual(reply, { json: { status: 'ok' } });

  for (let i = 0; i < 5; i++) health.transient(new NetworkError('Connection to 127.0.0.1:9092 failed.'));
  assert.equal(health.state, 'disconnected');
  assert.equal(await metric('ns_kafka_connected'), 0);
  assert.equal(await metric('ns_kafka_transient_errors'), 5);
  reply = (await route.handler({} as never)) as typeof reply;
  assert.equal(reply.status, 503);
  assert.match(reply.json.checks!.kafka!, /^disconnected for \d+ s: Connection to 127\.0\.0\.1:9092 failed\./);

  health.connected();
  await flush();
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['Kafka connected', 'Kafka unavailable; retrying with backoff until it is back', 'Kafka connection restored'],
  );
  assert.deepEqual(await route.handler({} as never), { json: { status: 'ok' } });
  assert.deepEqual(await readinessRoute([]).handler({} as never), { json: { status: 'ok' } }, 'no checks: ready');
});
