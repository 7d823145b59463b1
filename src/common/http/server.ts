/**
 * Fastify factory for the services' HTTP APIs (spec 4.1):
 * - routes come from RouteDefs (routes.ts), registered under the API prefix;
 * - unknown path: 404 `404 page not found\n` (text/plain); known path, wrong method: 405, empty body;
 *   the same path with the trailing slash toggled: 301 to it (gorilla/mux strict slash); none of these
 *   runs auth or the API metrics; HEAD is not mapped to GET;
 * - metrics per route template, identity check when `auth` is on, OPTIONS answered as a CORS preflight;
 * - bodies read as text with a size limit; handlers decode them (the upstream error texts depend on it);
 * - hardening (docs/compatibility.md, test/hardening/): the identity and the org named in the path are
 *   checked in `onRequest`, before any body byte is read (a refused request with a body pending closes its
 *   connection); header, request and idle timeouts and a connection cap (limits.ts); NUL bytes in path
 *   parameters are a 400; every error, framework ones included, is in the `{"status": ...}` envelope; client
 *   faults are logged at info without a stack; storage unavailability (a lock wait, a dropped connection)
 *   is a 503.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, INTERNAL, statusOfKind } from '../errors.js';
import type { HttpMetrics } from '../metrics.js';
import { JSON_CONTENT_TYPE, goJson, statusBody } from './envelope.js';
import { isTransient } from '../sql/errors.js';
import { IDENTITY_HEADER, decodeIdentity, type Identity } from './identity.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './limits.js';
import { checkOrgParams, checkParamsText } from './guards.js';
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
  /** Timeouts and connection cap (default: upstream's timeouts, limits.ts). */
  limits?: HttpLimits;
  /** Status of an identity failure (missing/malformed token): 401 (default, aggregator) or 403 (smart proxy). */
  authFailureStatus?: 401 | 403;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: Buffer; cert: Buffer };
}

interface RouteConfig {
  template: string;
  auth: boolean;
  def: RouteDef;
}

/** The identity decoded in onRequest, for the handler. */
const identities = new WeakMap<FastifyRequest, Identity>();

/** 503 text when the bodies being received already use `max_body_memory`. */
export const TOO_MANY_BODIES = 'too many request bodies in progress; try again later';

/** 503 text when the storage cannot answer now (a held SQLite write lock, a dropped connection). */
export const STORAGE_UNAVAILABLE = 'storage is temporarily unavailable; try again later';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Authorization, x-rh-identity',
};

