import type { Histogram } from 'prom-client';
import type { Metrics } from '../../../metrics.js';

/** Observations of a histogram so far. */
export async function histogramCount(h: Histogram): Promise<number> {
  const v = (await h.get()).values.find((x) => x.metricName?.endsWith('_count'));
  return Number(v?.value ?? 0);
}

/** Messages fully handled (stored or rejected, side effects produced). */
export async function handled(metrics: Metrics): Promise<number> {
  return (await histogramCount(metrics.successfulProcessingTime)) + (await histogramCount(metrics.failedProcessingTime));
}
/** Sum of a metric's values (a counter or gauge) in the registry. */
export async function metricValue(metrics: Metrics, name: string): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? []).reduce((a, v) => a + Number(v.value), 0);
}
