/**
 * The aggregator's metric set (spec 5), with the upstream names: the HTTP API metrics every service has,
 * the db-writer's consumer metrics, feedback and ratings, and the SQL metrics that exist only with
 * `log_sql_queries = true`. `metrics.namespace` prefixes every name except `rating_on_rules` (as upstream).
 */
import client, { Counter, Histogram, type Registry } from 'prom-client';
import { createHttpMetrics, createRegistry, type HttpMetrics, metricName } from '#common/metrics.js';
import type { RetryMetrics } from '#common/kafka/retry.js';

export class Metrics implements HttpMetrics {
  readonly registry: Registry;
  readonly apiRequests: Counter<'endpoint'>;
  readonly apiResponseTime: Histogram<'endpoint'>;
  readonly apiStatusCodes: Counter<'status_code' | 'endpoint'>;
  readonly consumedMessages: Counter;
  readonly consumingErrors: Counter;
  readonly emptyResultMessages: Counter;
  readonly successfulProcessingTime: Histogram;
  readonly failedProcessingTime: Histogram;
  readonly lastCheckedLagMinutes: Histogram;
  readonly producedMessages: Counter;
  readonly writtenReports: Counter;
  readonly feedbackOnRules: Counter;
  readonly ratingOnRules: Counter;
  readonly sqlQueries: Counter;
  readonly sqlQueryDurations: Histogram<'query'>;
  /** Ours: transient storage failures the writer waited out (db-writer). */
  readonly storageRetries: Counter;
  /** Ours: 1 while the writer is paused waiting for the database. */
  readonly writerPaused: client.Gauge;

  private sqlEnabled = false;

  constructor(namespace = '', options: { defaultMetrics?: boolean } = {}) {
    this.registry = createRegistry(options);
    const n = (name: string) => metricName(namespace, name);
    const registers = [this.registry];
    ({
      apiRequests: this.apiRequests,
      apiResponseTime: this.apiResponseTime,
      apiStatusCodes: this.apiStatusCodes,
    } = createHttpMetrics(this.registry, namespace));
    this.consumedMessages = new Counter({
      name: n('consumed_messages'),
      help: 'The total number of messages consumed from Kafka',
      registers,
    });
    this.consumingErrors = new Counter({
      name: n('consuming_errors'),
      help: 'The total number of errors during consuming messages from Kafka',
      registers,
    });
    this.emptyResultMessages = new Counter({
      name: n('messages_with_empty_rule_execution_result'),
      help: 'The total number of messages with empty rule execution result',
      registers,
    });
    this.successfulProcessingTime = new Histogram({
      name: n('successful_messages_processing_time'),
      help: 'Time to process successfully processed messages',
      registers,
    });
    this.failedProcessingTime = new Histogram({
      name: n('failed_messages_processing_time'),
      help: 'Time to process messages processed with errors',
      registers,
    });
    this.lastCheckedLagMinutes = new Histogram({
      name: n('last_checked_timestamp_lag_minutes'),
      help: 'Shows how slow we get messages from clusters',
      registers,
    });
    this.producedMessages = new Counter({ name: n('produced_messages'), help: 'The total number of produced messages', registers });
    this.writtenReports = new Counter({
      name: n('written_reports'),
      help: 'The total number of reports written to the storage',
      registers,
    });
    this.feedbackOnRules = new Counter({ name: n('feedback_on_rules'), help: 'The total number of left feedback', registers });
    this.ratingOnRules = new Counter({ name: 'rating_on_rules', help: 'The total number of rating on rules', registers });
    this.sqlQueries = new Counter({ name: n('sql_queries_counter'), help: 'Number of SQL queries', registers: [] });
    this.sqlQueryDurations = new Histogram({
      name: n('sql_queries_durations'),
      help: 'SQL queries durations',
      labelNames: ['query'],
      registers: [],
    });
    this.storageRetries = new Counter({
      name: n('storage_transient_failures'),
      help: 'Transient storage failures the writer waited out and retried',
      registers,
    });
    this.writerPaused = new client.Gauge({
      name: n('writer_paused'),
      help: '1 while the writer waits for the storage to come back',
      registers,
    });
  }

  /** SQL metrics exist only with `log_sql_queries = true` (spec 5). */
  enableSqlMetrics(): void {
    if (!this.sqlEnabled) {
      this.sqlEnabled = true;
      this.registry.registerMetric(this.sqlQueries);
      this.registry.registerMetric(this.sqlQueryDurations);
    }
  }

  /** What the writer's retry loop records (common/kafka/retry.ts). */
  get retry(): RetryMetrics {
    return { retries: this.storageRetries, paused: this.writerPaused };
  }
}
