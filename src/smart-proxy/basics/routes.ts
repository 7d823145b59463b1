/**
 * Routes both APIs have (spec 2.7 V1-1..V1-4, 2.8 head): `/`, `/info` (merged build info of the three
 * services), `/metrics` (v1 without auth, v2 with), `/openapi.json`, `/groups`.
 */
import { apiSpecRoute } from '#common/service/api-spec.js';
import { mainRoute, metricsRoute } from '#common/http/service-routes.js';
import type { RouteDef } from '#common/http/routes.js';
import type { ProxyDeps, ProxyFeature } from '../deps.js';
import type { Upstream } from '../upstream/http.js';

async function upstreamInfo(upstream: Upstream): Promise<Record<string, unknown>> {
  try {
    const res = await upstream.call('info');
    if (res.status !== 200) return { status: `improper status code ${res.status}` };
    const body = res.json<{ info?: Record<string, unknown> }>();
    return { ...(body.info ?? {}), status: 'ok' };
  } catch (err) {
    return { status: (err as Error).message };
  }
}

function infoRoute(deps: ProxyDeps, contentUpstream: Upstream): RouteDef {
  return {
    method: 'GET',
    path: 'info',
    auth: false,
    handler: async () => {
      const [aggregator, content] = await Promise.all([upstreamInfo(deps.aggregator.upstream), upstreamInfo(contentUpstream)]);
      const b = deps.build;
      return {
        json: {
          info: {
            SmartProxy: {
              BuildVersion: b.BuildVersion,
              BuildTime: b.BuildTime,
              BuildBranch: b.BuildBranch,
              BuildCommit: b.BuildCommit,
              UtilsVersion: b.UtilsVersion,
              status: 'ok',
            },
            Aggregator: aggregator,
            ContentService: content,
          },
          status: 'ok',
        },
      };
    },
  };
}

function groupsRoute(deps: ProxyDeps): RouteDef {
  return { method: 'GET', path: 'groups', handler: async () => ({ json: { groups: deps.content.currentGroups(), status: 'ok' } }) };
}

export function basicRoutes(deps: ProxyDeps): ProxyFeature {
  const { server } = deps.config;
  const contentUpstream = deps.content.upstream;
  const common = (): RouteDef[] => [mainRoute(), infoRoute(deps, contentUpstream), groupsRoute(deps)];
  return {
    v1: [...common(), metricsRoute(deps.metrics), { ...apiSpecRoute(server.api_v1_spec_file, server.debug), path: 'openapi.json' }],
    v2: [
      ...common(),
      { ...metricsRoute(deps.metrics), auth: true },
      { ...apiSpecRoute(server.api_v2_spec_file, server.debug), path: 'openapi.json' },
    ],
  };
}
