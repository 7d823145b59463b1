// @requires kafka
// A Kafka configuration error is fatal at once (no failure window, no outage handling): SASL credentials
// sent to the broker's plaintext listener are refused, and run() rejects with KafkaConfigurationError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brokerOptions, unique } from '#test/helpers/kafka.js';
import { KafkaHealth } from './health.js';
import { createBatchConsumer, KafkaConfigurationError } from './index.js';
import { silentLogger } from '../logger.js';
import { Registry } from 'prom-client';

test('SASL refused by the broker: run() rejects with a Kafka configuration error naming the brokers', { timeout: 120_000 }, async () => {
  const health = new KafkaHealth({ registry: new Registry(), logger: silentLogger });
  const consumer = createBatchConsumer({
    ...brokerOptions,
    groupId: unique('kafka.sasl'),
    topic: unique('kafka.sasl'),
    sasl: { mechanism: 'PLAIN', username: 'user', password: 'secret' },
    maxFailureMs: 600_000, // would wait 10 minutes if this were treated as the broker being unreachable
    health,
  });
  const err = await consumer
    .run(async () => {})
    .then(
      () => null,
      (e: unknown) => e,
    );
  assert.ok(err instanceof KafkaConfigurationError, String(err));
  assert.match(
    err.message,
    new RegExp(`^Kafka configuration error \\(brokers ${brokerOptions.brokers.join(',')}\\): .*ILLEGAL_SASL_STATE`),
  );
  assert.doesNotMatch(err.message, /secret/, 'no password in the message');
  assert.equal(health.readiness().ready, false);
});
