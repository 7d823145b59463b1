/**
 * Outbound HTTP for every upstream of the proxy (aggregator, content service, AMS, RBAC, upgrade risks):
 * undici with a keep-alive pool per upstream and a timeout on every call (upstream has none: a deliberate
 * fix, `services.upstream_timeout`). A connection-level failure or a timeout is an UpstreamUnavailable,
 * which the routes answer with the upstream's 503 text (spec 2.5); any HTTP answer is returned as is.
 */
import { Agent, errors, request } from 'undici';
import { AppError } from '#common/errors.js';

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

/** One upstream: a base URL, a pool, a timeout and the 503 text used when it cannot be reached. */
export class Upstream {
  private readonly agent: Agent;

  constructor(
    readonly base: string,
    readonly unavailableText: string,
    readonly timeoutMs: number,
    connections = 64,
  ) {
    this.agent = new Agent({ connections, keepAliveTimeout: 10_000, connectTimeout: timeoutMs, pipelining: 1 });
  }

  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return this.base.endsWith('/') || path === '' ? this.base + path : `${this.base}/${path}`;
  }

  async call(path: string, opts: CallOptions = {}): Promise<UpstreamResponse> {
    const url = this.url(path);
    try {
      const res = await request(url, {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        body: opts.body,
        dispatcher: this.agent,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      return {
        status: res.statusCode,
        headers: res.headers,
        body,
        text: () => body.toString('utf8'),
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
      };
    } catch (err) {
      if (isConnectionError(err)) throw new UpstreamUnavailable(this.unavailableText, err);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
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
