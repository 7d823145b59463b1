/**
 * The content service's metrics: the API set every HTTP service has (`api_endpoints_*`, with
 * `metrics.namespace`, spec 1.9 / Part 7 point 5), Node's process and runtime collectors in place of Go's
 * `go_*` (docs/compatibility.md), and ours for reloads: `content_reloads_total{result}`,
 * `content_last_reload_success` (0 while the last reload failed and old content is served) and
 * `content_rules{state}` (loaded / failed rules of the content served).
 */
import client, { type Counter, type Gauge, type Registry } from 'prom-client';
import { createHttpMetrics, createRegistry, type HttpMetrics, metricName } from '#common/metrics.js';

export class ContentMetrics implements HttpMetrics {
  readonly registry: Registry;
  readonly apiRequests: HttpMetrics['apiRequests'];
  readonly apiResponseTime: HttpMetrics['apiResponseTime'];
  readonly apiStatusCodes: HttpMetrics['apiStatusCodes'];
  readonly reloads: Counter<'result'>;
  readonly lastReloadSuccess: Gauge;
  readonly rules: Gauge<'state'>;

  constructor(namespace = '', options: { defaultMetrics?: boolean } = {}) {
    this.registry = createRegistry(options);
    ({
      apiRequests: this.apiRequests,
      apiResponseTime: this.apiResponseTime,
      apiStatusCodes: this.apiStatusCodes,
    } = createHttpMetrics(this.registry, namespace));
    const registers = [this.registry];
    this.reloads = new client.Counter({
      name: metricName(namespace, 'content_reloads_total'),
      help: 'Content reloads (SIGHUP) by result (ok, failed: the previous content is kept)',
      labelNames: ['result'],
      registers,
    });
    this.lastReloadSuccess = new client.Gauge({
      name: metricName(namespace, 'content_last_reload_success'),
      help: '1 when the last content load succeeded, 0 when it failed and the previous content is served',
      registers,
    });
    this.rules = new client.Gauge({
      name: metricName(namespace, 'content_rules'),
      help: 'Rules of the served content by state (loaded, failed)',
      labelNames: ['state'],
      registers,
    });
  }
}
