/** Every route of the aggregator's REST API (spec 4.4), feature by feature. */
import type { RouteDef } from '#common/http/routes.js';
import type { ApiDeps } from './deps.js';
import { serviceRoutes } from './service/routes.js';
import { organizationsRoutes } from './organizations/routes.js';
import { reportsRoutes } from './reports/routes.js';
import { votesRoutes } from './votes/routes.js';
import { togglesRoutes } from './toggles/routes.js';
import { acksRoutes } from './acks/routes.js';
import { ratingsRoutes } from './ratings/routes.js';
import { recommendationsRoutes } from './recommendations/routes.js';
import { workloadsRoutes } from './workloads/routes.js';

export function apiRoutes(deps: ApiDeps): RouteDef[] {
  return [
    ...serviceRoutes(deps),
    ...organizationsRoutes(deps),
    ...reportsRoutes(deps),
    ...votesRoutes(deps),
    ...togglesRoutes(deps),
    ...acksRoutes(deps),
    ...ratingsRoutes(deps),
    ...recommendationsRoutes(deps),
    ...workloadsRoutes(deps),
  ];
}
