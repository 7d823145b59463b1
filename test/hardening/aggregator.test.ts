// @requires postgres
/**
 * The hardening suite (suite.ts) applied to the aggregator's executable, on PostgreSQL and on SQLite.
 * The route table is the service's own (apiRoutes with debug on: allApiRoutes), so a new route is attacked too.
 */
import { encodeIdentity, IDENTITY_HEADER } from '#common/http/identity.js';
import { backends, type TestDatabase } from '#test/helpers/databases.js';
import { CLUSTER_IDS, KUBELET_KEY, KUBELET_MODULE } from '#test/helpers/fixtures.js';
import { seedReport } from '#test/helpers/seed.js';
import { allApiRoutes } from '../../src/aggregator/api/test-helpers/routes.js';
import { openStorage } from '../../src/aggregator/storage/db.js';
import { maxVersion, migrateTo } from '../../src/aggregator/storage/migrations/migrator.js';
import { hardeningSuite } from './suite.js';
import { type HardeningLimits, type HardeningRoute, type HardeningTarget, entryCommand, spawnService } from './target.js';

const ENTRY = 'src/aggregator/main.ts';
const PREFIX = '/api/v1/';
const ENV = 'INSIGHTS_RESULTS_AGGREGATOR__';
const [OWN_CLUSTER, , , FOREIGN_CLUSTER] = CLUSTER_IDS;
const RULE = `${KUBELET_MODULE}.report`;

const values: Record<string, string> = {
  org_id: '1',
  organization: '1',
  organizations: '1',
  cluster: OWN_CLUSTER,
  clusters: OWN_CLUSTER,
  cluster_list: OWN_CLUSTER,
  user_id: '1',
  rule_id: RULE,
  error_key: KUBELET_KEY,
  rule_selector: `${KUBELET_MODULE}|${KUBELET_KEY}`,
  namespace: 'ns',
};

/** Bodies by the last path segment (valid ones, and the NUL variant for free-text fields). */
function bodies(template: string): Pick<HardeningRoute, 'body' | 'nulBody'> {
  const last = template.split('/').at(-1) ?? '';
  if (['like', 'dislike', 'reset_vote', 'disable_feedback'].includes(last)) {
    return { body: '{"message":"m"}', nulBody: '{"message":"a\\u0000b"}' };
  }
  if (last === 'rating') return { body: `{"rule":"${values.rule_selector}","rating":1}`, nulBody: '{"rule":"a\\u0000|B","rating":1}' };
  if (['disable', 'update'].includes(last) && template.startsWith('rules/')) {
    return { body: '{"justification":"j"}', nulBody: '{"justification":"a\\u0000b"}' };
  }
  if (template === 'organizations/{org_id}/clusters/reports') return { body: `{"clusters":["${OWN_CLUSTER}"]}` };
  return { body: `["${OWN_CLUSTER}"]` };
}

function routeTable(): HardeningRoute[] {
  return allApiRoutes().map((d) => ({
    method: d.method,
    template: d.path,
    auth: d.auth !== false,
    ...(d.method === 'GET' && !d.bodyOnGet ? {} : bodies(d.path)),
  }));
}

function storageEnv(db: TestDatabase): Record<string, string> {
  const env: Record<string, string> = { [`${ENV}STORAGE_BACKEND__USE`]: 'ocp_recommendations' };
  for (const section of ['OCP_RECOMMENDATIONS_STORAGE', 'DVO_RECOMMENDATIONS_STORAGE']) {
    for (const [k, v] of Object.entries(db.conf)) env[`${ENV}${section}__${k.toUpperCase()}`] = String(v);
  }
  return env;
}

