#!/usr/bin/env node
// `npm run start:full`: the whole system on the production engines (Kafka, PostgreSQL, S3), each service its
// own executable with its own file under config/ (env variables override any key):
//   ingress (config/ingress.toml, :3000) -> platform.upload.announce -> pipeline (config/pipeline.toml)
//   -> ccx.ocp.results -> aggregator + db-writer (config/config.toml, :8080) <- smart proxy
//   (config/smart-proxy.toml, :8081) -> content service (config/content-service/config.toml, :8082);
//   pipeline -> ccx.dvo.results -> dvo-writer (the aggregator's executable on config/config.toml with
//   storage_backend.use = dvo_recommendations, :8084); the web console on :8000 in front of the proxy and the
//   ingress (built first when web-console/dist is missing).
// Starts scripts/kafka and scripts/s3 when they are not running (and leaves them running), creates and
// migrates the aggregator's database, prints each service's state as it starts (the launcher code shared
// with `npm start`: src/tools/launcher/services.ts); Ctrl-C stops the services. Logs: data/full/logs/.
// FULL_ORG_ID (default 1) is the org the ingress books uploads to (auth.mode = local).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { buildConsole } from './console-build.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const log = (what, state) => console.log(`${new Date().toISOString().slice(11, 19)}  ${what.padEnd(46)} ${state}`);

if (!existsSync('dist/tools/launcher/services.js')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
const { ServiceGroup } = await import(`${root}dist/tools/launcher/services.js`);
for (const script of ['scripts/kafka', 'scripts/s3']) {
  const up = spawnSync(script, ['status'], { stdio: 'ignore' }).status === 0;
  log(script, up ? 'already running' : 'starting...');
  if (!up && spawnSync(script, ['start'], { stdio: 'inherit' }).status !== 0) {
    log(script, 'FAILED to start');
    process.exit(1);
  }
}

const dbName = process.env.INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__PG_DB_NAME ?? 'aggregator';
{
  const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5000 });
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE "${dbName.replaceAll('"', '')}"`);
  await client.end();
  log(`database ${dbName}`, found.rowCount === 0 ? 'created' : 'exists');
}

const orgId = process.env.FULL_ORG_ID ?? '1';
const services = [
  {
    name: 'insights-content-service',
    env: { INSIGHTS_CONTENT_SERVICE_CONFIG_FILE: 'config/content-service/config.toml' },
    ready: 'http://127.0.0.1:8082/api/v1/',
  },
  {
    name: 'insights-results-aggregator',
    env: {
      INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: 'config/config.toml',
      INSIGHTS_RESULTS_AGGREGATOR__METRICS__ADDRESS: '',
      // internal: only the smart proxy calls it, and the proxy does not forward the identity (as upstream)
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__AUTH: 'false',
    },
    // both storages (upstream migrates each with storage_backend.use)
    before: [
      { args: ['migration', 'latest'], env: { INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: 'ocp_recommendations' } },
      { args: ['migration', 'latest'], env: { INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: 'dvo_recommendations' } },
    ],
    ready: 'http://127.0.0.1:8080/api/v1/',
  },
  {
    // the DVO db-writer: the same executable and file, on the DVO storage and topic (FULL_DVO_TOPIC)
    name: 'dvo-writer',
    bin: 'insights-results-aggregator',
    label: 'insights-results-aggregator (dvo-writer)',
    env: {
      INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: 'config/config.toml',
      INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: 'dvo_recommendations',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__TOPIC: process.env.FULL_DVO_TOPIC ?? 'ccx.dvo.results',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__GROUP: process.env.FULL_DVO_GROUP ?? 'dvo_writer',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: ':8084',
      INSIGHTS_RESULTS_AGGREGATOR__SERVER__AUTH: 'false',
    },
    // up, not `readiness`: that waits for the DVO topic, which exists once the pipeline first publishes to it
    ready: 'http://127.0.0.1:8084/api/v1/',
  },
  {
    name: 'ccx-data-pipeline',
    env: {
      CCX_DATA_PIPELINE_CONFIG_FILE: 'config/pipeline.toml',
      // the local S3 server is not an AWS host; :9000 is the S3 server's port
      CCX_DATA_PIPELINE__DOWNLOADER__ALLOW_UNSAFE_LINKS: 'true',
      CCX_DATA_PIPELINE__METRICS__ADDRESS: ':9001',
      CCX_DATA_PIPELINE__PUBLISHER__DVO_TOPIC: process.env.FULL_DVO_TOPIC ?? 'ccx.dvo.results',
    },
    ready: 'http://127.0.0.1:9001/metrics',
  },
  {
    name: 'insights-results-smart-proxy',
    // org-bound reads need the caller's identity (x-rh-identity)
    // and the platform's public prefixes, which the console server forwards to it
    env: {
      INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: 'config/smart-proxy.toml',
      INSIGHTS_RESULTS_SMART_PROXY__SERVER__AUTH: 'true',
      INSIGHTS_RESULTS_SMART_PROXY__SERVER__API_V1_PREFIX: '/api/insights-results-aggregator/v1/',
      INSIGHTS_RESULTS_SMART_PROXY__SERVER__API_V2_PREFIX: '/api/insights-results-aggregator/v2/',
    },
    ready: 'http://127.0.0.1:8081/api/insights-results-aggregator/v2/',
  },
  {
    name: 'insights-ingress',
    env: {
      INSIGHTS_INGRESS_CONFIG_FILE: 'config/ingress.toml',
      INSIGHTS_INGRESS__AUTH__MODE: 'local',
      INSIGHTS_INGRESS__AUTH__ORG_ID: orgId,
    },
    ready: 'http://127.0.0.1:3000/api/ingress/v1/',
  },
];

// A service that exits is reported and the launcher stops (no restart: the full mode runs under a supervisor in production).
let stopping = false;
const group = new ServiceGroup({
  root,
  logDir: 'data/full/logs',
  report: (name, state) => {
    log(name, state);
    if (/^(EXITED|FAILED)/.test(state)) stopAll(1);
  },
  restart: false,
});
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  await group.stopAll();
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stopAll(0));
try {
  for (const s of services) await group.start(s);
} catch {
  await stopAll(1);
}
log('upload endpoint', `http://127.0.0.1:3000/api/ingress/v1/upload (org ${orgId})`);
log('reports', 'http://127.0.0.1:8081/api/insights-results-aggregator/v2/cluster/{id}/reports');
if (!existsSync('web-console/dist/index.html')) {
  log('web console', 'building (npm run build:console)...');
  buildConsole(() => !existsSync('web-console/dist/index.html'), { log: (line) => log('web console', line) });
}
if (existsSync('web-console/dist/index.html')) {
  const { startConsoleServer } = await import(`${root}dist/tools/launcher/console-server.js`);
  const consoleServer = await startConsoleServer({
    host: '127.0.0.1',
    port: Number(process.env.FULL_PORT_CONSOLE ?? 8000),
    distDir: 'web-console/dist',
    proxyOrigin: 'http://127.0.0.1:8081',
    ingressOrigin: 'http://127.0.0.1:3000',
    identity: { org_id: orgId, user_id: '1' },
    services: () => group.states(),
  });
  log('web console', `${consoleServer.url} (org ${orgId})`);
} else log('web console', 'not built: npm run build:console');
