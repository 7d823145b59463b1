/**
 * `start-service`: the upload endpoint (upload/route.ts) with `/metrics`, on the platform's HTTP factory;
 * a Kafka producer for the announcements and an S3 client for the archives.
 */
import type { Logger } from 'pino';
import { ConfigError } from '#common/config/load.js';
import { parseListenAddress } from '#common/http/listen.js';
import { httpLimitsOf } from '#common/http/limits.js';
import { createHttpServer } from '#common/http/server.js';
import { mainRoute, metricsRoute } from '#common/http/service-routes.js';
import { brokerOptionsFromConfig, createProducer } from '#common/kafka/index.js';
import { createHttpMetrics, createRegistry } from '#common/metrics.js';
import { superviseTasks } from '#common/service/lifecycle.js';
import { type RunningService, StartError } from '#common/service/shell.js';
import type { Config } from './config.js';
import { parseOrgTokens } from './upload/identity.js';
import { uploadRoute } from './upload/route.js';
import { DiskArchiveStore } from './upload/disk-storage.js';
import { type ArchiveStore, S3ArchiveStore } from './upload/storage.js';

export async function start(config: Config, logger: Logger): Promise<RunningService> {
  const mode = config.auth.mode || 'xrh';
  if (mode !== 'xrh' && mode !== 'local') throw new StartError(`configuration error: auth.mode '${mode}' is not xrh or local`, 2);
  if (mode === 'local' && !/^[0-9]+$/.test(config.auth.org_id)) {
    throw new StartError('configuration error: auth.org_id must be a decimal org ID in local mode', 2);
  }
  let orgTokens: Map<string, string>;
  try {
    orgTokens = parseOrgTokens(config.auth.org_tokens);
  } catch (err) {
    throw new StartError(`configuration error: ${(err as Error).message}`, 2);
  }
  if (!config.broker.addresses) throw new StartError('configuration error: broker.addresses is empty (the Kafka bootstrap servers)', 2);
  let brokerOptions: ReturnType<typeof brokerOptionsFromConfig>;
  try {
    brokerOptions = brokerOptionsFromConfig(config.broker);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(`configuration error: ${err.message}`, 2);
    throw err;
  }
  const registry = createRegistry();
  const maxSize = config.server.max_size || 100 * 1024 * 1024;
  const urlExpiry = config.storage.url_expiry || 86_400_000;
  let disk: DiskArchiveStore | null = null;
  let store: ArchiveStore;
  if (config.storage.directory) {
    disk = new DiskArchiveStore({
      directory: config.storage.directory,
      signingKey: config.storage.signing_key,
      expiryMs: urlExpiry,
      maxBytes: maxSize,
    });
    store = disk;
  } else {
    const s3 = new S3ArchiveStore(config.storage);
    await s3.ensureBucket(logger);
    store = s3;
  }
  const producer = createProducer(brokerOptions);
  const prefix = config.server.api_prefix || '/api/ingress/v1/';
  const validServices = new Set(
    (config.server.valid_upload_types || 'openshift')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const app = createHttpServer({
    prefix,
    routes: [
      mainRoute(),
      metricsRoute({ registry }),
      uploadRoute({
        store,
        producer,
        topic: config.announce.topic || 'platform.upload.announce',
        maxSize,
        validServices,
        local:
          mode === 'local' ? { orgId: config.auth.org_id, account: config.auth.account_number, token: config.auth.token, orgTokens } : null,
      }),
      ...(disk ? [disk.route()] : []),
    ],
    logger,
    metrics: createHttpMetrics(registry, config.metrics.namespace),
    auth: mode === 'xrh',
    limits: httpLimitsOf(config.server),
  });
  const { host, port } = parseListenAddress(config.server.address, ':3000');
  await app.listen({ host, port });
  if (disk) {
    const bound = app.server.address();
    const boundPort = bound && typeof bound === 'object' ? bound.port : port;
    const base = config.storage.download_url || `http://127.0.0.1:${boundPort}${prefix}`;
    disk.baseUrl = base.endsWith('/') ? base : `${base}/`;
  }
  logger.info({ address: app.addresses(), prefix, mode, archives: config.storage.directory || 's3' }, 'ingress listening');
  return superviseTasks([{ name: 'HTTP server', stop: () => app.close() }], logger, async () => {
    await producer.close().catch(() => {});
    store.close();
  });
}
