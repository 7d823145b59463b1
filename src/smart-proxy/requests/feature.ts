/**
 * The on-demand gathering feature: a Redis/Valkey client from `[redis]`, the routes of routes.ts on API v2.
 * Start-up rule (spec 2.2 point 3, decided): upstream exits when Redis does not answer a PING at start;
 * we start anyway (logging the failure) and answer 503 on these four routes until Redis answers, as we do
 * when Redis goes away while running (docs/compatibility.md). Bad `[redis]` settings refuse to start.
 */
import { type Redis, RedisConfigError, createRedisClient, waitReady } from '#common/redis/client.js';
import { StartError } from '#common/service/shell.js';
import { okJson } from '../aggregator/client.js';
import { stripReport } from '../content/store.js';
import type { FeatureFactory, ProxyDeps, ProxyFeature } from '../deps.js';
import { requestRoutes, type RequestRouteDeps } from './routes.js';
import { RequestStore } from './store.js';

/** How long start-up waits for the first connection before going on without it. */
const STARTUP_PING_MS = 2000;

interface SystemWideDisable {
  rule_id?: string;
  error_key?: string;
}
interface DisabledRule {
  RuleID?: string;
  ErrorKey?: string;
}

export function requestRouteDeps(deps: ProxyDeps, store: RequestStore): RequestRouteDeps {
  return {
    store,
    ackedRules: async (orgId) => {
      const body = okJson<{ disabledRules?: SystemWideDisable[] | null }>(await deps.aggregator.acks(orgId));
      return new Set((body.disabledRules ?? []).map((r) => `${stripReport(r.rule_id ?? '')}|${r.error_key ?? ''}`));
    },
    disabledRules: async (orgId, cluster) => {
      const res = await deps.aggregator.disabledForClusters(orgId, [cluster]);
      if (res.status === 404) return new Set();
      const body = okJson<{ rules?: DisabledRule[] | null }>(res);
      return new Set((body.rules ?? []).map((r) => `${stripReport(r.RuleID ?? '')}|${r.ErrorKey ?? ''}`));
    },
    ruleContent: async (id) => (await deps.content.content()).ruleById(id),
  };
}

export const requestsFeature: FeatureFactory = async (deps): Promise<ProxyFeature> => {
  let client: Redis;
  try {
    client = createRedisClient(deps.config.redis, deps.logger.child({ component: 'redis' }));
  } catch (err) {
    if (err instanceof RedisConfigError) throw new StartError(err.message, 1);
    throw err;
  }
  if (!(await waitReady(client, STARTUP_PING_MS))) {
    deps.logger.error(
      { endpoint: deps.config.redis.endpoint },
      'Redis does not answer: the request routes answer 503 until it does (upstream would exit here)',
    );
  }
  return {
    v2: requestRoutes(requestRouteDeps(deps, new RequestStore(client))),
    close: async () => {
      client.disconnect();
    },
  };
};
