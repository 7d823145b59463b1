/**
 * The framework-light contract between features and the HTTP server: a feature exports RouteDefs whose
 * handlers take a RequestContext and return a Reply (or throw an AppError). The server (server.ts) owns
 * routing, auth, metrics, the envelope and the upstream's 404/405/301 behaviour.
 */
import type { Logger } from 'pino';
import type { Identity } from './identity.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestContext {
  /** Decoded path parameters, named as in the template. */
  params: Record<string, string>;
  /** The caller's identity when `server.auth = true` (null otherwise). */
  identity: Identity | null;
  /** Raw request body text; undefined when the request carried none (or the route takes `binaryBody`). */
  body: string | undefined;
  /** The body's bytes, for a route with `binaryBody` (multipart uploads); undefined otherwise. */
  bytes?: Buffer;
  /** The Content-Length header as a number (-1 when absent, as Go's http.Request). */
  contentLength: number;
  headers: Record<string, string | string[] | undefined>;
  /** The request target as received (path and query string). */
  url: string;
  log: Logger;
}

export type Reply = { status?: number; json: unknown } | { status?: number; raw: string | Buffer; contentType: string };

export interface RouteDef {
  method: Method;
  /** Go-style template after the API prefix, e.g. `organizations/{org_id}/clusters` ('' = the prefix itself). */
  path: string;
  /** Also answer OPTIONS on this path (as a CORS preflight; the handler does not run). */
  options?: boolean;
  /** Whether `server.auth` applies (default true). metrics/openapi.json set false. */
  auth?: boolean;
  /** Whether the org named in the path must be the identity's (default true; see guards.ts). */
  orgCheck?: boolean;
  /** The body as bytes (`RequestContext.bytes`) rather than text (multipart uploads). */
  binaryBody?: boolean;
  /** This route's body limit in bytes (default: the server's `bodyLimit`); over it: 413. */
  bodyLimit?: number;
  /** Read a body on GET too (clusters_detail). */
  bodyOnGet?: boolean;
  handler: (ctx: RequestContext) => Promise<Reply>;
}

/** `{org_id}` → `:org_id` (find-my-way syntax). */
export function toFastifyPath(prefix: string, template: string): string {
  return prefix + template.replace(/\{([a-zA-Z_]+)\}/g, ':$1');
}

/** A matcher for a template, used for the 405 and trailing-slash decisions. */
export function templateRegex(prefix: string, template: string): RegExp {
  const escaped = (prefix + template)
    .split(/(\{[a-zA-Z_]+\})/)
    .map((part) => (/^\{[a-zA-Z_]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}
