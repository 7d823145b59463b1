// Typed client of the smart proxy's public API v1/v2 (spec 2.7-2.8, Part 7 point 12: the calls the Advisor UI
// makes). Paths are relative to the two prefixes, as upstream: prod `/api/insights-results-aggregator/v1/` and
// `/v2/`. The console only ever talks to these routes, on its own origin.
import type {
  Ack,
  ClusterListResponse,
  ClusterReportResponse,
  ClustersDetailResponse,
  GatheringRequestsResponse,
  Rating,
  RecommendationDetailResponse,
  RecommendationListResponse,
  UploadAccepted,
  WorkloadDetailResponse,
  WorkloadsResponse,
} from './types.ts';

export const DEFAULT_V1_PREFIX = '/api/insights-results-aggregator/v1/';
export const DEFAULT_V2_PREFIX = '/api/insights-results-aggregator/v2/';
/** The upload endpoint (the platform's ingress, as the Insights Operator calls it) on the console's origin. */
export const DEFAULT_UPLOAD_PATH = '/api/ingress/v1/upload';
/** The content type of the Insights Operator's periodic archives (accepted by the ingress). */
export const IO_ARCHIVE_TYPE = 'application/vnd.redhat.openshift.periodic+tar';

/** Who the console acts as when nothing in front of the proxy (a gateway) sets `x-rh-identity`. */
export interface Identity {
  org_id: string;
  user_id: string;
  account_number?: string;
  username?: string;
}

export interface ClientOptions {
  v1Prefix?: string;
  v2Prefix?: string;
  uploadPath?: string;
  /** When set, every call carries an `x-rh-identity` header built from it (spec 2.4). */
  identity?: Identity | null;
  fetch?: typeof fetch;
  /** Base URL for absolute requests (tests in Node); the browser uses its own origin. */
  origin?: string;
}

/**
 * A failed call. `unreachable`: no HTTP answer at all (the proxy, or whatever serves it, is down).
 * `http`: an answer with a non-2xx status; `message` is the proxy's `{"status": "…"}` text when it sent one.
 */
export class ApiError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'http',
    readonly httpStatus: number,
    message: string,
    /** What did not answer: the smart proxy (default) or the upload endpoint. */
    readonly service = 'The smart proxy',
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** 503 from the proxy: one of its upstreams (aggregator, content service, AMS) is unavailable. */
  get serviceUnavailable(): boolean {
    return this.kind === 'http' && this.httpStatus === 503;
  }
  /** Worth trying again by itself: nothing answered, a gateway could not reach it, or a 503. */
  get transient(): boolean {
    return this.kind === 'unreachable' || [502, 503, 504].includes(this.httpStatus);
  }
}

