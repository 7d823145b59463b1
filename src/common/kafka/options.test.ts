// Mapping of the [broker] section to BrokerOptions (spec 2.1); no broker needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrokerConfig, brokerOptionsFromConfig } from './options.js';

const zero: BrokerConfig = {
  addresses: '',
  security_protocol: '',
  cert_path: '',
  sasl_mechanism: '',
  sasl_username: '',
  sasl_password: '',
  timeout: 0,
  client_id: '',
};
const section = (over: Partial<BrokerConfig>): BrokerConfig => ({ ...zero, ...over });

test('plain: comma-separated addresses, client id, timeout', () => {
  assert.deepEqual(brokerOptionsFromConfig(section({ addresses: 'a:1, b:2,,', client_id: 'db-writer', timeout: 300_000 })), {
    brokers: ['a:1', 'b:2'],
    clientId: 'db-writer',
    timeoutMs: 300_000,
  });
  assert.deepEqual(brokerOptionsFromConfig(section({ addresses: 'localhost:29092', sasl_username: 'u' })), {
    brokers: ['localhost:29092'],
  });
});

test('SSL with cert_path trusts that CA; SASL_SSL uses system CAs and SASL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-ca-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n');
  assert.deepEqual(brokerOptionsFromConfig(section({ addresses: 'k:9093', security_protocol: 'SSL', cert_path: ca })).tls, {
    ca: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n',
  });
  assert.equal(brokerOptionsFromConfig(section({ addresses: 'k:9093', security_protocol: 'SSL' })).tls, true);
  const sasl = brokerOptionsFromConfig(
    section({
      addresses: 'k:9093',
      security_protocol: 'SASL_SSL',
      cert_path: ca,
      sasl_mechanism: 'SCRAM-SHA-512',
      sasl_username: 'u',
      sasl_password: 'p',
    }),
  );
  assert.equal(sasl.tls, true, 'cert_path only applies to protocol SSL');
  assert.deepEqual(sasl.sasl, { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' });
  const plain = brokerOptionsFromConfig(
    section({ addresses: 'k:9093', security_protocol: 'SASL_PLAINTEXT', sasl_mechanism: 'PLAIN', sasl_username: 'u', sasl_password: 'p' }),
  );
  assert.equal(plain.tls, undefined);
  assert.deepEqual(plain.sasl, { mechanism: 'PLAIN', username: 'u', password: 'p' });
  assert.equal(brokerOptionsFromConfig(section({ addresses: 'k', security_protocol: 'SASL_SSL' })).sasl?.mechanism, 'PLAIN');
});

test('a missing CA file fails at configuration time', () => {
  assert.throws(
    () => brokerOptionsFromConfig(section({ addresses: 'k', security_protocol: 'SSL', cert_path: '/nonexistent/ca.pem' })),
    /ENOENT/,
  );
});