function aggregatorTarget(backend: (typeof backends)[number]): HardeningTarget {
  let database: TestDatabase | undefined;
  const reportPath = `organizations/1/clusters/${OWN_CLUSTER}/users/1/report`;
  return {
    name: `aggregator (${backend.name})`,
    async start(limits: HardeningLimits) {
      database = await backend.create();
      const db = openStorage(database.conf);
      await migrateTo(db, 'ocp', maxVersion('ocp'));
      await migrateTo(db, 'dvo', maxVersion('dvo'));
      await seedReport(db, { org: 1, cluster: OWN_CLUSTER, hits: [{ component: RULE, key: KUBELET_KEY }] });
      await seedReport(db, { org: 2, cluster: FOREIGN_CLUSTER, hits: [{ component: RULE, key: KUBELET_KEY }] });
      await db.close();
      const running = await spawnService({
        entry: ENTRY,
        prefix: PREFIX,
        env: (port) => ({
          ...storageEnv(database as TestDatabase),
          [`${ENV}SERVER__ADDRESS`]: `127.0.0.1:${port}`,
          [`${ENV}SERVER__API_PREFIX`]: PREFIX,
          [`${ENV}SERVER__API_SPEC_FILE`]: 'openapi.json',
          [`${ENV}SERVER__AUTH`]: 'true',
          [`${ENV}SERVER__AUTH_TYPE`]: 'xrh',
          [`${ENV}SERVER__DEBUG`]: 'true',
          [`${ENV}SERVER__MAXIMUM_FEEDBACK_MESSAGE_LENGTH`]: '255',
          [`${ENV}SERVER__READ_HEADER_TIMEOUT`]: limits.read_header_timeout,
          [`${ENV}SERVER__READ_TIMEOUT`]: limits.read_timeout,
          [`${ENV}SERVER__IDLE_TIMEOUT`]: limits.idle_timeout,
          [`${ENV}SERVER__MAX_CONNECTIONS`]: String(limits.max_connections),
          [`${ENV}LOGGING__LOG_LEVEL`]: 'info',
        }),
      });
      return {
        ...running,
        stop: async () => {
          await running.stop();
          await database?.drop();
        },
      };
    },
    routes: routeTable(),
    values,
    orgParams: ['org_id', 'organization', 'organizations'],
    clusterParams: ['cluster', 'clusters', 'cluster_list'],
    ownOrg: 1,
    foreignOrg: 2,
    identity: (org) => [IDENTITY_HEADER, encodeIdentity(org)],
    readPath: reportPath,
    bodyRoute: { method: 'POST', path: 'organizations/1/clusters/reports' },
    batch: { goodPath: reportPath, nulPath: `organizations/1/clusters/${OWN_CLUSTER}/users/%00x/report` },
    runCommand: entryCommand(ENTRY, { INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: '' }),
    secretEnv: {
      [`${ENV}OCP_RECOMMENDATIONS_STORAGE__PG_PASSWORD`]: 'hunter2-pg',
      [`${ENV}OCP_RECOMMENDATIONS_STORAGE__PG_PARAMS`]: 'sslmode=require password=hunter2-params',
      [`${ENV}REDIS__ENDPOINT`]: 'redis://user:hunter2-redis@localhost:6379',
      [`${ENV}BROKER__SASL_PASSWORD`]: 'hunter2-sasl',
      [`${ENV}SENTRY__DSN`]: 'https://hunter2-dsn@sentry.example.com/1',
      AWS_SECRET_ACCESS_KEY: 'hunter2-aws',
      DATABASE_URL: 'postgres://u:hunter2-url@db/x',
    },
    secrets: ['hunter2'],
    ...(backend.name === 'sqlite'
      ? {
          sqlite: {
            file: () => database?.conf.sqlite_datasource ?? '',
            write: {
              method: 'PUT',
              path: `clusters/${OWN_CLUSTER}/rules/${RULE}/error_key/${KUBELET_KEY}/organizations/1/users/1/like`,
              body: '{"message":"m"}',
            },
            reads: ['info', reportPath],
          },
        }
      : {}),
  };
}

for (const backend of backends) hardeningSuite(aggregatorTarget(backend));
