/**
 * The whole system on one machine (`npm start`): every service its own process on its config/local/ file,
 * the stages connected by the folder queue (common/queue/), archives on the local disk, SQLite, the built
 * console served with the proxy and the ingress on one origin, and the demo fleet seeded through the real
 * pipeline. For scripts and tests:
 *
 *   const system = await startLocalSystem({ dataDir, ports: { console: 0, ... } });
 *   system.urls.console; await system.stopService('insights-content-service'); await system.stop();
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startConsoleServer } from './console-server.js';
import { type SeedSummary, seedDemo, summaryLines } from './seed.js';
import { ServiceGroup, type ServiceSpec, type ServiceState } from './services.js';

export interface LocalPorts {
  console: number;
  ingress: number;
  aggregator: number;
  proxy: number;
  content: number;
  pipeline: number;
  /** The dvo-writer's (internal) HTTP port: readiness. */
  dvoWriter: number;
}

/** The defaults (LOCAL_PORT_<NAME> overrides each); 0 picks a free port. */
export const DEFAULT_PORTS: LocalPorts = {
  console: 8000,
  ingress: 3000,
  aggregator: 8080,
  proxy: 8081,
  content: 8082,
  pipeline: 9001,
  dvoWriter: 8084,
};

/** The demo's second org uploads with this token (config/local/ingress.toml `auth.org_tokens`). */
export const DEMO_ORG2_TOKEN = 'local-demo-org-2';

export interface LocalSystemOptions {
  /** Repository root (default: two levels above this module's folder's parent, i.e. the checkout). */
  root?: string;
  /** Data, queue, archives and logs (default `<root>/data/local`). */
  dataDir?: string;
  ports?: Partial<LocalPorts>;
  /** Seed the demo fleet (default true). */
  seed?: boolean;
  /** Restart a service that exits (default true). */
  restart?: boolean;
  /** Where state lines and the seeding bar go (default process.stdout). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** web-console/dist (default `<root>/web-console/dist`); the console is not served when missing. */
  consoleDist?: string;
}

