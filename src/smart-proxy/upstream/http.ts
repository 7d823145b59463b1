/**
 * Outbound HTTP for every upstream of the proxy (aggregator, content service, AMS, RBAC, upgrade risks):
 * undici with a keep-alive pool per upstream and a timeout on every call (upstream has none: a deliberate
 * fix, `services.upstream_timeout`). A connection-level failure or a timeout is an UpstreamUnavailable,
 * which the routes answer with the upstream's 503 text (spec 2.5); any HTTP answer is returned as is.
 *
 * Cost per call (docs/performance.md, smart proxy): the request goes straight to the upstream's undici
 * Agent (`dispatch` with a handler: no URL object, no response stream, no AbortSignal); the target path is
 * the base path joined to the call's path, parsed with `new URL` only when the path holds characters the
 * URL parser would rewrite; the body's chunks are kept as received (one chunk: no copy). The total timeout
 * is one deadline queue per upstream (deadlines.ts), not a timer or signal per call.
 */
import { Agent, type Dispatcher, errors } from 'undici';
import { AppError } from '#common/errors.js';
import { parseJsonBytes } from '#common/http/json-bytes.js';
import { Deadlines, type Expiring, type UpstreamTimeout } from './deadlines.js';

export class UpstreamUnavailable extends AppError {
  constructor(
    readonly upstream: string,
    override readonly cause: unknown,
  ) {
    super('unavailable', upstream);
  }
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Characters the WHATWG URL parser keeps as they are in the path and in the query of an http(s) URL
 * (`'` is escaped in the query, so it is left out), and dot segments, which it removes.
 */
const KEPT_AS_IS = /^[A-Za-z0-9\-._~!$&()*+,;=:@%/?|]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:[/?]|$)/i;
const ABSOLUTE = /^https?:\/\//;

/** One upstream: a base URL, a pool, a timeout and the 503 text used when it cannot be reached. */
export class Upstream {
  private readonly agent: Agent;
  private readonly deadlines: Deadlines;
  /** The base's origin and its path joined to a non-empty call path (null: every call parses its URL). */
  private readonly fast: { origin: string; prefix: string } | null;

  constructor(
    readonly base: string,
    readonly unavailableText: string,
    readonly timeoutMs: number,
    connections = 64,
  ) {
    this.agent = new Agent({ connections, keepAliveTimeout: 10_000, connectTimeout: timeoutMs, pipelining: 1 });
    this.deadlines = new Deadlines(timeoutMs);
    this.fast = fastTarget(this.url('x'));
  }

  url(path: string): string {
    if (ABSOLUTE.test(path)) return path;
    return this.base.endsWith('/') || path === '' ? this.base + path : `${this.base}/${path}`;
  }

  /** The origin and request target of a call, as `new URL(this.url(path))` gives them. */
  private target(path: string): { origin: string; path: string } {
    if (this.fast !== null && path !== '' && KEPT_AS_IS.test(path) && !DOT_SEGMENT.test(path) && !ABSOLUTE.test(path)) {
      return { origin: this.fast.origin, path: this.fast.prefix + path };
    }
    // As undici's top-level request(): an empty URL and a protocol other than http(s) are undici errors
    // (503), a URL that does not parse is the URL parser's TypeError.
    const full = this.url(path);
    if (full === '') throw new errors.InvalidArgumentError('invalid url');
    const url = new URL(full);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new errors.InvalidArgumentError('Invalid URL protocol: the URL must start with `http:` or `https:`.');
    }
    return { origin: url.origin, path: url.pathname + url.search };
  }

  call(path: string, opts: CallOptions = {}): Promise<UpstreamResponse> {
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const handler = new CallHandler(resolve, (err) => {
        reject(isConnectionError(err) ? new UpstreamUnavailable(this.unavailableText, err) : err);
      });
      try {
        const target = this.target(path);
        handler.deadlines = this.deadlines;
        this.deadlines.add(handler);
        this.agent.dispatch(
          {
            origin: target.origin,
            path: target.path,
            method: opts.method ?? 'GET',
            headers: opts.headers,
            body: opts.body,
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs,
          },
          handler,
        );
      } catch (err) {
        handler.fail(err as Error);
      }
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** `{origin, prefix}` when `probe` (the URL of the call path `x`) is a plain http(s) URL ending in `/x`. */
function fastTarget(probe: string): { origin: string; prefix: string } | null {
  try {
    const url = new URL(probe);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.search !== '' || url.hash !== '' || !url.pathname.endsWith('/x') || url.href !== `${url.origin}${url.pathname}`) return null;
    if (url.href !== probe) return null;
    return { origin: url.origin, prefix: url.pathname.slice(0, -1) };
  } catch {
    return null;
  }
}

/** One call: collects the answer's chunks; settles once (answer, error or deadline, whichever is first). */
class CallHandler implements Dispatcher.DispatchHandler, Expiring {
  deadline = 0;
  deadlines: Deadlines | null = null;
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  private chunks: Buffer[] = [];
  private length = 0;
  private settled = false;
  private expired: UpstreamTimeout | null = null;

  constructor(
    private readonly resolve: (res: UpstreamResponse) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.expired) controller.abort(this.expired);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx: the final answer follows
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines?.delete(this);
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    this.chunks = [];
    this.resolve(new Answer(this.status, this.headers, body));
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines?.delete(this);
    this.chunks = [];
    this.reject(err);
  }

  /** The deadline passed: the call fails now; the request is aborted now or as soon as it is sent. */
  expire(err: UpstreamTimeout): void {
    this.expired = err;
    this.fail(err);
    this.controller?.abort(err);
  }
}

class Answer implements UpstreamResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    readonly body: Buffer,
  ) {}

  text(): string {
    return this.body.toString('utf8');
  }

  private parsed?: { value: unknown };

  json<T>(): T {
    // Large answers (the 1,000-cluster A16/A17 lists) are parsed in pieces: common/http/json-bytes.ts.
    // Parsed once: an answer shared by several callers (in-flight.ts) gives them all the same value.
    this.parsed ??= { value: parseJsonBytes(this.body) };
    return this.parsed.value as T;
  }
}

function isConnectionError(err: unknown): boolean {
  if (err instanceof errors.UndiciError) return true;
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return true;
  const code = e?.code ?? e?.cause?.code ?? '';
  return /^(ECONN|ENOTFOUND|EAI_|EHOSTUNREACH|ENETUNREACH|EPIPE|ETIMEDOUT|UND_ERR)/.test(code);
}

/** The 503 texts of spec 2.5. */
export const UNREACHABLE = {
  aggregator: 'Aggregator service is unreachable',
  content: 'Content service is unreachable',
  ams: 'AMS API is unreachable',
  upgradeRisks: 'Upgrade Failure Prediction service is unreachable',
  rbac: 'RBAC service is unreachable',
  contentTimeout: 'Content directory cache has been empty for too long time; timeout triggered',
} as const;
