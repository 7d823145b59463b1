/**
 * The HTTP server's protection limits, the same for every service (docs/configuration.md, `[server]`):
 * - `read_header_timeout`: the request line and headers must arrive within it (upstream: 5 s);
 * - `read_timeout`: the whole request, body included, must arrive within it (upstream: 1 min);
 * - `idle_timeout`: a keep-alive connection with no request, or a socket with no traffic at all, is closed
 *   after it (upstream's Go server: the read timeout, 1 min);
 * - `max_connections`: connections beyond it are refused at accept (ours; upstream has no cap);
 * - `max_body_memory`: bytes of request bodies being received at once, all connections together (ours): a
 *   request whose declared body (or, without a length, the body limit) does not fit is answered 503 before
 *   any byte of it is read. With the read timeout, this bounds the memory a slow-body attack can hold,
 *   even with valid identities.
 * A zero (or absent) key means the default. Durations are in milliseconds (the config loader's unit).
 */

/** Keys every HTTP service adds to its `[server]` section: `{ ...httpLimitKeys }`. */
export const httpLimitKeys = {
  read_timeout: 'duration',
  read_header_timeout: 'duration',
  idle_timeout: 'duration',
  max_connections: 'int',
  max_body_memory: 'int',
} as const;

export interface HttpLimits {
  readTimeoutMs: number;
  readHeaderTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  maxBodyMemory: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  readTimeoutMs: 60_000,
  readHeaderTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1024,
  maxBodyMemory: 32 * 1024 * 1024,
};

/** The limits of a `[server]` section (zero or missing keys take the defaults). */
export function httpLimitsOf(server: Partial<Record<keyof typeof httpLimitKeys, number>>): HttpLimits {
  const pick = (v: number | undefined, d: number) => (v !== undefined && v > 0 ? v : d);
  return {
    readTimeoutMs: pick(server.read_timeout, DEFAULT_HTTP_LIMITS.readTimeoutMs),
    readHeaderTimeoutMs: pick(server.read_header_timeout, DEFAULT_HTTP_LIMITS.readHeaderTimeoutMs),
    idleTimeoutMs: pick(server.idle_timeout, DEFAULT_HTTP_LIMITS.idleTimeoutMs),
    maxConnections: pick(server.max_connections, DEFAULT_HTTP_LIMITS.maxConnections),
    maxBodyMemory: pick(server.max_body_memory, DEFAULT_HTTP_LIMITS.maxBodyMemory),
  };
}
