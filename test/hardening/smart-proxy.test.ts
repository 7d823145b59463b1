// @requires postgres redis
/**
 * The hardening suite (suite.ts) applied to the smart proxy's executable, spawned on its real upstreams:
 * the aggregator and content service processes, the AMS and RBAC fakes (test/helpers/proxy/). The route
 * table is the proxy's own (every feature with debug on, built on throwaway deps), so a new route is
 * attacked too. The SQLite attack is the aggregator's (the proxy has no database).
 */
import { encodeIdentity, IDENTITY_HEADER } from '#common/http/identity.js';
import { silentLogger } from '#common/logger.js';
import { buildInfo } from '#common/service/build-info.js';
import { FakeAms } from '#test/fakes/ams.js';
import { FakeRbac } from '#test/fakes/rbac.js';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { AggregatorProcess } from '#test/helpers/proxy/aggregator-process.js';
import { NODES, NODES_EK } from '#test/helpers/proxy/content-fixture.js';
import { ContentProcess } from '#test/helpers/proxy/content-process.js';
import { C1, ORG, OTHER_ORG, seedAggregator, seedAms } from '#test/helpers/proxy/seed.js';
import { REDIS_HOST, REDIS_PORT, TEST_REDIS_DB } from '#test/helpers/redis.js';
import { zeroConfig } from '../../src/smart-proxy/config.js';
import { FEATURES } from '../../src/smart-proxy/features.js';
import { buildDeps } from '../../src/smart-proxy/service.js';
import { hardeningSuite } from './suite.js';
import { type HardeningLimits, type HardeningRoute, type HardeningTarget, entryCommand, spawnService } from './target.js';

const ENTRY = 'src/smart-proxy/main.ts';
const ENV = 'INSIGHTS_RESULTS_SMART_PROXY__';
const REDIS = `${REDIS_HOST}:${REDIS_PORT}`;

const values: Record<string, string> = {
  org_id: String(ORG),
  organization: String(ORG),
  organizations: String(ORG),
  cluster: C1,
  clusters: C1,
  rule_id: NODES,
  error_key: NODES_EK,
  rule_selector: `${NODES}|${NODES_EK}`,
  request_id: 'a'.repeat(32),
  namespace: 'ns',
};

/** Bodies by the last path segment (valid ones, and the NUL variant for free-text fields). */
function bodies(template: string): Pick<HardeningRoute, 'body' | 'nulBody'> {
  const last = template.split('/').at(-1) ?? '';
  if (['like', 'dislike', 'reset_vote', 'disable_feedback'].includes(last)) {
    return { body: '{"message":"m"}', nulBody: '{"message":"a\\u0000b"}' };
  }
  if (last === 'rating') return { body: `{"rule":"${values.rule_selector}","rating":1}`, nulBody: '{"rule":"a\\u0000|B","rating":1}' };
  if (last === 'ack')
    return { body: `{"rule_id":"${values.rule_selector}","justification":"j"}`, nulBody: '{"rule_id":"a|B","justification":"a\\u0000b"}' };
  return { body: `{"clusters":["${C1}"]}` };
}

/** The proxy's routes, from its features on deps that never connect (debug on: the dbg routes too). */
async function routeTable(): Promise<HardeningRoute[]> {
  const config = zeroConfig();
  Object.assign(config.server, { debug: true, auth: true });
  Object.assign(config.services, { aggregator: 'http://127.0.0.1:1/api/v1/', content: 'http://127.0.0.1:1/api/v1/' });
  Object.assign(config.redis, { endpoint: REDIS, database: TEST_REDIS_DB });
  const deps = buildDeps(config, silentLogger, buildInfo());
  const out = new Map<string, HardeningRoute>();
  for (const factory of FEATURES) {
    const feature = await factory(deps);
    for (const [prefix, defs] of [
      ['v1/', feature.v1],
      ['v2/', feature.v2],
      ['dbg/', feature.dbg],
    ] as const) {
      for (const d of defs ?? []) {
        // A `{rule_id}` without an `{error_key}` beside it is the composite `module|ERROR_KEY` (v1 single rule).
        const path =
          d.path.includes('{rule_id}') && !d.path.includes('{error_key}') ? d.path.replace('{rule_id}', '{rule_selector}') : d.path;
        const template = prefix + path;
        out.set(`${d.method} ${template}`, {
          method: d.method,
          template,
          auth: d.auth !== false,
          ...(d.method === 'GET' ? {} : bodies(template)),
        });
      }
    }
    await feature.close?.();
  }
  return [...out.values()];
}

