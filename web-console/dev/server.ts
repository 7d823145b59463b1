// Dev data server: serves a built console and answers the smart proxy's public API (the routes the console
// uses, spec 2.8 and V1-16, under the upstream prefixes) from the repo-owned fixtures in ./fixtures. It stands in
// for the real proxy while that is not available, in the browser tests and for working on the console:
//   npm run build:console && node --import tsx web-console/dev/server.ts [--port 8090] [--dist web-console/dist]
// It is also the reference for how another process serves the built console (see web-console/README.md):
// static files under the base path, `index.html` for any other path below it, and `console-config.js`.
// Control routes for tests: POST /__dev/mode?api=up|unavailable|down|hold, POST /__dev/reset,
// POST /__dev/services?stopped=<name> (a launcher's service state at /launcher/services.json; none: all ready).
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_V1_PREFIX, DEFAULT_V2_PREFIX, type Identity } from '../src/api/client.ts';
import { serveConsole } from './gateway.ts';
import { type Fixtures, loadFixtures, ProxyModel } from './model.ts';

/** up: answer; unavailable: 503 everywhere; down: drop connections; hold: answer only when the mode changes. */
export type ApiMode = 'up' | 'unavailable' | 'down' | 'hold';

export interface DataServerOptions {
  port?: number;
  host?: string;
  /** The built console (`web-console/dist`); without it only the API is served. */
  distDir?: string;
  /** Where the console is served (the build's base path). */
  basePath?: string;
  v1Prefix?: string;
  v2Prefix?: string;
  fixtures?: Fixtures;
  /** Written into console-config.js: the identity the console sends (no gateway in front of us). */
  identity?: Identity | null;
}

export interface DataServer {
  url: string;
  model: ProxyModel;
  setMode(mode: ApiMode): void;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPOSITE = /^([a-zA-Z_0-9.]+)\|([a-zA-Z_0-9.]+)$/;
class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, code: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(code).end();
    return;
  }
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) throw new HttpError(400, "client didn't provide request body");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "client didn't provide a valid request body");
  }
}

/** x-rh-identity as the proxy reads it (spec 2.4): org_id a string holding a positive number. */
function identityOf(req: IncomingMessage): { orgId: string; userId: string } {
  const header = req.headers['x-rh-identity'];
  if (typeof header !== 'string' || !header) throw new HttpError(403, 'Missing auth token');
  let parsed: { identity?: { org_id?: unknown; user?: { user_id?: unknown } } };
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    throw new HttpError(403, 'Malformed authentication token');
  }
  const org = parsed.identity?.org_id;
  if (typeof org !== 'string' || !(Number(org) > 0)) throw new HttpError(403, 'error retrieving requester org_id from token');
  const user = parsed.identity?.user?.user_id;
  return { orgId: org, userId: typeof user === 'string' && user ? user : '0' };
}

function clusterParam(value: string | undefined): string {
  if (!value || !UUID.test(value))
    throw new HttpError(400, `Error during parsing param 'cluster' with value '${value ?? ''}'. Error: 'invalid UUID'`);
  return value;
}

function ruleParam(value: string | undefined): string {
  if (!value || !COMPOSITE.test(value)) throw new HttpError(400, 'the parameters contains invalid characters and cannot be used');
  return value;
}

function notFound(id: string): HttpError {
  return new HttpError(404, `Item with ID ${id} was not found in the storage`);
}

