/**
 * The local launcher's front door (web-console/README.md, "Build and serve"): the built console's files,
 * `index.html` for its client-side routes, a `console-config.js` carrying the demo identity, and the
 * proxy's and the ingress's prefixes forwarded on the same origin (so the browser needs no CORS):
 *   /api/insights-results-aggregator/...  → the smart proxy
 *   /api/ingress/...                      → the ingress (the console's upload page)
 * A backend that does not answer gives 503 with the smart proxy's wording, never a hanging request.
 * With `services`, `GET /launcher/services.json` reports each service's state and console-config.js names
 * that path, so the console shows which service is not running (a launcher feature: a deployment without
 * the launcher has no such path and the console shows no banner).
 */
import { existsSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { sendConsoleConfig, sendFile, siteFile } from '#common/http/static-site.js';
import type { ServiceStatus } from './services.js';

export interface ConsoleServerOptions {
  host: string;
  port: number;
  /** web-console/dist (served under `/`). */
  distDir: string;
  /** Origin + nothing else, e.g. http://127.0.0.1:8081 */
  proxyOrigin: string;
  ingressOrigin: string;
  /** The identity the console sends (no gateway in front of the proxy). */
  identity: { org_id: string; user_id: string };
  /** The launcher's services and their states, served at SERVICES_PATH. */
  services?: () => ServiceStatus[];
}

export const SERVICES_PATH = '/launcher/services.json';

const ROUTES: [string, keyof Pick<ConsoleServerOptions, 'proxyOrigin' | 'ingressOrigin'>][] = [
  ['/api/insights-results-aggregator/', 'proxyOrigin'],
  ['/api/ingress/', 'ingressOrigin'],
];

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const dist = resolve(opts.distDir);
  const config = `window.insightsConsoleConfig = ${JSON.stringify({
    apiV1Prefix: '/api/insights-results-aggregator/v1/',
    apiV2Prefix: '/api/insights-results-aggregator/v2/',
    identity: opts.identity,
    ...(opts.services ? { servicesPath: SERVICES_PATH } : {}),
  })};\n`;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const route = ROUTES.find(([prefix]) => url.startsWith(prefix));
    if (route) {
      forward(req, res, opts[route[1]]);
      return;
    }
    if (opts.services && url.split('?')[0] === SERVICES_PATH && req.method === 'GET') {
      res
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        .end(JSON.stringify({ services: opts.services() }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(url, dist, config, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, opts.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function serveStatic(url: string, dist: string, config: string, res: ServerResponse): void {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (path === '/console-config.js') {
    sendConsoleConfig(res, config);
    return;
  }
  const file = siteFile(dist, path.startsWith('/') ? path.slice(1) : path);
  if (file === null) {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file)) {
    // only index.html can be missing here
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The web console is not built: npm run build:console\n');
    return;
  }
  sendFile(res, file, { 'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
}

function forward(req: IncomingMessage, res: ServerResponse, origin: string): void {
  const target = new URL(req.url ?? '/', origin);
  const headers = { ...req.headers, host: target.host };
  const out = request(target, { method: req.method, headers, timeout: 60_000 }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  const unavailable = () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        status: `${target.pathname.startsWith('/api/ingress/') ? 'upload endpoint' : 'smart proxy'} unavailable; try again later`,
      }),
    );
  };
  out.on('timeout', () => out.destroy(new Error('timeout')));
  out.on('error', unavailable);
  req.pipe(out);
}
