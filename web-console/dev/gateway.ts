// A gateway in front of the real services, serving the built console on the same origin as the APIs it
// calls (web-console/README.md "Build and serve"): the files of dist/ under the base path (index.html for
// client-side routes, 404 for a missing asset), a console-config.js of our own, and each API prefix
// forwarded to its service. A service that does not answer gives 502 with a `{"status"}` text naming it.
// Imports only Node's modules and src/common/http/static-site.ts (Node's modules only as well; shared with the
// launcher's console server, named `.js` for the root's compiler), so the root test suites and the console's
// tooling can both use it.
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { sendConsoleConfig, sendFile, siteFile } from '../../src/common/http/static-site.js';

export interface StaticSite {
  /** The built console (dist/); without it only console-config.js is served. */
  distDir?: string;
  /** The base path the build was made for. */
  basePath: string;
  /** The body of console-config.js (served no-store). */
  consoleConfig: string;
}

/** Serves a console file for a GET below the base path; false when the path is not the console's. */
export function serveConsole(res: ServerResponse, pathname: string, site: StaticSite): boolean {
  if (!pathname.startsWith(site.basePath)) return false;
  const rel = pathname.slice(site.basePath.length);
  if (rel === 'console-config.js') {
    sendConsoleConfig(res, site.consoleConfig);
    return true;
  }
  if (!site.distDir) return false;
  // A client-side route: the console's index.html; a missing asset: 404.
  const file = siteFile(resolve(site.distDir), rel);
  if (file === null) return false;
  sendFile(res, file);
  return true;
}

export interface Route {
  /** Path prefix on the gateway, e.g. `/api/insights-results-aggregator/v2/`. */
  prefix: string;
  /** Where it goes: the service's base URL for that prefix, e.g. `http://127.0.0.1:8081/api/v2/`. */
  target: string;
  /** Named in the 502 text: `The smart proxy`, `The upload endpoint`. */
  name: string;
}

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

function forward(req: IncomingMessage, res: ServerResponse, route: Route, rest: string): void {
  const target = new URL(route.target);
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: `${target.pathname}${rest}`,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ status: `${route.name} cannot be reached (the gateway got no answer from it).` }));
  });
  req.pipe(upstream);
}

export async function startGateway(options: { site: StaticSite; routes: Route[]; port?: number; host?: string }): Promise<Gateway> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = options.routes.find((r) => url.pathname.startsWith(r.prefix));
    if (route) return forward(req, res, route, `${url.pathname.slice(route.prefix.length)}${url.search}`);
    if ((req.method === 'GET' || req.method === 'HEAD') && serveConsole(res, url.pathname, options.site)) return;
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"status":"page not found"}');
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
