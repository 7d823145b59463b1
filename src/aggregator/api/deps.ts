/** What every API feature gets: storages, configuration, metrics, logger, build info. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics.js';
import { AppError } from '#common/errors.js';
import type { ReadinessCheck } from '#common/http/readiness.js';
import type { BuildInfo } from '#common/service/build-info.js';
import type { Db } from '../storage/db.js';

export interface ApiDeps {
  config: Config;
  metrics: Metrics;
  logger: Logger;
  /** OCP storage (schema public), null when `ocp_recommendations_storage.type` is not `sql`. */
  ocp: Db | null;
  /** DVO storage (schema dvo), null when `dvo_recommendations_storage.type` is not `sql`. */
  dvo: Db | null;
  build: BuildInfo;
  /** DB versions read once at start-up (spec 4.4.1), already rendered as strings. */
  dbVersions: { ocp: string; dvo: string };
  /** What `{prefix}readiness` checks (the db-writer's Kafka health; none for the REST-only aggregator). */
  readiness?: ReadinessCheck[];
}

/** The OCP storage; a 500 (`Internal Server Error`) when it is not configured. */
export function requireOcp(deps: Pick<ApiDeps, 'ocp'>): Db {
  if (!deps.ocp) throw new AppError('internal', 'OCP storage is not configured');
  return deps.ocp;
}

/** The DVO storage; a 500 (`Internal Server Error`) when it is not configured. */
export function requireDvo(deps: Pick<ApiDeps, 'dvo'>): Db {
  if (!deps.dvo) throw new AppError('internal', 'DVO storage is not configured');
  return deps.dvo;
}
