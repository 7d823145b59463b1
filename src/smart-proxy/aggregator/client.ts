/**
 * The aggregator's endpoints the proxy calls (spec 2.6.1, A1-A28), relative to `services.aggregator`.
 * Calls carry no auth header except the proxied ones, which copy the caller's headers. `|` is sent as %7C.
 * Each returns the raw answer; the routes decide what a non-200 means (mostly: passed through unchanged).
 */
import type { Reply } from '#common/http/routes.js';
import { AppError } from '#common/errors.js';
import { UNREACHABLE, Upstream, type UpstreamResponse } from '../upstream/http.js';
import { afterWrite, InFlight } from '../upstream/in-flight.js';

const enc = (s: string) => encodeURIComponent(s);
const JSON_HEADERS = { 'content-type': 'application/json' };

export class AggregatorClient {
  readonly upstream: Upstream;
  /** The org-wide reads shared while in flight (acks, disables: in-flight.ts); every write here forgets them. */
  readonly orgReads = new InFlight();

  constructor(base: string, timeoutMs: number) {
    this.upstream = new Upstream(base, UNREACHABLE.aggregator, timeoutMs, 128);
  }

  /** A call that changes the aggregator's data: the org reads in flight are forgotten once it settles. */
  private write(call: Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    return afterWrite(this.orgReads, call);
  }

  private get(path: string) {
    return this.upstream.call(path);
  }

  /**
   * A read sent as a POST (the cluster list in its body: A16, A17), shared while in flight by every caller
   * sending the same path and body (in-flight.ts); its answer's JSON is parsed once for all of them.
   */
  private sharedRead(path: string, clusters: string[] | string) {
    const body = typeof clusters === 'string' ? clusters : JSON.stringify(clusters);
    return this.orgReads.get(`POST ${path}\n${body}`, () => this.send('POST', path, body));
  }

  private send(method: 'POST' | 'PUT' | 'GET', path: string, body: unknown) {
    return this.upstream.call(path, {
      method,
      headers: JSON_HEADERS,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  report = (org: number, cluster: string, user: string) => this.get(`organizations/${org}/clusters/${cluster}/users/${enc(user)}/report`);
  reportInfo = (org: number, cluster: string, user: string) =>
    this.get(`organizations/${org}/clusters/${cluster}/users/${enc(user)}/report/info`);
  singleRule = (org: number, cluster: string, user: string, ruleId: string) =>
    this.get(`organizations/${org}/clusters/${cluster}/users/${enc(user)}/rules/${enc(ruleId)}`);
  clusterReports = (org: number, clusterList: string) => this.get(`organizations/${org}/clusters/${clusterList}/reports`);
  postClusterReports = (org: number, body: string) => this.send('POST', `organizations/${org}/clusters/reports`, body);
  orgClusters = (org: number) => this.get(`organizations/${org}/clusters`);
  disabledRules = (org: number) => this.get(`rules/organizations/${org}/disabled`);
  /** `clusters`: the IDs, or their JSON text (a route sending the same list twice serialises it once). */
  disabledForClusters = (org: number, clusters: string[] | string) =>
    this.send('POST', `rules/organizations/${org}/disabled_for_clusters`, clusters);
  disabledClustersOfRule = (org: number, module: string, ek: string) =>
    this.get(`clusters/rules/${enc(module)}.report/error_key/${enc(ek)}/organizations/${org}/disabled`);
  clustersDetail = (org: number, user: string, ruleId: string, clusters: string[] | null) =>
    clusters === null
      ? this.get(`rules/${enc(ruleId)}/organizations/${org}/users/${enc(user)}/clusters_detail`)
      : this.send('GET', `rules/${enc(ruleId)}/organizations/${org}/users/${enc(user)}/clusters_detail`, { clusters });
  ackDisable = (org: number, module: string, ek: string, justification: string) =>
    this.write(this.send('PUT', `rules/${enc(module)}/error_key/${enc(ek)}/organizations/${org}/disable`, { justification }));
  ackUpdate = (org: number, module: string, ek: string, justification: string) =>
    this.write(this.send('POST', `rules/${enc(module)}/error_key/${enc(ek)}/organizations/${org}/update`, { justification }));
  ackEnable = (org: number, module: string, ek: string) =>
    this.write(this.upstream.call(`rules/${enc(module)}/error_key/${enc(ek)}/organizations/${org}/enable`, { method: 'PUT' }));
  ack = (org: number, module: string, ek: string) => this.get(`rules/${enc(module)}/error_key/${enc(ek)}/organizations/${org}/`);
  acks = (org: number) => this.get(`rules/organizations/${org}/disabled_system_wide`);
  recommendationsList = (org: number, user: string, clusters: string[] | string) =>
    this.sharedRead(`recommendations/organizations/${org}/users/${enc(user)}/list`, clusters);
  clustersRecommendations = (org: number, user: string, clusters: string[]) =>
    this.sharedRead(`clusters/organizations/${org}/users/${enc(user)}/recommendations`, clusters);
  workloads = (org: number, clusters: string[]) => this.send('POST', `organization/${org}/workloads`, clusters);
  workload = (org: number, namespace: string, cluster: string) =>
    this.get(`organization/${org}/namespace/${enc(namespace)}/cluster/${cluster}/workloads`);
  postRating = (org: number, body: string) => this.send('POST', `rules/organizations/${org}/rating`, body);
  rating = (org: number, ruleId: string) => this.get(`rules/${enc(ruleId)}/organizations/${org}/rating`);
  info = () => this.get('info');

  /** Proxied verbatim (votes, toggles, debug): the caller's method, headers and body; anything but GET is a write. */
  forward(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, headers: Record<string, string | string[] | undefined>, body?: string) {
    const copied: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined || ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)) continue;
      copied[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const call = this.upstream.call(path, { method, headers: copied, body });
    return method === 'GET' ? call : this.write(call);
  }

  close(): Promise<void> {
    return this.upstream.close();
  }
}

/** The aggregator's answer as the proxy's reply (status, body and content type unchanged). */
export function passThrough(res: UpstreamResponse): Reply {
  const type = res.headers['content-type'];
  return { status: res.status, raw: res.body, contentType: typeof type === 'string' ? type : 'application/json; charset=utf-8' };
}

/** A non-200 answer where the route needs data: passed through by throwing. */
export class PassThrough extends Error {
  constructor(readonly reply: Reply) {
    super(`upstream answered ${reply.status}`);
  }
}

/** The answer's JSON when 200, else PassThrough. */
export function okJson<T>(res: UpstreamResponse): T {
  if (res.status !== 200) throw new PassThrough(passThrough(res));
  try {
    return res.json<T>();
  } catch {
    throw new AppError('internal', 'aggregator answered with a body that is not JSON');
  }
}
