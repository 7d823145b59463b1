/**
 * The hardening suite (suite.ts) applied to the content service's executable. The content service has no
 * identities and no database: the identity, org, NUL-body and SQLite attacks do not apply; the timeouts,
 * connection cap, memory, envelope, logging and secrets attacks do.
 */
import { join } from 'node:path';
import { contentRoutes } from '../../src/content-service/api/routes.js';
import { runCli, startContentService } from '../../src/content-service/test-helpers/spawn.js';
import { GOOD_TREE, GROUPS_YAML, removeTree, writeTree } from '../../src/content-service/test-helpers/trees.js';
import { hardeningSuite } from './suite.js';
import type { HardeningLimits, HardeningTarget } from './target.js';

const ENV = 'INSIGHTS_CONTENT_SERVICE__';

function contentTarget(): HardeningTarget {
  const routes = contentRoutes({ store: null as never, metrics: null as never, build: {} as never, specFile: '', debug: false });
  return {
    name: 'content service',
    async start(limits: HardeningLimits) {
      const root = writeTree({ ...GOOD_TREE, 'groups.yaml': GROUPS_YAML });
      const proc = await startContentService({
        [`${ENV}CONTENT__PATH`]: root,
        [`${ENV}GROUPS__PATH`]: join(root, 'groups.yaml'),
        [`${ENV}SERVER__READ_HEADER_TIMEOUT`]: limits.read_header_timeout,
        [`${ENV}SERVER__READ_TIMEOUT`]: limits.read_timeout,
        [`${ENV}SERVER__IDLE_TIMEOUT`]: limits.idle_timeout,
        [`${ENV}SERVER__MAX_CONNECTIONS`]: String(limits.max_connections),
      });
      return {
        baseUrl: proc.base,
        port: Number(new URL(proc.base).port),
        pid: proc.child.pid as number,
        output: proc.output,
        stop: async () => {
          proc.kill();
          await proc.exited;
          removeTree(root);
        },
      };
    },
    routes: routes.map((d) => ({ method: d.method, template: d.path, auth: d.auth !== false })),
    values: {},
    orgParams: [],
    clusterParams: [],
    ownOrg: 1,
    foreignOrg: 2,
    readPath: 'groups',
    runCommand(args, env) {
      const res = runCli(args, env);
      return { stdout: res.out + res.err, code: res.code };
    },
    secretEnv: {
      [`${ENV}SENTRY__DSN`]: 'https://hunter2-dsn@sentry.example.com/1',
      [`${ENV}CLOUDWATCH__AWS_SECRET_KEY`]: 'hunter2-cw',
      AWS_SECRET_ACCESS_KEY: 'hunter2-aws',
      REDIS_URL: 'redis://u:hunter2-redis@localhost:6379',
    },
    secrets: ['hunter2'],
  };
}

hardeningSuite(contentTarget());
