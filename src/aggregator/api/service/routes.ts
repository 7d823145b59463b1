/** `{p}`, `{p}info`, `{p}metrics`, `{p}openapi.json` (spec 4.4.1); ours: `{p}readiness` (common/http/readiness.ts). */
import type { RouteDef } from '#common/http/routes.js';
import { readinessRoute } from '#common/http/readiness.js';
import { mainRoute, metricsRoute } from '#common/http/service-routes.js';
import { apiSpecRoute } from '#common/service/api-spec.js';
import type { ApiDeps } from '../deps.js';

export function serviceRoutes(deps: ApiDeps): RouteDef[] {
  return [
    mainRoute(),
    {
      method: 'GET',
      path: 'info',
      options: true,
      handler: async () => ({
        json: { info: { ...deps.build, OCP_DB_version: deps.dbVersions.ocp, DVO_DB_version: deps.dbVersions.dvo }, status: 'ok' },
      }),
    },
    metricsRoute(deps.metrics),
    readinessRoute(deps.readiness ?? []),
    apiSpecRoute(deps.config.server.api_spec_file || 'openapi.json', deps.config.server.debug),
  ];
}
