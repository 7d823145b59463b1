import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TLSConnectionOptions } from 'node:tls';
import type { SASLOptions } from '@platformatic/kafka';
import type { BrokerOptions } from './types.js';

/**
 * The connection keys every service's `[broker]` schema starts with (spread first, so print-config keeps
 * their order): `broker: { ...brokerConnectionKeys, timeout: 'duration', ... }`.
 */
export const brokerConnectionKeys = {
  addresses: 'string',
  security_protocol: 'string',
  cert_path: 'string',
  sasl_mechanism: 'string',
  sasl_username: 'string',
  sasl_password: 'string',
} as const;

/** The `[broker]` keys every Kafka client of ours reads (the aggregator's and the pipeline's sections have them). */
export interface BrokerConfig {
  addresses: string;
  security_protocol: string;
  cert_path: string;
  sasl_mechanism: string;
  sasl_username: string;
  sasl_password: string;
  /** Milliseconds (a duration key). */
  timeout: number;
  client_id: string;
}

/**
 * Maps the `[broker]` section (spec 2.1 / 6.2) to BrokerOptions:
 * - `addresses`: comma-separated bootstrap servers;
 * - `security_protocol` containing `SSL` enables TLS; exactly `SSL` with `cert_path` trusts that CA file
 *   (read here, so a missing file fails at start-up);
 * - `security_protocol` starting with `SASL_` enables SASL with `sasl_username` / `sasl_password`;
 *   `sasl_mechanism` `SCRAM-SHA-512` selects SCRAM, anything else PLAIN (the default);
 * - `timeout` (ms, 0 = library defaults) sets the connect and request timeouts;
 * - `client_id` when non-empty.
 */
export function brokerOptionsFromConfig(broker: BrokerConfig): BrokerOptions {
  const brokers = broker.addresses
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const opts: BrokerOptions = { brokers };
  if (broker.client_id) opts.clientId = broker.client_id;
  if (broker.timeout > 0) opts.timeoutMs = broker.timeout;
  const protocol = broker.security_protocol.trim().toUpperCase();
  if (protocol.includes('SSL')) {
    opts.tls = protocol === 'SSL' && broker.cert_path ? { ca: readFileSync(broker.cert_path, 'utf8') } : true;
  }
  if (protocol.startsWith('SASL_')) {
    opts.sasl = {
      mechanism: broker.sasl_mechanism.trim().toUpperCase() === 'SCRAM-SHA-512' ? 'SCRAM-SHA-512' : 'PLAIN',
      username: broker.sasl_username,
      password: broker.sasl_password,
    };
  }
  return opts;
}

/** The connection-level options shared by every @platformatic/kafka client we create. */
export interface ClientOptions {
  clientId: string;
  bootstrapBrokers: string[];
  connectTimeout?: number;
  requestTimeout?: number;
  timeout?: number;
  tls?: TLSConnectionOptions;
  sasl?: SASLOptions;
}

export function clientOptions(opts: BrokerOptions, defaultClientId: string): ClientOptions {
  if (opts.brokers.length === 0) throw new Error('kafka: no broker addresses configured');
  const out: ClientOptions = { clientId: opts.clientId || defaultClientId, bootstrapBrokers: opts.brokers };
  if (opts.timeoutMs && opts.timeoutMs > 0) {
    out.connectTimeout = opts.timeoutMs;
    out.requestTimeout = opts.timeoutMs;
    out.timeout = opts.timeoutMs; // produce acks / admin operation timeout
  }
  if (opts.tls) out.tls = opts.tls === true ? {} : opts.tls.ca ? { ca: opts.tls.ca } : {};
  if (opts.sasl) out.sasl = { mechanism: opts.sasl.mechanism, username: opts.sasl.username, password: opts.sasl.password };
  return out;
}
