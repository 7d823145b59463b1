/**
 * `start-service` (spec 1.4, 1.7): read the content tree and the groups file (exit 2 when the tree is
 * unusable, 1 when the groups file is, 1 without the OpenAPI file), encode the answers once, serve them on
 * the platform HTTP factory. SIGHUP re-reads both and swaps them in atomically, keeping the previous
 * content when the new one is broken (ours: upstream needs a restart). SIGINT/SIGTERM: the shell stops it.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { parseListenAddress } from '#common/http/listen.js';
import { createHttpServer } from '#common/http/server.js';
import { ApiSpecFileError, checkApiSpecFile } from '#common/service/api-spec.js';
import { buildInfo } from '#common/service/build-info.js';
import { EXIT } from '#common/service/exit-codes.js';
import { superviseTasks } from '#common/service/lifecycle.js';
import { type RunningService, StartError } from '#common/service/shell.js';
import { contentRoutes } from './api/routes.js';
import { type Config, resolved } from './config.js';
import { ContentMetrics } from './metrics.js';
import { ContentTreeError, GroupsFileError } from './parser/index.js';
import { ContentStore } from './store/store.js';

/** Upstream's exit code for a content tree that cannot be parsed. */
export const EXIT_CONTENT = 2;

export interface RunningContentService extends RunningService {
  app: FastifyInstance;
  store: ContentStore;
}

/** Loads the content; start-up failures as StartError with upstream's exit codes. */
export function openStore(config: Config, logger: Logger, metrics: ContentMetrics): ContentStore {
  const r = resolved(config);
  try {
    return new ContentStore({ contentPath: r.contentPath, groupsPath: r.groupsPath }, logger, metrics);
  } catch (err) {
    if (err instanceof ContentTreeError) throw new StartError(`cannot parse content in ${r.contentPath}: ${err.message}`, EXIT_CONTENT);
    if (err instanceof GroupsFileError) throw new StartError(`cannot read the groups file: ${err.message}`, EXIT.error);
    throw err;
  }
}

export async function start(config: Config, logger: Logger): Promise<RunningContentService> {
  const r = resolved(config);
  try {
    checkApiSpecFile(r.specFile);
  } catch (err) {
    if (err instanceof ApiSpecFileError) throw new StartError(err.message, EXIT.error);
    throw err;
  }
  const metrics = new ContentMetrics(r.namespace);
  const store = openStore(config, logger, metrics);
  const app = createHttpServer({
    prefix: r.prefix,
    routes: contentRoutes({ store, metrics, build: buildInfo(), specFile: r.specFile, debug: r.debug }),
    logger,
    metrics,
    auth: false,
  });
  const { host, port } = parseListenAddress(r.address);
  await app.listen({ host, port });
  const cpu = process.cpuUsage();
  logger.info(
    {
      address: app.addresses(),
      startup_ms: Math.round(process.uptime() * 1000),
      startup_cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    },
    'HTTP server listening',
  );
  const onHangUp = () => {
    logger.info('SIGHUP: reloading content');
    store.reload();
  };
  process.on('SIGHUP', onHangUp);
  const supervised = superviseTasks([{ name: 'HTTP server', stop: () => app.close() }], logger, async () => {
    process.removeListener('SIGHUP', onHangUp);
  });
  return { ...supervised, app, store };
}