export interface LocalSystem {
  urls: { console: string; upload: string; proxyV1: string; proxyV2: string; aggregator: string; content: string; ingress: string };
  ports: LocalPorts;
  dataDir: string;
  seed: SeedSummary | null;
  /** Milliseconds from the call to every service ready (seeding not included). */
  readyMs: number;
  state(name: string): ServiceState | undefined;
  pid(name: string): number | undefined;
  stopService(name: string): Promise<void>;
  startService(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const SERVICE_NAMES = [
  'insights-content-service',
  'insights-results-aggregator',
  'dvo-writer',
  'ccx-data-pipeline',
  'insights-results-smart-proxy',
  'insights-ingress',
] as const;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((ok) => srv.close(() => ok()));
  return port;
}

export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<LocalPorts> {
  const out: Partial<LocalPorts> = {};
  for (const key of Object.keys(DEFAULT_PORTS) as (keyof LocalPorts)[]) {
    const name = `LOCAL_PORT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    const v = env[name];
    if (v !== undefined && v !== '') {
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`${name}: '${v}' is not a port`);
      out[key] = Number(v);
    }
  }
  return out;
}

/** Each service's process: its executable, its config/local/ file, and the data paths and ports given. */
export function localServices(root: string, dataDir: string, p: LocalPorts): ServiceSpec[] {
  const queue = `file:${join(dataDir, 'queue')}`;
  const cfg = (name: string) => join(root, 'config/local', `${name}.toml`);
  const host = '127.0.0.1';
  return [
    {
      name: 'insights-content-service',
      env: {
        INSIGHTS_CONTENT_SERVICE_CONFIG_FILE: cfg('content-service'),
        INSIGHTS_CONTENT_SERVICE__SERVER__ADDRESS: `${host}:${p.content}`,
      },
      ready: `http://${host}:${p.content}/api/v1/groups`,
    },
    {
      name: 'insights-results-aggregator',
      label: 'insights-results-aggregator (API + db-writer)',
      env: {
        INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: cfg('aggregator'),
        INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: `${host}:${p.aggregator}`,
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__ADDRESSES: queue,
        INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dataDir, 'aggregator.db'),
        INSIGHTS_RESULTS_AGGREGATOR__DVO_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dataDir, 'aggregator.db'),
      },
      ready: `http://${host}:${p.aggregator}/api/v1/readiness`,
    },
    {
      // the DVO writer: the same executable on storage_backend.use = dvo_recommendations (config/local/dvo-writer.toml)
      name: 'dvo-writer',
      bin: 'insights-results-aggregator',
      label: 'insights-results-aggregator (dvo-writer)',
      env: {
        INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: cfg('dvo-writer'),
        INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: `${host}:${p.dvoWriter}`,
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__ADDRESSES: queue,
        INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dataDir, 'aggregator.db'),
        INSIGHTS_RESULTS_AGGREGATOR__DVO_RECOMMENDATIONS_STORAGE__SQLITE_DATASOURCE: join(dataDir, 'aggregator.db'),
      },
      ready: `http://${host}:${p.dvoWriter}/api/v1/readiness`,
    },
    {
      name: 'ccx-data-pipeline',
      env: {
        CCX_DATA_PIPELINE_CONFIG_FILE: cfg('pipeline'),
        CCX_DATA_PIPELINE__BROKER__ADDRESSES: queue,
        CCX_DATA_PIPELINE__METRICS__ADDRESS: `${host}:${p.pipeline}`,
      },
      ready: `http://${host}:${p.pipeline}/readiness`,
    },
    {
      name: 'insights-results-smart-proxy',
      env: {
        INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: cfg('smart-proxy'),
        INSIGHTS_RESULTS_SMART_PROXY__SERVER__ADDRESS: `${host}:${p.proxy}`,
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__AGGREGATOR: `http://${host}:${p.aggregator}/api/v1/`,
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__CONTENT: `http://${host}:${p.content}/api/v1/`,
      },
      ready: `http://${host}:${p.proxy}/api/insights-results-aggregator/v2/`,
    },
    {
      name: 'insights-ingress',
      env: {
        INSIGHTS_INGRESS_CONFIG_FILE: cfg('ingress'),
        INSIGHTS_INGRESS__SERVER__ADDRESS: `${host}:${p.ingress}`,
        INSIGHTS_INGRESS__BROKER__ADDRESSES: queue,
        INSIGHTS_INGRESS__STORAGE__DIRECTORY: join(dataDir, 'archives'),
      },
      ready: `http://${host}:${p.ingress}/api/ingress/v1/`,
    },
  ];
}

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const started = Date.now();
  const root = resolve(options.root ?? new URL('../../..', import.meta.url).pathname);
  const dataDir = resolve(options.dataDir ?? join(root, 'data/local'));
  const out = options.out ?? process.stdout;
  mkdirSync(dataDir, { recursive: true });
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  for (const key of Object.keys(ports) as (keyof LocalPorts)[]) if (ports[key] === 0 && key !== 'console') ports[key] = await freePort();
  const line = (what: string, state: string) => out.write(`${new Date().toISOString().slice(11, 19)}  ${what.padEnd(46)} ${state}\n`);
  const group = new ServiceGroup({ root, logDir: join(dataDir, 'logs'), report: line, restart: options.restart ?? true });
  let consoleServer: Awaited<ReturnType<typeof startConsoleServer>> | null = null;
  const stop = async () => {
    await consoleServer?.close();
    await group.stopAll();
  };
  try {
    // all at once: each waits for its own readiness (the proxy and the pipeline retry their upstreams). The
    // dvo-writer starts once the aggregator (which migrates the SQLite files they share) is ready, in the
    // background: nothing user-facing waits for it, and the queue keeps DVO results until it reads them.
    const specs = localServices(root, dataDir, ports);
    await Promise.all(specs.filter((s) => s.name !== 'dvo-writer').map((s) => group.start(s)));
    group.start(specs.find((s) => s.name === 'dvo-writer') as ServiceSpec).catch(() => {}); // failures are reported
    const dist = options.consoleDist ?? join(root, 'web-console/dist');
    consoleServer = await startConsoleServer({
      host: '127.0.0.1',
      port: ports.console,
      distDir: dist,
      proxyOrigin: `http://127.0.0.1:${ports.proxy}`,
      ingressOrigin: `http://127.0.0.1:${ports.ingress}`,
      identity: { org_id: '1', user_id: '1' },
      services: () => group.states(),
    });
    ports.console = Number(new URL(consoleServer.url).port);
  } catch (err) {
    await stop();
    throw err;
  }
  const readyMs = Date.now() - started;
  const urls = {
    console: consoleServer.url,
    upload: `http://127.0.0.1:${ports.ingress}/api/ingress/v1/upload`,
    ingress: `http://127.0.0.1:${ports.ingress}/api/ingress/v1/`,
    proxyV1: `http://127.0.0.1:${ports.proxy}/api/insights-results-aggregator/v1/`,
    proxyV2: `http://127.0.0.1:${ports.proxy}/api/insights-results-aggregator/v2/`,
    aggregator: `http://127.0.0.1:${ports.aggregator}/api/v1/`,
    content: `http://127.0.0.1:${ports.content}/api/v1/`,
  };
  let seed: SeedSummary | null = null;
  if (options.seed ?? true) {
    try {
      seed = await seedDemo({ ingressUrl: urls.ingress, aggregatorUrl: urls.aggregator, tokens: { '2': DEMO_ORG2_TOKEN }, out });
      for (const l of summaryLines(seed)) out.write(`${l}\n`);
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return {
    urls,
    ports,
    dataDir,
    seed,
    readyMs,
    state: (name) => group.state(name),
    pid: (name) => group.pid(name),
    stopService: (name) => group.stopService(name),
    startService: (name) => group.startService(name),
    stop,
  };
}
