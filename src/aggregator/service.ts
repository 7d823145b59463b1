/**
 * `start-service` (spec 1.4): prepare storages, then run the HTTP server and, with `broker.enabled`, the
 * consumer; when either ends both stop. SIGINT/SIGTERM: stop accepting, finish in-flight work, exit 0.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createHttpServer } from '#common/http/server.js';
import { Metrics } from '#common/metrics.js';
import { buildInfo } from './build-info.js';
import { apiRoutes } from './api/index.js';
import type { ApiDeps } from './api/deps.js';
import { checkApiSpecFile } from './api/service/routes.js';
import { StoragePreparationError, prepareStorages, type Storages } from './storage/storages.js';
import type { RunningConsumer } from './db-writer/index.js';

import { EXIT } from './exit-codes.js';

export { EXIT };

export interface RunningService {
  app: FastifyInstance;
  storages: Storages;
  consumer: RunningConsumer | null;
  /** Resolves with the exit code once the service has stopped. */
  stopped: Promise<number>;
  stop(reason?: string, baseCode?: number): Promise<number>;
}

/** Splits `server.address` (`:8080`, `host:port`) into a listen host and port. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const text = address || ':8080';
  const idx = text.lastIndexOf(':');
  const host = idx <= 0 ? '0.0.0.0' : text.slice(0, idx).replace(/^\[|\]$/g, '');
  const port = Number(text.slice(idx + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid server.address '${address}'`);
  return { host, port };
}

export function buildApi(deps: ApiDeps): FastifyInstance {
  return createHttpServer({
    prefix: deps.config.server.api_prefix || '/',
    routes: apiRoutes(deps),
    logger: deps.logger,
    metrics: deps.metrics,
    auth: deps.config.server.auth,
    authType: deps.config.server.auth_type,
  });
}

export async function startService(
  config: Config,
  logger: Logger,
  metrics = new Metrics(config.metrics.namespace),
): Promise<RunningService> {
  const storages = await prepareStorages(config, { metrics, logger });
  checkApiSpecFile(config.server.api_spec_file || 'openapi.json');
  const deps: ApiDeps = {
    config,
    metrics,
    logger,
    ocp: storages.ocp,
    dvo: storages.dvo,
    build: buildInfo(),
    dbVersions: storages.versions,
  };
  const app = buildApi(deps);
  const { host, port } = parseListenAddress(config.server.address);
  await app.listen({ host, port });
  logger.info({ address: app.addresses() }, 'HTTP server listening');

  let consumer: RunningConsumer | null = null;
  if (config.broker.enabled) {
    // Loaded only for the writer roles: the REST-only aggregator never loads the Kafka client.
    const { startConsumer } = await import('./db-writer/index.js');
    consumer = await startConsumer({ config, metrics, logger, ocp: storages.ocp, dvo: storages.dvo });
  }

  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((r) => (resolveStopped = r));
  let stopping: Promise<number> | null = null;
  const stop = (reason = 'stop requested', baseCode = 0): Promise<number> => {
    if (stopping) return stopping;
    stopping = (async () => {
      logger.info({ reason }, 'stopping the service');
      let code = baseCode;
      const results = await Promise.allSettled([app.close(), consumer?.stop()]);
      if (results[0].status === 'rejected') {
        logger.error({ err: results[0].reason }, 'HTTP server stop failed');
        code += EXIT.serverStop;
      }
      if (results[1].status === 'rejected') {
        logger.error({ err: results[1].reason }, 'consumer stop failed');
        code += EXIT.consumerStop;
      }
      await storages.close();
      resolveStopped(code);
      return code;
    })();
    return stopping;
  };
  consumer?.done.then(
    () => void stop('consumer finished'),
    (err: unknown) => {
      logger.error({ err }, 'consumer failed');
      void stop('consumer failed', EXIT.error);
    },
  );
  return { app, storages, consumer, stopped, stop };
}

export { StoragePreparationError };
