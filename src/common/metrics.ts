/**
 * Prometheus metrics for every service: a registry (with prom-client's default process and Node runtime
 * collectors, the equivalent of upstream's `go_*` / `process_*`), the HTTP API metric set every HTTP
 * service exposes with the upstream names (spec 5), and the small interfaces the platform's parts record
 * into. Each service builds its own metric set on a registry (e.g. src/aggregator/metrics.ts).
 */
import client, { type Counter, type Histogram, Registry } from 'prom-client';

export { Registry };

/** `<namespace>_<name>`, or `<name>` without a namespace (`metrics.namespace`). */
export function metricName(namespace: string, name: string): string {
  return namespace ? `${namespace}_${name}` : name;
}

/** A registry; with `defaultMetrics` (default true) it also collects the process and runtime metrics. */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics !== false) client.collectDefaultMetrics({ register: registry });
  return registry;
}

/** What the HTTP server (common/http/server.ts) records: requests, response times and status codes per route template. */
export interface HttpMetrics {
  readonly apiRequests: Pick<Counter<'endpoint'>, 'inc'>;
  readonly apiResponseTime: Pick<Histogram<'endpoint'>, 'observe'>;
  readonly apiStatusCodes: Pick<Counter<'status_code' | 'endpoint'>, 'inc'>;
}

const linear20 = Array.from({ length: 20 }, (_, i) => i * 20); // 0, 20, …, 380 (seconds, as upstream)

/** The upstream API metrics (`api_endpoints_requests`, `api_endpoints_response_time`, `api_endpoints_status_codes`). */
export function createHttpMetrics(registry: Registry, namespace: string) {
  const registers = [registry];
  return {
    apiRequests: new client.Counter({
      name: metricName(namespace, 'api_endpoints_requests'),
      help: 'The total number of requests per endpoint',
      labelNames: ['endpoint'],
      registers,
    }),
    apiResponseTime: new client.Histogram({
      name: metricName(namespace, 'api_endpoints_response_time'),
      help: 'API endpoints response time',
      labelNames: ['endpoint'],
      buckets: linear20,
      registers,
    }),
    apiStatusCodes: new client.Counter({
      name: metricName(namespace, 'api_endpoints_status_codes'),
      help: 'Number of responses per status code and endpoint',
      labelNames: ['status_code', 'endpoint'],
      registers,
    }),
  } satisfies HttpMetrics;
}

/** What the `/metrics` route needs: a registry's exposition. */
export interface MetricsExposition {
  readonly registry: Pick<Registry, 'metrics' | 'contentType'>;
}