function proxyTarget(routes: HardeningRoute[]): HardeningTarget {
  return {
    name: 'smart proxy',
    async start(limits: HardeningLimits) {
      const ams = new FakeAms();
      const rbac = new FakeRbac();
      seedAms(ams);
      const aggregator = new AggregatorProcess(await createPostgresDatabase());
      const content = new ContentProcess();
      await aggregator.prepare(seedAggregator);
      await aggregator.start();
      await content.start();
      await Promise.all([ams.server.start(), rbac.server.start()]);
      const running = await spawnService({
        entry: ENTRY,
        prefix: '/api/',
        healthPath: 'v1/openapi.json',
        env: (port) => ({
          INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: '',
          [`${ENV}SERVER__ADDRESS`]: `127.0.0.1:${port}`,
          [`${ENV}SERVER__API_V1_PREFIX`]: '/api/v1/',
          [`${ENV}SERVER__API_V2_PREFIX`]: '/api/v2/',
          [`${ENV}SERVER__API_DBG_PREFIX`]: '/api/dbg/',
          [`${ENV}SERVER__API_V1_SPEC_FILE`]: 'openapi/smart-proxy-v1.json',
          [`${ENV}SERVER__API_V2_SPEC_FILE`]: 'openapi/smart-proxy-v2.json',
          [`${ENV}SERVER__DEBUG`]: 'true',
          [`${ENV}SERVER__AUTH`]: 'true',
          [`${ENV}SERVER__AUTH_TYPE`]: 'xrh',
          [`${ENV}SERVER__READ_HEADER_TIMEOUT`]: limits.read_header_timeout,
          [`${ENV}SERVER__READ_TIMEOUT`]: limits.read_timeout,
          [`${ENV}SERVER__IDLE_TIMEOUT`]: limits.idle_timeout,
          [`${ENV}SERVER__MAX_CONNECTIONS`]: String(limits.max_connections),
          [`${ENV}SERVICES__AGGREGATOR`]: aggregator.url,
          [`${ENV}SERVICES__CONTENT`]: content.url,
          [`${ENV}SERVICES__GROUPS_POLL_TIME`]: '60s',
          [`${ENV}SERVICES__CONTENT_DIRECTORY_TIMEOUT`]: '5s',
          [`${ENV}SERVICES__UPSTREAM_TIMEOUT`]: '5s',
          [`${ENV}AMSCLIENT__URL`]: ams.url,
          [`${ENV}AMSCLIENT__CLIENT_ID`]: 'proxy-client',
          [`${ENV}AMSCLIENT__CLIENT_SECRET`]: 'proxy-secret',
          [`${ENV}AMSCLIENT__TOKEN_URL`]: ams.tokenUrl,
          [`${ENV}RBAC__URL`]: rbac.url,
          [`${ENV}REDIS__ENDPOINT`]: REDIS,
          [`${ENV}REDIS__DATABASE`]: String(TEST_REDIS_DB),
          [`${ENV}LOGGING__LOG_LEVEL`]: 'info',
        }),
      });
      return {
        ...running,
        stop: async () => {
          await running.stop();
          await Promise.allSettled([aggregator.stop(), content.stop(), ams.server.stop(), rbac.server.stop()]);
          content.remove();
          await aggregator.database.drop();
        },
      };
    },
    routes,
    values,
    orgParams: ['org_id', 'organization', 'organizations'],
    clusterParams: ['cluster', 'clusters'],
    ownOrg: ORG,
    foreignOrg: OTHER_ORG,
    foreignOrgStatuses: [400, 403, 404],
    authFailureStatus: 403,
    identity: (org) => [IDENTITY_HEADER, encodeIdentity(org)],
    readPath: `v1/clusters/${C1}/report`,
    bodyRoute: { method: 'POST', path: 'v1/clusters/reports' },
    runCommand: entryCommand(ENTRY, { INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: '' }),
    secretEnv: {
      [`${ENV}AMSCLIENT__CLIENT_SECRET`]: 'hunter2-ams',
      [`${ENV}AMSCLIENT__TOKEN`]: 'hunter2-token',
      [`${ENV}REDIS__PASSWORD`]: 'hunter2-redis',
      [`${ENV}REDIS__ENDPOINT`]: 'redis://user:hunter2-redis-url@localhost:6379',
      [`${ENV}CLOUDWATCH__AWS_SECRET_KEY`]: 'hunter2-cw',
      [`${ENV}SENTRY__DSN`]: 'https://hunter2-dsn@sentry.example.com/1',
      AWS_SECRET_ACCESS_KEY: 'hunter2-aws',
    },
    secrets: ['hunter2'],
  };
}

hardeningSuite(proxyTarget(await routeTable()));
