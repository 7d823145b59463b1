/**
 * Redis/Valkey client of the services (`[redis]` section of the aggregator's valkey-writer and of the smart
 * proxy): ioredis with bounded waits everywhere and no hidden queues.
 * - `timeout_seconds` is every command's timeout (go-redis's read timeout; 0 gives go-redis's 3 s);
 *   connecting times out after 5 s (go-redis's dial timeout);
 * - while disconnected, commands fail at once (no offline queue), and a command in flight when the
 *   connection drops fails instead of being re-sent; the client keeps reconnecting in the background
 *   (100 ms more per attempt, at most 2 s apart), so the callers decide: the writer waits and retries
 *   its batch, the proxy answers 503, and both recover without a restart.
 * - `database` must be 0-15 and `endpoint` non-empty (as upstream).
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { TransientStorageError } from '../sql/errors.js';

/** The `[redis]` keys (same names in every service). */
export interface RedisSettings {
  endpoint: string;
  database: number;
  username: string;
  password: string;
  timeout_seconds: number;
}

export type { Redis };

const DEFAULT_READ_TIMEOUT_MS = 3000;
const CONNECT_TIMEOUT_MS = 5000;

export class RedisConfigError extends Error {
  override name = 'RedisConfigError';
}

/** `host:port`, `[v6]:port` or `host` (port 6379). */
export function parseRedisEndpoint(endpoint: string): { host: string; port: number } {
  const text = endpoint.trim();
  if (text === '') throw new RedisConfigError('redis.endpoint is empty: the Redis address must be set');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : 6379 };
  const at = text.lastIndexOf(':');
  if (at < 0) return { host: text, port: 6379 };
  const port = Number(text.slice(at + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new RedisConfigError(`redis.endpoint '${endpoint}': invalid port`);
  }
  return { host: text.slice(0, at) || '127.0.0.1', port };
}

export function checkRedisSettings(settings: RedisSettings): void {
  parseRedisEndpoint(settings.endpoint);
  if (!Number.isInteger(settings.database) || settings.database < 0 || settings.database > 15) {
    throw new RedisConfigError(`redis.database ${settings.database} is out of range: the Redis database index must be 0-15`);
  }
  if (settings.timeout_seconds < 0) throw new RedisConfigError(`redis.timeout_seconds ${settings.timeout_seconds} is negative`);
}

/** A connected (or connecting) client; throws RedisConfigError for bad settings. */
export function createRedisClient(settings: RedisSettings, logger: Logger): Redis {
  checkRedisSettings(settings);
  const { host, port } = parseRedisEndpoint(settings.endpoint);
  const client = new Redis({
    host,
    port,
    db: settings.database,
    username: settings.username || undefined,
    password: settings.password || undefined,
    commandTimeout: settings.timeout_seconds > 0 ? settings.timeout_seconds * 1000 : DEFAULT_READ_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return; // one line per outage, not one per reconnection attempt
    down = true;
    logger.error({ err, endpoint: `${host}:${port}`, database: settings.database }, 'Redis connection error');
  });
  client.on('ready', () => {
    if (down) logger.info({ endpoint: `${host}:${port}` }, 'Redis connection is back');
    down = false;
  });
  return client;
}

/** Redis replies that say "not now" rather than "never" (server loading, busy script, failover, memory). */
const TRANSIENT_REPLIES = ['LOADING', 'BUSY', 'TRYAGAIN', 'MASTERDOWN', 'READONLY', 'CLUSTERDOWN', 'OOM', 'NOAUTH', 'WRONGPASS', 'NOPERM'];

/**
 * Whether a Redis failure is an unavailability (connection refused or lost, command timeout, no
 * connection yet, server not ready, credentials refused): everything except an error reply to the
 * command itself (e.g. WRONGTYPE). Credentials count as unavailability: retrying beats dropping data.
 */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof TransientStorageError) return true;
  if (err === null || typeof err !== 'object') return false;
  const { name, message } = err as { name?: unknown; message?: unknown };
  if (name !== 'ReplyError') return true;
  const text = typeof message === 'string' ? message : '';
  return TRANSIENT_REPLIES.some((prefix) => text.startsWith(prefix));
}

/** Rethrows an unavailability as TransientStorageError (what the db-writer's retry understands). */
export function classifyRedisError(err: unknown): unknown {
  if (err instanceof TransientStorageError || !isRedisUnavailable(err)) return err;
  const text = err instanceof Error ? err.message : String(err);
  return new TransientStorageError(`Redis unavailable: ${text}`, { cause: err });
}

/** Resolves true once the client is connected (false after `timeoutMs`): start-up logs and tests. */
export async function waitReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}
