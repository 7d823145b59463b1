/** A plain platform server (common/http) for route tests over real HTTP, and a client that sends an identity. */
import type { FastifyInstance } from 'fastify';
import { encodeIdentity } from '#common/http/identity.js';
import type { RouteDef } from '#common/http/routes.js';
import { createHttpServer } from '#common/http/server.js';
import { silentLogger } from '#common/logger.js';
import { createHttpMetrics, createRegistry } from '#common/metrics.js';

export function routesServer(prefix: string, routes: RouteDef[], auth: boolean): FastifyInstance {
  return createHttpServer({
    prefix,
    routes,
    logger: silentLogger,
    metrics: createHttpMetrics(createRegistry({ defaultMetrics: false }), ''),
    auth,
    authFailureStatus: 403,
  });
}

/** Calls a listening server as org `org` (no identity header when null); JSON body or null when empty. */
export async function callAs(app: FastifyInstance, method: 'GET' | 'POST', url: string, org: number | null, body?: string) {
  const headers: Record<string, string> = {};
  if (org !== null) headers['x-rh-identity'] = encodeIdentity(org);
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const res = await fetch(base + url, { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
