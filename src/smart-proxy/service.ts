/**
 * `start-service` (spec 2.2): the clients (aggregator, content, AMS, RBAC), the content and groups loop,
 * the internal-rules allow-list, both OpenAPI files checked, then the HTTP server. SIGINT/SIGTERM (the
 * shell): stop accepting, close the pools, exit 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { parseListenAddress } from '#common/http/listen.js';
import { checkApiSpecFile } from '#common/service/api-spec.js';
import type { BuildInfo } from '#common/service/build-info.js';
import { superviseTasks } from '#common/service/lifecycle.js';
import { type RunningService, StartError } from '#common/service/shell.js';
import { AggregatorClient } from './aggregator/client.js';
import { ClusterListCache, DEFAULT_CLUSTER_LIST_ORGS, DEFAULT_CLUSTER_LIST_TTL_MS } from './ams/cache.js';
import { AmsClient } from './ams/client.js';
import { clusterLister } from './ams/clusters.js';
import { type Config, upstreamTimeout } from './config.js';
import { decodeContent } from './content/decode.js';
import { ContentService } from './content/service.js';
import type { ProxyDeps, ProxyFeature } from './deps.js';
import { FEATURES } from './features.js';
import { createProxyMetrics } from './metrics.js';
import { RbacClient } from './rbac/client.js';
import { buildProxyServer } from './server.js';
import { UNREACHABLE, Upstream } from './upstream/http.js';

export interface RunningProxy extends RunningService {
  app: FastifyInstance;
  deps: ProxyDeps;
}

/** The allow-list CSV (spec 2.4): a header line, then the org ID in column 1; a non-number aborts. */
export function readInternalOrgs(path: string): Set<number> {
  if (!path) throw new StartError('setup.internal_rules_organizations_csv_file is empty while internal rules organizations are enabled', 1);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartError(`cannot read ${path}: ${(err as Error).message}`, 1);
  }
  const orgs = new Set<number>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    const first = line.split(',')[0].trim();
    if (!/^\d+$/.test(first)) throw new StartError(`organization ID on line "${line}" is not a number`, 1);
    orgs.add(Number(first));
  }
  return orgs;
}

/** `amsclient.cluster_list_caching`: logged at start (as upstream), and a cache when on (ams/cache.ts). */
function clusterListCache(ams: AmsClient, config: Config, logger: Logger): ClusterListCache | null {
  const { cluster_list_caching: on, cluster_list_cache_ttl: ttl, cluster_list_cache_orgs: orgs } = config.amsclient;
  const ttlMs = ttl > 0 ? ttl : DEFAULT_CLUSTER_LIST_TTL_MS;
  const maxOrgs = orgs > 0 ? orgs : DEFAULT_CLUSTER_LIST_ORGS;
  logger.info({ cluster_list_caching: on, ...(on ? { ttl_ms: ttlMs, max_orgs: maxOrgs } : {}) }, 'AMS cluster list caching');
  return on ? new ClusterListCache((org) => ams.clusters(org), ttlMs, maxOrgs) : null;
}

export function buildDeps(
  config: Config,
  logger: Logger,
  build: BuildInfo,
  metrics = createProxyMetrics(config.metrics.namespace),
): ProxyDeps {
  const timeout = upstreamTimeout(config);
  const aggregator = new AggregatorClient(config.services.aggregator, timeout);
  const content = new ContentService(
    new Upstream(config.services.content, UNREACHABLE.content, timeout, 4),
    decodeContent,
    config.services.groups_poll_time,
    config.services.content_directory_timeout,
    logger,
  );
  const ams = AmsClient.create(config.amsclient, timeout);
  if (!ams) logger.warn('no AMS client (no URL or credentials): cluster lists need server.org_clusters_fallback');
  const cache = ams ? clusterListCache(ams, config, logger) : null;
  const rbac = config.server.use_rbac ? new RbacClient(config.rbac.url, timeout) : null;
  const internalRulesOrgs =
    config.server.enable_internal_rules_organizations && config.server.auth
      ? readInternalOrgs(config.setup.internal_rules_organizations_csv_file)
      : null;
  return {
    config,
    logger,
    metrics,
    build,
    aggregator,
    content,
    ams,
    clusters: clusterLister(ams, aggregator, config.server.org_clusters_fallback, cache),
    rbac,
    internalRulesOrgs,
    upstreamTimeoutMs: timeout,
  };
}

/** `server.use_https`: upstream's `server.crt` and `server.key` in the working directory; missing: refuse to start. */
export function readTlsFiles(dir = process.cwd()): { key: Buffer; cert: Buffer } {
  try {
    return { cert: readFileSync(join(dir, 'server.crt')), key: readFileSync(join(dir, 'server.key')) };
  } catch (err) {
    throw new StartError(`server.use_https is on but server.crt / server.key cannot be read in ${dir}: ${(err as Error).message}`, 1);
  }
}

export async function start(config: Config, logger: Logger, build: BuildInfo): Promise<RunningProxy> {
  if (config.services.groups_poll_time <= 0) throw new StartError('services.groups_poll_time must be greater than 0', 1);
  const v1Spec = config.server.api_v1_spec_file || 'openapi/smart-proxy-v1.json';
  const v2Spec = config.server.api_v2_spec_file || 'openapi/smart-proxy-v2.json';
  try {
    checkApiSpecFile(v1Spec);
    checkApiSpecFile(v2Spec);
  } catch (err) {
    throw new StartError((err as Error).message, 1);
  }
  config.server.api_v1_spec_file = v1Spec;
  config.server.api_v2_spec_file = v2Spec;
  const tls = config.server.use_https ? readTlsFiles() : undefined;
  const deps = buildDeps(config, logger, build);
  const features: ProxyFeature[] = [];
  for (const factory of FEATURES) features.push(await factory(deps));
  const app = buildProxyServer(deps, features, tls);
  deps.content.start();
  const { host, port } = parseListenAddress(config.server.address, ':8081');
  await app.listen({ host, port });
  logger.info({ address: app.addresses() }, 'smart proxy listening');
  const close = async () => {
    deps.content.stop();
    await Promise.allSettled([deps.aggregator.close(), deps.ams?.close(), deps.rbac?.close(), ...features.map((f) => f.close?.())]);
  };
  const supervised = superviseTasks([{ name: 'HTTP server', stop: () => app.close() }], logger, close);
  return { ...supervised, app, deps };
}
