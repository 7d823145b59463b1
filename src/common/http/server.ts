/**
 * Fastify factory for the services' HTTP APIs (spec 4.1):
 * - routes come from RouteDefs (routes.ts), registered under the API prefix;
 * - unknown path: 404 `404 page not found\n` (text/plain); known path, wrong method: 405, empty body;
 *   the same path with the trailing slash toggled: 301 to it (gorilla/mux strict slash); none of these
 *   runs auth or the API metrics; HEAD is not mapped to GET;
 * - metrics per route template, identity check when `auth` is on, OPTIONS answered as a CORS preflight;
 * - bodies read as text with a size limit; handlers decode them (the upstream error texts depend on it).
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, INTERNAL, statusOfKind } from '../errors.js';
import type { HttpMetrics } from '../metrics.js';
import { JSON_CONTENT_TYPE, goJson, statusBody } from './envelope.js';
import { IDENTITY_HEADER, decodeIdentity, type Identity } from './identity.js';
import { type Reply, type RouteDef, templateRegex, toFastifyPath } from './routes.js';

export interface HttpServerOptions {
  prefix: string;
  routes: RouteDef[];
  logger: Logger;
  metrics: HttpMetrics;
  auth: boolean;
  authType?: string;
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Status of an identity failure (missing/malformed token): 401 (default, aggregator) or 403 (smart proxy). */
  authFailureStatus?: 401 | 403;
}

interface RouteConfig {
  template: string;
  auth: boolean;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Authorization, x-rh-identity',
};

export function createHttpServer(opts: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 8192 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const matchers: { re: RegExp; method: string }[] = [];
  const preflights = new Set<string>(); // one OPTIONS route per path (GET and POST on a path share it)
  for (const def of opts.routes) {
    const template = opts.prefix + def.path;
    const config: RouteConfig = { template, auth: def.auth !== false };
    const re = templateRegex(opts.prefix, def.path);
    matchers.push({ re, method: def.method });
    app.route({
      method: def.method,
      url: toFastifyPath(opts.prefix, def.path),
      config,
      handler: (request, reply) => handle(def, request, reply, opts),
    });
    if (def.options && !preflights.has(template)) {
      preflights.add(template);
      matchers.push({ re, method: 'OPTIONS' });
      app.route({
        method: 'OPTIONS',
        url: toFastifyPath(opts.prefix, def.path),
        config,
        // Deliberate fix (spec 4.6): a preflight answer, never the handler, so no unauthenticated reads.
        handler: async (_request, reply) => reply.code(200).headers(CORS_HEADERS).send(''),
      });
    }
  }

  app.addHook('onRequest', async (request) => {
    const cfg = request.routeOptions.config as Partial<RouteConfig>;
    if (cfg.template) opts.metrics.apiRequests.inc({ endpoint: cfg.template });
  });
  app.addHook('onResponse', async (request, reply) => {
    const cfg = request.routeOptions.config as Partial<RouteConfig>;
    if (!cfg.template) return;
    opts.metrics.apiStatusCodes.inc({ status_code: String(reply.statusCode), endpoint: cfg.template });
    opts.metrics.apiResponseTime.observe({ endpoint: cfg.template }, reply.elapsedTime / 1000);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = (request.raw.url ?? '/').split('?')[0];
    const decoded = safeDecode(path);
    const sameRoute = matchers.filter((m) => m.re.test(decoded));
    if (sameRoute.length > 0) return reply.code(405).header('content-type', 'text/plain; charset=utf-8').send('');
    const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
    if (matchers.some((m) => m.re.test(safeDecode(toggled)))) {
      const query = request.raw.url?.includes('?') ? request.raw.url.slice(request.raw.url.indexOf('?')) : '';
      return reply
        .code(301)
        .header('location', toggled + query)
        .send('');
    }
    return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('404 page not found\n');
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof AppError) return sendError(reply, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // The rest of the body was not read: the connection cannot carry another request.
      return reply
        .code(413)
        .header('connection', 'close')
        .header('content-type', JSON_CONTENT_TYPE)
        .send(statusBody('request body too large'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).header('content-type', JSON_CONTENT_TYPE).send(statusBody(error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).header('content-type', JSON_CONTENT_TYPE).send(statusBody(INTERNAL));
  });

  return app;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.kind === 'internal') reply.log.error({ err: error }, 'internal error');
  const text = error.kind === 'internal' ? INTERNAL : error.message;
  return reply.code(statusOfKind[error.kind]).header('content-type', JSON_CONTENT_TYPE).send(statusBody(text));
}

async function handle(def: RouteDef, request: FastifyRequest, reply: FastifyReply, opts: HttpServerOptions): Promise<FastifyReply> {
  let identity: Identity | null = null;
  if (opts.auth && def.auth !== false) {
    if (opts.authType && opts.authType !== 'xrh') throw new AppError('internal', `unsupported auth type ${opts.authType}`);
    try {
      identity = decodeIdentity(request.headers[IDENTITY_HEADER]);
    } catch (err) {
      if (opts.authFailureStatus === 403 && err instanceof AppError) throw new AppError('forbidden', err.message);
      throw err;
    }
  }
  let body = typeof request.body === 'string' ? request.body : undefined;
  if (body === undefined && def.bodyOnGet && request.method === 'GET') body = await readRaw(request, opts.bodyLimit ?? 1024 * 1024);
  const lengthHeader = request.headers['content-length'];
  const result = await def.handler({
    params: request.params as Record<string, string>,
    identity,
    body,
    contentLength: lengthHeader === undefined ? -1 : Number(lengthHeader),
    headers: request.headers,
    url: request.raw.url ?? '',
    log: request.log as unknown as Logger,
  });
  return send(reply, result);
}

function send(reply: FastifyReply, result: Reply): FastifyReply {
  reply.code(result.status ?? 200);
  if ('raw' in result) return reply.header('content-type', result.contentType).send(result.raw);
  return reply.header('content-type', JSON_CONTENT_TYPE).send(goJson(result.json));
}

async function readRaw(request: FastifyRequest, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw Object.assign(new Error('body too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('body too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}
