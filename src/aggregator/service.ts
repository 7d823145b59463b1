/**
 * `start-service` (spec 1.4): prepare storages, then run the HTTP server and, with `broker.enabled`, the
 * consumer; when either ends both stop (common/service/lifecycle.ts). SIGINT/SIGTERM (handled by the
 * service shell): stop accepting, finish in-flight work, exit 0.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { httpLimitsOf } from '#common/http/limits.js';
import { parseListenAddress } from '#common/http/listen.js';
import { createHttpServer } from '#common/http/server.js';
import { KafkaHealth } from '#common/kafka/health.js';
import { checkApiSpecFile } from '#common/service/api-spec.js';
import { buildInfo } from '#common/service/build-info.js';
import { setHeapGrowingPercent } from '#common/service/heap.js';
import { superviseTasks, type Task } from '#common/service/lifecycle.js';
import { type RunningService as ShellService, StartError } from '#common/service/shell.js';
import { apiRoutes } from './api/index.js';
import type { ApiDeps } from './api/deps.js';
import type { Config } from './config.js';
import type { RunningConsumer } from './db-writer/index.js';
import { EXIT } from './exit-codes.js';
import { Metrics } from './metrics.js';
import { StoragePreparationError, prepareStorages, type Storages } from './storage/storages.js';

export { EXIT, parseListenAddress };

export interface RunningService extends ShellService {
  app: FastifyInstance;
  storages: Storages;
  consumer: RunningConsumer | null;
}

export function buildApi(deps: ApiDeps): FastifyInstance {
  return createHttpServer({
    prefix: deps.config.server.api_prefix || '/',
    routes: apiRoutes(deps),
    logger: deps.logger,
    metrics: deps.metrics,
    auth: deps.config.server.auth,
    authType: deps.config.server.auth_type,
    limits: httpLimitsOf(deps.config.server),
  });
}

export async function startService(
  config: Config,
  logger: Logger,
  metrics = new Metrics(config.metrics.namespace),
): Promise<RunningService> {
  const storages = await prepareStorages(config, { metrics, logger });
  checkApiSpecFile(config.server.api_spec_file || 'openapi.json');
  // The writer roles: Kafka's state for readiness and `kafka_connected` (the consumer reports into it).
  const health = config.broker.enabled
    ? new KafkaHealth({ registry: metrics.registry, namespace: config.metrics.namespace, logger: logger.child({ component: 'kafka' }) })
    : null;
  const deps: ApiDeps = {
    config,
    metrics,
    logger,
    ocp: storages.ocp,
    dvo: storages.dvo,
    build: buildInfo(),
    dbVersions: storages.versions,
    readiness: health ? [health] : [],
  };
  const app = buildApi(deps);
  const { host, port } = parseListenAddress(config.server.address);
  await app.listen({ host, port });
  logger.info({ address: app.addresses() }, 'HTTP server listening');

  let consumer: RunningConsumer | null = null;
  if (config.broker.enabled) {
    // Loaded only for the writer roles: the REST-only aggregator never loads the Kafka client.
    const { startConsumer } = await import('./db-writer/index.js');
    const { WRITER_HEAP_GROWING_PERCENT } = await import('./db-writer/runtime/start.js');
    setHeapGrowingPercent(WRITER_HEAP_GROWING_PERCENT);
    consumer = await startConsumer({ config, metrics, logger, ocp: storages.ocp, dvo: storages.dvo, redis: storages.redis, health });
  }
  const tasks: Task[] = [{ name: 'HTTP server', stop: () => app.close(), stopFailureCode: EXIT.serverStop }];
  if (consumer) tasks.push({ name: 'consumer', done: consumer.done, stop: () => consumer.stop(), stopFailureCode: EXIT.consumerStop });
  const supervised = superviseTasks(tasks, logger, () => storages.close());
  return { ...supervised, app, storages, consumer };
}

/**
 * The shell's start function: a storage that is not ready is exit 2 with upstream's log line
 * (`database preparation exited with error code 2`, which operators grep for).
 */
export async function start(config: Config, logger: Logger): Promise<RunningService> {
  try {
    return await startService(config, logger);
  } catch (err) {
    if (err instanceof StoragePreparationError) {
      logger.error(err.message);
      logger.info(`database preparation exited with error code ${EXIT.storage}`);
      throw new StartError(err.message, EXIT.storage, true);
    }
    throw err;
  }
}

export { StoragePreparationError };
