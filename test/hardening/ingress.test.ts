// @requires kafka
// @requires s3
/**
 * The hardening suite (suite.ts) applied to the upload endpoint's executable (insights-ingress, `auth.mode =
 * "xrh"`). It names no org or cluster in its paths and has no database: the org and SQLite attacks do not
 * apply; the timeouts, identity-before-body, connection cap, memory, envelope, logging and secrets attacks do.
 */
import { encodeIdentity, IDENTITY_HEADER } from '#common/http/identity.js';
import { BOOTSTRAP, makeTopic, unique } from '#test/helpers/kafka.js';
import { S3_ENDPOINT } from '#test/helpers/s3.js';
import { hardeningSuite } from './suite.js';
import { type HardeningLimits, type HardeningTarget, entryCommand, spawnService } from './target.js';

const ENV = 'INSIGHTS_INGRESS__';
const ENTRY = 'src/ingress/main.ts';

function ingressTarget(): HardeningTarget {
  return {
    name: 'ingress',
    async start(limits: HardeningLimits) {
      const topic = await makeTopic(unique('hardening-ingress'));
      return spawnService({
        entry: ENTRY,
        prefix: '/api/ingress/v1/',
        healthPath: '',
        env: (port) => ({
          [`${ENV}SERVER__ADDRESS`]: `127.0.0.1:${port}`,
          [`${ENV}SERVER__READ_HEADER_TIMEOUT`]: limits.read_header_timeout,
          [`${ENV}SERVER__READ_TIMEOUT`]: limits.read_timeout,
          [`${ENV}SERVER__IDLE_TIMEOUT`]: limits.idle_timeout,
          [`${ENV}SERVER__MAX_CONNECTIONS`]: String(limits.max_connections),
          [`${ENV}AUTH__MODE`]: 'xrh',
          [`${ENV}STORAGE__ENDPOINT`]: S3_ENDPOINT,
          [`${ENV}STORAGE__REGION`]: 'us-east-1',
          [`${ENV}STORAGE__BUCKET`]: `hardening-ingress-${Date.now().toString(36)}`,
          [`${ENV}STORAGE__ACCESS_KEY`]: 'test',
          [`${ENV}STORAGE__SECRET_KEY`]: 'test',
          [`${ENV}STORAGE__TIMEOUT`]: '10s',
          [`${ENV}BROKER__ADDRESSES`]: BOOTSTRAP,
          [`${ENV}BROKER__TIMEOUT`]: '10s',
          [`${ENV}ANNOUNCE__TOPIC`]: topic,
        }),
      });
    },
    routes: [{ method: 'POST', template: 'upload', auth: true }],
    values: {},
    orgParams: [],
    clusterParams: [],
    ownOrg: 1,
    foreignOrg: 2,
    identity: (org) => [IDENTITY_HEADER, encodeIdentity(org)],
    readPath: '',
    bodyRoute: { method: 'POST', path: 'upload' },
    runCommand: entryCommand(ENTRY, {}, 60_000),
    secretEnv: {
      [`${ENV}STORAGE__SECRET_KEY`]: 'hunter2-s3',
      [`${ENV}BROKER__SASL_PASSWORD`]: 'hunter2-kafka',
      [`${ENV}AUTH__TOKEN`]: 'hunter2-token',
      AWS_SECRET_ACCESS_KEY: 'hunter2-aws',
    },
    secrets: ['hunter2'],
  };
}

hardeningSuite(ingressTarget());
