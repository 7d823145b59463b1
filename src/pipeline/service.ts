/**
 * `start-service`: the consumer of `platform.upload.announce` (runtime/consumer.ts) and, with
 * `metrics.address`, an HTTP server for `/metrics` and `/readiness` (503 while the broker is away). When either ends both stop (common/service/lifecycle.ts);
 * SIGINT/SIGTERM finish the batch in flight (its offsets are committed only once its outcomes are durable).
 */
import type { Logger } from 'pino';
import { parseListenAddress } from '#common/http/listen.js';
import { createHttpServer } from '#common/http/server.js';
import { readinessRoute } from '#common/http/readiness.js';
import { mainRoute, metricsRoute } from '#common/http/service-routes.js';
import { brokerOptionsFromConfig, createBatchConsumer, createProducer, KafkaHealth } from '#common/kafka/index.js';
import { DEFAULT_BACKOFF, Retrier, WriterStoppedError } from '#common/kafka/retry.js';
import { createRegistry } from '#common/metrics.js';
import { superviseTasks, type Task } from '#common/service/lifecycle.js';
import { type RunningService, StartError } from '#common/service/shell.js';
import { ConfigError } from '#common/config/load.js';
import { type Config, settingsOf } from './config.js';
import type { Rule } from './engine/rule.js';
import { OCP_RULES } from './engine/rules/index.js';
import { createPipelineMetrics } from './metrics.js';
import { handleBatch } from './runtime/consumer.js';
import { Limiter } from './runtime/limit.js';

export interface StartOptions {
  /** The rules to run (default OCP_RULES; tests add a failing one). */
  rules?: readonly Rule[];
  /** First retry delay of a transient failure (ms). */
  retryDelayMs?: number;
}

export async function start(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  let settings: ReturnType<typeof settingsOf>;
  try {
    settings = settingsOf(config);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(`configuration error: ${err.message}`, 2);
    throw err;
  }
  if (!config.broker.addresses) throw new StartError('configuration error: broker.addresses is empty (the Kafka bootstrap servers)', 2);
  const registry = createRegistry();
  const metrics = createPipelineMetrics(registry, config.metrics.namespace);
  const brokerOptions = brokerOptionsFromConfig(config.broker);
  const producer = createProducer(brokerOptions);
  // Kafka's state for readiness and `kafka_connected`/`kafka_transient_errors` (the consumer reports into it).
  const health = new KafkaHealth({ registry, namespace: config.metrics.namespace, logger: logger.child({ component: 'kafka' }) });
  const retrier = new Retrier({ retries: metrics.retries, paused: metrics.paused }, logger, {
    ...DEFAULT_BACKOFF,
    initialMs: options.retryDelayMs ?? DEFAULT_BACKOFF.initialMs,
  });
  const consumer = createBatchConsumer({
    ...brokerOptions,
    groupId: settings.groupId,
    topic: settings.incomingTopic,
    maxBatchMessages: Math.max(16, settings.concurrency * 4),
    onAssignment: (partitions) => logger.info({ partitions }, 'partitions assigned'),
    health,
  });
  logger.info({ topic: settings.incomingTopic, group: settings.groupId, outgoing: settings.outgoingTopic }, 'consumer starting');
  const deps = {
    settings,
    rules: options.rules ?? OCP_RULES,
    metrics,
    logger,
    producer,
    retrier,
    retryDelayMs: options.retryDelayMs,
    // `consumer.concurrency` bounds the archives in flight in the whole process, not per partition.
    limiter: new Limiter(settings.concurrency),
  };
  const done = consumer
    .run((batch) => handleBatch(batch, deps).then(() => undefined))
    .catch((err: unknown) => {
      if (err instanceof WriterStoppedError && retrier.stopped) return;
      throw err;
    })
    .finally(() => producer.close().catch(() => {}));
  const tasks: Task[] = [
    {
      name: 'consumer',
      done,
      stop: async () => {
        retrier.stop();
        await consumer.stop();
      },
    },
  ];
  if (config.metrics.address) {
    const app = createHttpServer({
      prefix: '/',
      routes: [mainRoute(), metricsRoute({ registry }), readinessRoute([health])],
      logger,
      metrics: metrics.http,
      auth: false,
    });
    const { host, port } = parseListenAddress(config.metrics.address);
    await app.listen({ host, port });
    logger.info({ address: app.addresses() }, 'metrics server listening');
    tasks.push({ name: 'HTTP server', stop: () => app.close() });
  }
  return superviseTasks(tasks, logger);
}
