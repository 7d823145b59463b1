/**
 * The smart proxy's metrics (spec 3.3): the HTTP API set, `api_endpoints_user_agent` with the normalised
 * agent, `rbac_identity_type` and `rbac_service_accounts_rejected`; `metrics.namespace` prefixes them.
 */
import client, { type Counter, type Registry } from 'prom-client';
import { createHttpMetrics, createRegistry, metricName } from '#common/metrics.js';

export function createProxyMetrics(namespace: string, options: { defaultMetrics?: boolean } = {}) {
  const registry: Registry = createRegistry(options);
  const registers = [registry];
  const n = (name: string) => metricName(namespace, name);
  return {
    registry,
    ...createHttpMetrics(registry, namespace),
    userAgent: new client.Counter({
      name: n('api_endpoints_user_agent'),
      help: 'Number of requests per endpoint and user agent',
      labelNames: ['endpoint', 'user_agent'],
      registers,
    }) as Counter<'endpoint' | 'user_agent'>,
    rbacIdentityType: new client.Counter({
      name: n('rbac_identity_type'),
      help: 'Identity types seen by the RBAC middleware',
      labelNames: ['type'],
      registers,
    }) as Counter<'type'>,
    rbacRejected: new client.Counter({
      name: n('rbac_service_accounts_rejected'),
      help: 'Service accounts that did not pass the RBAC check',
      registers,
    }) as Counter,
  };
}

export type ProxyMetrics = ReturnType<typeof createProxyMetrics>;

const AGENTS: [string, string][] = [
  ['insights-operator/mcp-server', 'insights-operator/mcp-server'],
  ['insights-operator', 'insights-operator'],
  ['acm-operator', 'acm-operator'],
  ['mozilla', 'browser'],
  ['curl', 'curl'],
  ['wget', 'wget'],
  ['python', 'python-client'],
  ['go-http-client', 'go-client'],
  ['okhttp', 'okhttp-client'],
];

/** The `user_agent` label (spec 3.3): first match on the lower-cased header, else `unknown`. */
export function normaliseUserAgent(header: string | undefined): string {
  const ua = (header ?? '').toLowerCase();
  if (ua === '') return 'unknown';
  for (const [needle, label] of AGENTS) if (ua.includes(needle)) return label;
  return 'unknown';
}