/** `x-rh-identity`: base64 (standard alphabet) of the identity JSON; `org_id` is a JSON string (spec 2.4). */
export function encodeIdentity(id: Identity): string {
  const json = JSON.stringify({
    identity: {
      account_number: id.account_number ?? '',
      org_id: id.org_id,
      type: 'User',
      user: { username: id.username ?? 'console', user_id: id.user_id },
    },
  });
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A composite rule ID `module|ERROR_KEY` split; the module never carries `.report`. */
export function splitRuleId(ruleId: string): { module: string; errorKey: string } {
  const bar = ruleId.indexOf('|');
  if (bar < 0) throw new Error(`not a composite rule ID: ${ruleId}`);
  return { module: ruleId.slice(0, bar).replace(/\.report$/, ''), errorKey: ruleId.slice(bar + 1) };
}

/** The composite ID of a report rule: its module without `.report` and the error key from `extra_data`. */
export function reportRuleId(rule: { rule_id: string; extra_data: { error_key?: unknown } }): string {
  return `${rule.rule_id.replace(/\.report$/, '')}|${String(rule.extra_data?.error_key ?? '')}`;
}

const seg = encodeURIComponent;

export type ClusterRuleAction = 'disable' | 'enable' | 'like' | 'dislike' | 'reset_vote';

export class ProxyClient {
  private readonly v1: string;
  private readonly v2: string;
  private readonly uploadPath: string;
  private readonly headers: Record<string, string>;
  private readonly doFetch: typeof fetch;
  private readonly origin: string;

  constructor(options: ClientOptions = {}) {
    this.v1 = withSlash(options.v1Prefix ?? DEFAULT_V1_PREFIX);
    this.v2 = withSlash(options.v2Prefix ?? DEFAULT_V2_PREFIX);
    this.uploadPath = options.uploadPath ?? DEFAULT_UPLOAD_PATH;
    this.headers = { accept: 'application/json' };
    if (options.identity) this.headers['x-rh-identity'] = encodeIdentity(options.identity);
    this.doFetch = options.fetch ?? ((...args) => fetch(...args));
    this.origin = options.origin ?? '';
  }

  // ---- API v2 ----

  /** V2-4: all external recommendations (`impacting` absent), only those hitting (true) or not (false). */
  recommendations(impacting?: boolean): Promise<RecommendationListResponse> {
    const q = impacting === undefined ? '' : `?impacting=${impacting}`;
    return this.json('GET', `${this.v2}rule${q}`);
  }

  /** V2-6: content, rating and org-wide disable of one recommendation. */
  recommendation(ruleId: string): Promise<RecommendationDetailResponse> {
    return this.json('GET', `${this.v2}rule/${seg(ruleId)}`);
  }

  /** V2-7: clusters the recommendation hits, split into enabled and disabled. */
  clustersDetail(ruleId: string): Promise<ClustersDetailResponse> {
    return this.json('GET', `${this.v2}rule/${seg(ruleId)}/clusters_detail`);
  }

  /** V2-9 `GET ack/{id}`: the ack, or null when the rule is not acked (404 with an empty body). */
  async ack(ruleId: string): Promise<Ack | null> {
    try {
      return await this.json<Ack>('GET', `${this.v2}ack/${seg(ruleId)}`);
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'http' && e.httpStatus === 404) return null;
      throw e;
    }
  }

  /** V2-9 `POST ack`: disable a recommendation for the whole organisation (201 new, 200 already acked). */
  createAck(ruleId: string, justification: string): Promise<Ack> {
    return this.json('POST', `${this.v2}ack`, { rule_id: ruleId, justification });
  }

  /** V2-9 `DELETE ack/{id}`: enable it again (204). */
  async deleteAck(ruleId: string): Promise<void> {
    await this.send('DELETE', `${this.v2}ack/${seg(ruleId)}`);
  }

  /** V2-10 `POST rating`. */
  rate(ruleId: string, rating: -1 | 0 | 1): Promise<Rating> {
    return this.json('POST', `${this.v2}rating`, { rule: ruleId, rating });
  }

  /** V2-3: the organisation's clusters with hits by total risk. */
  clusters(): Promise<ClusterListResponse> {
    return this.json('GET', `${this.v2}clusters`);
  }

  /** V2-1: a cluster's report; `getDisabled` also returns the rules disabled for it or acked. */
  clusterReport(clusterId: string, getDisabled = false): Promise<ClusterReportResponse> {
    return this.json('GET', `${this.v2}cluster/${seg(clusterId)}/reports?get_disabled=${getDisabled}`);
  }

  /** V2-12: the cluster's on-demand gathering requests, or null when it has none (404). */
  async gatheringRequests(clusterId: string): Promise<GatheringRequestsResponse | null> {
    try {
      return await this.json<GatheringRequestsResponse>('GET', `${this.v2}cluster/${seg(clusterId)}/requests`);
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'http' && e.httpStatus === 404) return null;
      throw e;
    }
  }

  /** V2-13: the organisation's namespaces with workload (DVO) recommendations. */
  workloads(): Promise<WorkloadsResponse> {
    return this.json('GET', `${this.v2}namespaces/dvo`);
  }

  /** V2-13: one namespace of one cluster, each recommendation with its content and objects. */
  workload(namespace: string, clusterId: string): Promise<WorkloadDetailResponse> {
    return this.json('GET', `${this.v2}namespaces/dvo/${seg(namespace)}/cluster/${seg(clusterId)}`);
  }

  // ---- the upload endpoint (ingress), not the proxy ----

  /** `POST upload`, multipart `file` with the Insights Operator's content type: 202 with the request ID. */
  async upload(archive: Blob, fileName = 'insights-data.tar.gz'): Promise<UploadAccepted> {
    const form = new FormData();
    form.append('file', new Blob([archive], { type: IO_ARCHIVE_TYPE }), fileName);
    const headers: Record<string, string> = { ...this.headers };
    let res: Response;
    try {
      res = await this.doFetch(`${this.origin}${this.uploadPath}`, { method: 'POST', headers, body: form });
    } catch {
      throw new ApiError(
        'unreachable',
        0,
        'The upload endpoint cannot be reached. Check that the ingress is running.',
        'The upload endpoint',
      );
    }
    if (res.status !== 202 && !res.ok)
      throw new ApiError('http', res.status, await errorText(res, 'The upload endpoint'), 'The upload endpoint');
    return (await res.json()) as UploadAccepted;
  }

  // ---- API v1: per-cluster toggles and votes (V1-16), as the Advisor UI calls them ----

  /** PUT `clusters/{C}/rules/{module}.report/error_key/{K}/{action}`. */
  async clusterRule(clusterId: string, ruleId: string, action: ClusterRuleAction): Promise<void> {
    await this.send('PUT', this.clusterRulePath(clusterId, ruleId, action));
  }

  /** POST `…/disable_feedback` with `{"message": …}`, after a disable. */
  async disableFeedback(clusterId: string, ruleId: string, message: string): Promise<void> {
    await this.send('POST', this.clusterRulePath(clusterId, ruleId, 'disable_feedback'), { message });
  }

  private clusterRulePath(clusterId: string, ruleId: string, action: string): string {
    const { module, errorKey } = splitRuleId(ruleId);
    return `${this.v1}clusters/${seg(clusterId)}/rules/${seg(`${module}.report`)}/error_key/${seg(errorKey)}/${action}`;
  }

  // ---- transport ----

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body);
    return (await res.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers = { ...this.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.doFetch(`${this.origin}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('unreachable', 0, 'The smart proxy cannot be reached. Check that it is running.');
    }
    if (res.ok) return res;
    throw new ApiError('http', res.status, await errorText(res));
  }
}

function withSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** The proxy's `{"status": "…"}` text, a plain-text body (some ack errors), or the HTTP status. */
async function errorText(res: Response, service = 'The smart proxy'): Promise<string> {
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const parsed = JSON.parse(text) as { status?: unknown };
      if (typeof parsed.status === 'string' && parsed.status) return parsed.status;
    } catch {
      return text.trim().slice(0, 300);
    }
  }
  if (res.status === 502 || res.status === 504) return `${service} cannot be reached (gateway error).`;
  return `HTTP ${res.status} ${res.statusText}`.trim();
}