export function createHttpServer(opts: HttpServerOptions): FastifyInstance {
  const limits = opts.limits ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    ...(opts.tls ? { https: opts.tls } : {}),
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.readTimeoutMs,
    // Node checks the header and request timeouts on this interval (default 30 s, which would stretch
    // upstream's 5 s header timeout to 35 s).
    http: { connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.readHeaderTimeoutMs / 4))) },
    frameworkErrors: (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      reply.log.info({ code: (error as { code?: string }).code }, 'rejected request');
      void (reply as FastifyReply)
        .code(status)
        .header('content-type', JSON_CONTENT_TYPE)
        .send(statusBody(frameworkText(error)));
    },
    clientErrorHandler: clientError,
    loggerInstance: opts.logger.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    exposeHeadRoutes: false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 8192 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  app.server.headersTimeout = Math.min(limits.readHeaderTimeoutMs, limits.readTimeoutMs);
  app.server.maxConnections = limits.maxConnections;

  app.removeAllContentTypeParsers();
  // Bytes, turned into text in handle() unless the route takes a binary body (a multipart upload).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const matchers: { re: RegExp; method: string }[] = [];
  const preflights = new Set<string>(); // one OPTIONS route per path (GET and POST on a path share it)
  for (const def of opts.routes) {
    const template = opts.prefix + def.path;
    const config: RouteConfig = { template, auth: def.auth !== false, def };
    const re = templateRegex(opts.prefix, def.path);
    matchers.push({ re, method: def.method });
    app.route({
      method: def.method,
      url: toFastifyPath(opts.prefix, def.path),
      config,
      ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
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

  // Bytes of bodies being received (limits.ts, max_body_memory): reserved before the body is read,
  // given back when the response ends or the connection closes.
  let bodyMemory = 0;
  const bodyLimit = opts.bodyLimit ?? 1024 * 1024;
  const reserveBodyMemory = (request: FastifyRequest, reply: FastifyReply, limit: number) => {
    const length = request.headers['content-length'];
    const declared = length === undefined ? (request.headers['transfer-encoding'] ? limit : 0) : Math.min(Number(length) || 0, limit);
    if (declared <= 0) return;
    if (bodyMemory + declared > limits.maxBodyMemory) throw new AppError('unavailable', TOO_MANY_BODIES);
    bodyMemory += declared;
    reply.raw.once('close', () => {
      bodyMemory -= declared;
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    const cfg = request.routeOptions.config as Partial<RouteConfig>;
    if (!cfg.template || !cfg.def) return;
    opts.metrics.apiRequests.inc({ endpoint: cfg.template });
    if (request.method === 'OPTIONS') return;
    // Before any body byte is read: a request that will be refused holds no memory.
    const params = request.params as Record<string, string>;
    checkParamsText(params);
    if (opts.auth && cfg.auth) {
      if (opts.authType && opts.authType !== 'xrh') throw new AppError('internal', `unsupported auth type ${opts.authType}`);
      let identity: Identity;
      try {
        identity = decodeIdentity(request.headers[IDENTITY_HEADER]);
      } catch (err) {
        if (opts.authFailureStatus === 403 && err instanceof AppError) throw new AppError('forbidden', err.message);
        throw err;
      }
      identities.set(request, identity);
      if (cfg.def.orgCheck !== false) checkOrgParams(params, identity);
    }
    reserveBodyMemory(request, reply, cfg.def.bodyLimit ?? bodyLimit);
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
    if (error instanceof AppError) return sendError(request, reply, error);
    if (isTransient(error)) {
      request.log.warn({ reason: error.message }, 'storage unavailable');
      return sendError(request, reply, new AppError('unavailable', STORAGE_UNAVAILABLE));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // The rest of the body was not read: the connection cannot carry another request.
      return reply
        .code(413)
        .header('connection', 'close')
        .header('content-type', JSON_CONTENT_TYPE)
        .send(statusBody('request body too large'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // A client fault (aborted body, bad media type...): no stack, not an error of ours.
      request.log.info({ code: error.code, status: error.statusCode }, 'rejected request');
      if (!request.raw.complete) reply.header('connection', 'close');
      return reply
        .code(error.statusCode)
        .header('content-type', JSON_CONTENT_TYPE)
        .send(statusBody(frameworkText(error)));
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

/** Fastify's own error messages, without the error code prefix and without echoing the request. */
function frameworkText(error: Error & { code?: string; statusCode?: number }): string {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return 'malformed URL';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'URL parameter too long';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported media type';
    default:
      return error.message.replace(/^FST_ERR_[A-Z_]+:?\s*/, '');
  }
}

/**
 * Faults the HTTP parser finds before there is a request (malformed request line, headers too large, the
 * header or request timeout): answered in the envelope, then the connection is closed.
 */
function clientError(this: FastifyInstance, err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let text = 'malformed request';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    text = 'request timeout';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    text = 'request header fields too large';
  }
  this.log.info({ code: err.code }, 'rejected connection');
  const body = statusBody(text);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.kind === 'internal') reply.log.error({ err: error }, 'internal error');
  // A refused request whose body was never read: the connection cannot carry another request.
  if (!request.raw.complete) reply.header('connection', 'close');
  const text = error.kind === 'internal' ? INTERNAL : error.message;
  return reply.code(statusOfKind[error.kind]).header('content-type', JSON_CONTENT_TYPE).send(statusBody(text));
}

async function handle(def: RouteDef, request: FastifyRequest, reply: FastifyReply, opts: HttpServerOptions): Promise<FastifyReply> {
  const identity = opts.auth && def.auth !== false ? (identities.get(request) ?? null) : null;
  const bytes = Buffer.isBuffer(request.body) ? request.body : undefined;
  let body = bytes && !def.binaryBody ? bytes.toString('utf8') : undefined;
  if (body === undefined && def.bodyOnGet && request.method === 'GET') body = await readRaw(request, opts.bodyLimit ?? 1024 * 1024);
  const lengthHeader = request.headers['content-length'];
  const result = await def.handler({
    params: request.params as Record<string, string>,
    identity,
    body,
    ...(bytes && def.binaryBody ? { bytes } : {}),
    contentLength: lengthHeader === undefined ? -1 : Number(lengthHeader),
    headers: request.headers,
    url: request.raw.url ?? '',
    log: request.log as unknown as Logger,
  });
  return send(reply, result);
}

/**
 * Above this many UTF-16 code units a text answer is encoded once, here, into a Buffer. Fastify and node:http
 * would otherwise walk the string three times (its byte length for content-length, the header prepended to
 * it, the encoding on write); a body built by concatenation is flattened on each. Below it the header and
 * the body still go out in one write (docs/performance.md, smart proxy).
 */
const ENCODE_ONCE_ABOVE = 16 * 1024;

function body(text: string): string | Buffer {
  return text.length > ENCODE_ONCE_ABOVE ? Buffer.from(text, 'utf8') : text;
}

function send(reply: FastifyReply, result: Reply): FastifyReply {
  reply.code(result.status ?? 200);
  if ('raw' in result) {
    return reply.header('content-type', result.contentType).send(typeof result.raw === 'string' ? body(result.raw) : result.raw);
  }
  return reply.header('content-type', JSON_CONTENT_TYPE).send(body(goJson(result.json)));
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
