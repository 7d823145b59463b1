/** Routes every HTTP service has (spec 4.4.1): the main endpoint and the Prometheus metrics. */
import type { MetricsExposition } from '../metrics.js';
import type { RouteDef } from './routes.js';

/** `GET {prefix}`: `{"status":"ok"}`. */
export function mainRoute(): RouteDef {
  return { method: 'GET', path: '', handler: async () => ({ json: { status: 'ok' } }) };
}

/** `GET {prefix}metrics`: the registry's exposition, without authentication. */
export function metricsRoute(metrics: MetricsExposition): RouteDef {
  return {
    method: 'GET',
    path: 'metrics',
    auth: false,
    handler: async () => ({ raw: await metrics.registry.metrics(), contentType: metrics.registry.contentType }),
  };
}