export async function startDataServer(options: DataServerOptions = {}): Promise<DataServer> {
  const v1 = options.v1Prefix ?? DEFAULT_V1_PREFIX;
  const v2 = options.v2Prefix ?? DEFAULT_V2_PREFIX;
  const base = options.basePath ?? '/';
  const fixtures = options.fixtures ?? loadFixtures();
  let model = new ProxyModel(fixtures);
  let mode: ApiMode = 'up';
  let held: (() => void)[] = [];
  const changeMode = (m: ApiMode) => {
    mode = m;
    if (m === 'hold') return;
    const release = held;
    held = [];
    for (const go of release) go();
  };
  const identity = options.identity === undefined ? { org_id: fixtures.org_id, user_id: '1', username: 'dev' } : options.identity;
  const servicesPath = '/launcher/services.json';
  const consoleConfig = `window.insightsConsoleConfig = ${JSON.stringify({ apiV1Prefix: v1, apiV2Prefix: v2, identity, servicesPath })};\n`;
  let stoppedService = '';
  const launcherServices = () =>
    ['insights-ingress', 'ccx-data-pipeline', 'insights-results-aggregator', 'insights-results-smart-proxy'].map((name) => ({
      name,
      label: name,
      state: name === stoppedService ? 'exited' : 'ready',
    }));
  const site = { distDir: options.distDir, basePath: base, consoleConfig };

  async function v2Route(req: IncomingMessage, res: ServerResponse, parts: string[], query: URLSearchParams): Promise<void> {
    const who = identityOf(req);
    const [head, id, sub, ...rest] = parts;
    const method = req.method ?? 'GET';
    if (method === 'GET' && head === 'clusters' && parts.length === 1) {
      const data = model.clusterList();
      return send(res, 200, { data, meta: { count: data.length }, status: 'ok' });
    }
    if (method === 'GET' && head === 'rule' && parts.length === 1) {
      const raw = query.get('impacting');
      if (raw !== null && raw !== 'true' && raw !== 'false')
        throw new HttpError(400, `Error during parsing param 'impacting' with value '${raw}'`);
      return send(res, 200, { recommendations: model.recommendationList(raw === null ? undefined : raw === 'true'), status: 'ok' });
    }
    if (method === 'GET' && head === 'rule' && parts.length === 2) {
      const content = model.recommendation(ruleParam(id));
      if (!content) throw notFound(id!);
      return send(res, 200, { content, groups: fixtures.groups, status: 'ok' });
    }
    if (method === 'GET' && head === 'rule' && sub === 'clusters_detail' && rest.length === 0) {
      const data = model.clustersDetail(ruleParam(id));
      if (!data) throw notFound(id!);
      return send(res, 200, { data, status: 'ok' });
    }
    if (head === 'ack' && parts.length === 1 && method === 'POST') {
      const body = (await readBody(req)) as { rule_id?: unknown; justification?: unknown };
      const ruleId = ruleParam(typeof body.rule_id === 'string' ? body.rule_id : undefined);
      const { ack, created } = model.addAck(ruleId, typeof body.justification === 'string' ? body.justification : '', who.userId);
      return send(res, created ? 201 : 200, ack);
    }
    if (head === 'ack' && parts.length === 2) {
      const ruleId = ruleParam(id);
      const ack = model.acks.get(ruleId);
      if (!ack) return send(res, 404);
      if (method === 'GET') return send(res, 200, ack);
      if (method === 'DELETE') {
        model.acks.delete(ruleId);
        return send(res, 204);
      }
    }
    if (method === 'POST' && head === 'rating' && parts.length === 1) {
      const body = (await readBody(req)) as { rule?: unknown; rating?: unknown };
      const ruleId = ruleParam(typeof body.rule === 'string' ? body.rule : undefined);
      if (body.rating !== -1 && body.rating !== 0 && body.rating !== 1) throw new HttpError(400, 'bad type in json data');
      model.ratings.set(ruleId, body.rating);
      return send(res, 200, { rule: ruleId, rating: body.rating });
    }
    if (method === 'GET' && head === 'cluster' && sub === 'reports' && rest.length === 0) {
      const report = model.report(clusterParam(id), query.get('get_disabled') === 'true');
      if (!report) throw notFound(id!);
      return send(res, 200, { report, status: 'ok' });
    }
    if (method === 'GET' && head === 'cluster' && sub === 'requests' && rest.length === 0) {
      const requests = fixtures.requests[clusterParam(id)];
      if (!requests?.length) return send(res, 404, { status: 'Requests for cluster not found' });
      return send(res, 200, { cluster: id, requests, status: 'ok' });
    }
    throw new HttpError(404, 'page not found');
  }

  async function v1Route(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    identityOf(req);
    // clusters/{C}/rules/{R}/error_key/{K}/{action}
    const [head, cluster, rules, module, ek, key, action, ...rest] = parts;
    if (head !== 'clusters' || rules !== 'rules' || ek !== 'error_key' || !action || rest.length > 0)
      throw new HttpError(404, 'page not found');
    const clusterId = clusterParam(cluster);
    const ruleId = `${(module ?? '').replace(/\.report$/, '')}|${key ?? ''}`;
    if (!model.rule(ruleId)) throw new HttpError(404, `Item with ID ${module}/${key} was not found in the storage`);
    if (req.method === 'POST' && action === 'disable_feedback') {
      const body = (await readBody(req)) as { message?: unknown };
      model.disableFeedback(clusterId, ruleId, typeof body.message === 'string' ? body.message : '');
      return send(res, 200, { message: body.message, status: 'ok' });
    }
    if (req.method === 'PUT' && model.clusterRule(clusterId, ruleId, action)) return send(res, 200, { status: 'ok' });
    throw new HttpError(404, 'page not found');
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const handle = async () => {
      if (req.method === 'POST' && path === '/__dev/mode') {
        changeMode((url.searchParams.get('api') as ApiMode) ?? 'up');
        return send(res, 200, { mode });
      }
      if (req.method === 'POST' && path === '/__dev/services') {
        stoppedService = url.searchParams.get('stopped') ?? '';
        return send(res, 200, { services: launcherServices() });
      }
      if (req.method === 'GET' && path === servicesPath) return send(res, 200, { services: launcherServices() });
      if (req.method === 'POST' && path === '/__dev/reset') {
        stoppedService = '';
        model = new ProxyModel(fixtures);
        return send(res, 200, { status: 'ok' });
      }
      const api = path.startsWith(v2) ? v2 : path.startsWith(v1) ? v1 : undefined;
      if (api) {
        if (mode === 'hold') await new Promise<void>((go) => held.push(go));
        if (mode === 'down') {
          req.socket.destroy();
          return;
        }
        if (mode === 'unavailable') return send(res, 503, { status: 'Aggregator service is unreachable' });
        const parts = path.slice(api.length).split('/').filter(Boolean).map(decodeURIComponent);
        return api === v2 ? v2Route(req, res, parts, url.searchParams) : v1Route(req, res, parts);
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && serveConsole(res, path, site)) return;
      send(res, 404, { status: 'page not found' });
    };
    handle().catch((e: unknown) => {
      if (res.headersSent) return;
      if (e instanceof HttpError) send(res, e.code, { status: e.message });
      else send(res, 500, { status: 'Internal Server Error' });
    });
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get model() {
      return model;
    },
    setMode: changeMode,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const distDir = arg('--dist') ?? new URL('../dist', import.meta.url).pathname;
  const server = await startDataServer({
    port: Number(arg('--port') ?? 8090),
    distDir: existsSync(distDir) ? distDir : undefined,
    basePath: arg('--base') ?? '/',
  });
  console.log(`dev data server: ${server.url}/ (console from ${existsSync(distDir) ? distDir : 'nowhere: build it first'})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
