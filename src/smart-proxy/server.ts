/**
 * The proxy's HTTP server on the platform factory (common/http/server.ts): v1, v2 and (with
 * `server.debug`) dbg routes under their prefixes, identity failures as 403 (spec 2.4), CORS preflights
 * on every route (Part 7 point 9), the user-agent metric, the RBAC check for service accounts, and the
 * aggregator's non-200 answers passed through (PassThrough).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '#common/errors.js';
import { IDENTITY_HEADER } from '#common/http/identity.js';
import { httpLimitsOf } from '#common/http/limits.js';
import type { RouteDef } from '#common/http/routes.js';
import { createHttpServer } from '#common/http/server.js';
import { PassThrough } from './aggregator/client.js';
import type { ProxyDeps, ProxyFeature } from './deps.js';
import { normaliseUserAgent } from './metrics.js';

export const RBAC_FORBIDDEN = 'Account does not have the required permissions';

function withPrefix(prefix: string, defs: RouteDef[] | undefined): RouteDef[] {
  return (defs ?? []).map((def) => ({
    ...def,
    path: prefix + def.path,
    options: true,
    handler: async (ctx) => {
      try {
        return await def.handler(ctx);
      } catch (err) {
        if (err instanceof PassThrough) return err.reply;
        throw err;
      }
    },
  }));
}

/** The info paths are exempt only without a query string (Part 7 point 2). */
function infoWithQuery(url: string, infoPaths: string[]): boolean {
  const q = url.indexOf('?');
  return q >= 0 && infoPaths.includes(url.slice(0, q));
}

/** `tls`: with `server.use_https`, the key and certificate read at start (service.ts). */
export function buildProxyServer(deps: ProxyDeps, features: ProxyFeature[], tls?: { key: Buffer; cert: Buffer }): FastifyInstance {
  const { server } = deps.config;
  const v1 = server.api_v1_prefix || '/api/v1/';
  const v2 = server.api_v2_prefix || '/api/v2/';
  const dbg = server.api_dbg_prefix || '/api/dbg/';
  const routes = features.flatMap((f) => [
    ...withPrefix(v1, f.v1),
    ...withPrefix(v2, f.v2),
    ...(server.debug ? withPrefix(dbg, f.dbg) : []),
  ]);
  // One preflight answer per path (several methods share a path).
  const preflight = new Set<string>();
  for (const route of routes) {
    route.options = !preflight.has(route.path);
    preflight.add(route.path);
  }
  const app = createHttpServer({
    prefix: '',
    routes,
    logger: deps.logger,
    metrics: deps.metrics,
    auth: server.auth,
    authType: server.auth_type,
    authFailureStatus: 403,
    limits: httpLimitsOf(server),
    tls,
  });
  const infoPaths = [`${v1}info`, `${v2}info`];
  const metricsPaths = new Set([`${v1}metrics`, `${v2}metrics`]);

  app.addHook('onRequest', async (request) => {
    const template = (request.routeOptions.config as { template?: string }).template;
    if (!template) return;
    if (!metricsPaths.has(template)) {
      deps.metrics.userAgent.inc({ endpoint: template, user_agent: normaliseUserAgent(request.headers['user-agent']) });
    }
    if (server.auth && request.method !== 'OPTIONS' && infoWithQuery(request.raw.url ?? '', infoPaths)) {
      const { decodeIdentity } = await import('#common/http/identity.js');
      try {
        decodeIdentity(request.headers[IDENTITY_HEADER]);
      } catch (err) {
        throw new AppError('forbidden', (err as Error).message);
      }
    }
  });

  if (server.auth && server.use_rbac && deps.rbac) {
    const rbac = deps.rbac;
    app.addHook('preHandler', async (request) => {
      const cfg = request.routeOptions.config as { template?: string; auth?: boolean };
      if (!cfg.template || cfg.auth === false || request.method === 'OPTIONS') return;
      const header = request.headers[IDENTITY_HEADER];
      if (typeof header !== 'string') return; // the handler answers the missing token
      let type = '';
      try {
        type = String(JSON.parse(Buffer.from(header, 'base64').toString('utf8'))?.identity?.type ?? '');
      } catch {
        return;
      }
      deps.metrics.rbacIdentityType.inc({ type });
      if (type !== 'ServiceAccount') return;
      let ok = false;
      try {
        ok = await rbac.isAuthorized(header);
      } catch (err) {
        request.log.error({ err: (err as Error).message }, 'RBAC check failed');
      }
      if (ok) return;
      deps.metrics.rbacRejected.inc();
      if (deps.config.rbac.enforce) throw new AppError('forbidden', RBAC_FORBIDDEN);
      request.log.warn('service account without the required permissions (rbac.enforce is off)');
    });
  }
  return app;
}
