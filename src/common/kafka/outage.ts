/**
 * Which Kafka errors an outage explains (retry, reconnect, rejoin: for as long as it lasts) and which are
 * configuration errors that no waiting will fix (stop with a clear message). Transient: the broker
 * unreachable or restarting (connection refused/reset, timeouts), coordinator moves and loads, leader
 * elections, rebalances, and every error the client marks `canRetry`. Fatal: failed authentication,
 * missing authorisation, a SASL mechanism the broker does not offer, and TLS failures (bad certificate,
 * TLS spoken to a plaintext port).
 */

/** A Kafka error no retry can fix (bad credentials, authorisation, TLS): the service stops. */
export class KafkaConfigurationError extends Error {
  override name = 'KafkaConfigurationError';
}

const FATAL_CODES = new Set([
  'PLT_KFK_AUTHENTICATION',
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
]);

/** Node's TLS failures (certificate checks, protocol mismatch). */
const TLS_FAILURE =
  /^(?:ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_(?:GET|VERIFY)_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_)/;

interface ErrorLike {
  code?: unknown;
  apiId?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/** Every code / protocol error id in the error tree (MultipleErrors, ResponseError, causes). */
export function errorCodes(error: unknown, into: string[] = [], depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 8) return into;
  const e = error as ErrorLike;
  if (typeof e.code === 'string') into.push(e.code);
  if (typeof e.apiId === 'string') into.push(e.apiId);
  if (Array.isArray(e.errors)) for (const inner of e.errors) errorCodes(inner, into, depth + 1);
  if (e.cause) errorCodes(e.cause, into, depth + 1);
  return into;
}

export type KafkaErrorKind = 'transient' | 'fatal';

export function classifyKafkaError(error: unknown): KafkaErrorKind {
  if (error instanceof KafkaConfigurationError) return 'fatal';
  for (const code of errorCodes(error)) if (FATAL_CODES.has(code) || TLS_FAILURE.test(code)) return 'fatal';
  return 'transient';
}

/** The error as a KafkaConfigurationError naming the brokers, or null when it is transient. */
export function configurationError(error: unknown, brokers: readonly string[]): KafkaConfigurationError | null {
  if (error instanceof KafkaConfigurationError) return error;
  if (classifyKafkaError(error) !== 'fatal') return null;
  const codes = [...new Set(errorCodes(error))].join(', ');
  const text = error instanceof Error ? error.message : String(error);
  return new KafkaConfigurationError(`Kafka configuration error (brokers ${brokers.join(',')}): ${codes}: ${text}`, { cause: error });
}
