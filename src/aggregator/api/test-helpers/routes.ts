/** The API's whole route table (debug on: the debug routes too), on no storage: for tests that walk every route. */
import { silentLogger } from '#common/logger.js';
import type { RouteDef } from '#common/http/routes.js';
import { zeroConfig } from '../../config.js';
import { Metrics } from '../../metrics.js';
import { apiRoutes } from '../index.js';

export function allApiRoutes(): RouteDef[] {
  const config = zeroConfig();
  config.server.debug = true;
  return apiRoutes({
    config,
    metrics: new Metrics('', { defaultMetrics: false }),
    logger: silentLogger,
    ocp: null,
    dvo: null,
    build: {} as never,
    dbVersions: { ocp: '', dvo: '' },
  });
}
