/**
 * HTTP requests as the test harnesses send them (the aggregator's API harness in api.ts, the proxy's e2e
 * stack in proxy/stack.ts): an identity header for an org, an object body as JSON, redirects not followed,
 * and the answer with its body both as text and parsed.
 */
import { encodeIdentity } from '#common/http/identity.js';

export interface TestRequestInit {
  /** Adds an `x-rh-identity` for this org (and `user`, default '1'). */
  org?: number | string;
  user?: string;
  /** The `x-rh-identity` header as given (instead of one made from `org`). */
  identity?: string;
  /** A string as is; anything else as JSON (content-type application/json unless `headers` set one). */
  body?: string | object;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: tests walk response bodies freely; the assertions check their shape
  json: any;
}

/** The text parsed as JSON; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function testRequest(method: string, url: string, init: TestRequestInit = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.identity !== undefined) headers['x-rh-identity'] = init.identity;
  else if (init.org !== undefined) headers['x-rh-identity'] = encodeIdentity(init.org, init.user ?? '1');
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parseJson(text) };
}
