/** The pipeline's Prometheus metrics (spec 6), upstream's names; `archive` = `ocp` | `hypershift`. */
import client from 'prom-client';
import { createHttpMetrics, metricName, type Registry } from '#common/metrics.js';

export type ArchiveLabel = 'ocp' | 'hypershift';

export function createPipelineMetrics(registry: Registry, namespace = '') {
  const registers = [registry];
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new client.Counter({ name: metricName(namespace, name), help, labelNames, registers });
  const histogram = (name: string, help: string, buckets: number[], labelNames: string[] = []) =>
    new client.Histogram({ name: metricName(namespace, name), help, labelNames, buckets, registers });
  const seconds = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
  return {
    http: createHttpMetrics(registry, namespace),
    received: counter('ccx_consumer_received_total', 'Counter of received Kafka messages'),
    filtered: counter('ccx_consumer_filtered_total', 'Counter of filtered Kafka messages'),
    downloaded: counter('ccx_downloaded_total', 'Counter of downloaded items'),
    archiveSize: histogram('ccx_consumer_archive_size', 'Histogram of the archive sizes (bytes)', [1e4, 1e5, 1e6, 1e7, 1e8]),
    extracted: counter('ccx_consumer_extracted_total', 'Counter of extracted archives', ['archive']),
    processed: counter('ccx_engine_processed_total', 'Counter of files processed by the engine', ['archive']),
    published: counter('ccx_published_total', 'Counter of published reports', ['archive']),
    failures: counter('ccx_failures_total', 'Counter of failures during the pipeline'),
    notHandled: counter('ccx_not_handled_total', 'Counter of messages not handled (filtered or invalid)'),
    timeouts: counter('ccx_engine_processed_timeout_total', 'Counter of rules that exceeded their time budget', ['archive']),
    downloadDuration: histogram('ccx_download_duration_seconds', 'Histogram of archive download durations', seconds),
    processDuration: histogram('ccx_process_duration_seconds', 'Histogram of rule engine durations', seconds, ['archive']),
    publishDuration: histogram('ccx_publish_duration_seconds', 'Histogram of publish durations', seconds, ['archive']),
    retries: counter('ccx_transient_failures_total', 'Transient failures retried (download, broker)'),
    paused: new client.Gauge({ name: metricName(namespace, 'ccx_paused'), help: '1 while waiting out a transient failure', registers }),
  };
}

export type PipelineMetrics = ReturnType<typeof createPipelineMetrics>;
