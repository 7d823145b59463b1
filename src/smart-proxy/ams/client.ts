/**
 * AMS (OCM Accounts Management) client (spec 2.6.3): an access token from client credentials (they take
 * precedence) or from an offline token, refreshed before it expires; the org's internal IDs, its clusters
 * (paged subscriptions), a single cluster in any org or in the org.
 */
import { AppError, notFound } from '#common/errors.js';
import { isUuid } from '#common/ids.js';
import { UNREACHABLE, Upstream } from '../upstream/http.js';

export interface ClusterInfo {
  cluster_id: string;
  display_name: string;
  managed: boolean;
  status: string;
}

export interface AmsConfig {
  url: string;
  client_id: string;
  client_secret: string;
  token: string;
  page_size: number;
  token_url: string;
}

export const DEFAULT_TOKEN_URL = 'https://sso.redhat.com/auth/realms/redhat-external/protocol/openid-connect/token';
const ACCOUNTS = 'api/accounts_mgmt/v1/';
const EXCLUDED_STATUSES = "status not in ('Archived','Deprovisioned','Reserved')";

interface Subscription {
  external_cluster_id?: string;
  display_name?: string;
  cluster_id?: string;
  managed?: boolean;
  status?: string;
}

export class AmsClient {
  private readonly api: Upstream;
  private readonly sso: Upstream;
  private token: { value: string; expiresAt: number } | null = null;
  readonly pageSize: number;

  private constructor(
    private readonly config: AmsConfig,
    timeoutMs: number,
  ) {
    this.api = new Upstream(config.url.endsWith('/') ? config.url : `${config.url}/`, UNREACHABLE.ams, timeoutMs);
    this.sso = new Upstream(config.token_url || DEFAULT_TOKEN_URL, UNREACHABLE.ams, timeoutMs, 4);
    this.pageSize = config.page_size > 0 ? config.page_size : 500;
  }

  /** null without credentials (upstream: the client is nil and the "old approach" applies). */
  static create(config: AmsConfig, timeoutMs: number): AmsClient | null {
    if (!config.url) return null;
    if (!(config.client_id && config.client_secret) && !config.token) return null;
    return new AmsClient(config, timeoutMs);
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 30_000) return this.token.value;
    const form = new URLSearchParams();
    if (this.config.client_id && this.config.client_secret) {
      form.set('grant_type', 'client_credentials');
      form.set('client_id', this.config.client_id);
      form.set('client_secret', this.config.client_secret);
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('client_id', 'cloud-services');
      form.set('refresh_token', this.config.token);
    }
    const res = await this.sso.call('', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    if (res.status !== 200) throw new AppError('internal', `AMS token request failed: HTTP ${res.status}`);
    const body = res.json<{ access_token?: string; expires_in?: number }>();
    if (!body.access_token) throw new AppError('internal', 'AMS token answer without access_token');
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 300) * 1000 };
    return body.access_token;
  }

  private async get<T>(path: string, query: Record<string, string>): Promise<T> {
    const token = await this.accessToken();
    const qs = new URLSearchParams(query).toString().replace(/\+/g, '%20');
    const res = await this.api.call(`${ACCOUNTS}${path}?${qs}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 401) this.token = null;
    if (res.status !== 200) throw new AppError('internal', `AMS ${path}: HTTP ${res.status}`);
    return res.json<T>();
  }

  /** Internal org IDs of an external org ID; none: 404. */
  async internalOrgIds(orgId: number): Promise<string[]> {
    const body = await this.get<{ items?: { id: string }[] }>('organizations', {
      search: `external_id = ${orgId}`,
      fields: 'id,external_id',
    });
    const ids = (body.items ?? []).map((i) => i.id).filter(Boolean);
    if (ids.length === 0) throw notFound(orgId);
    return ids;
  }

  private static orgFilter(ids: string[]): string {
    return `organization_id in (${ids.map((i) => `'${i}'`).join(',')})`;
  }

  /** Every active cluster of the org (pages until an empty one), deduplicated, UUIDs only. */
  async clusters(orgId: number): Promise<ClusterInfo[]> {
    const ids = await this.internalOrgIds(orgId);
    const search = `${AmsClient.orgFilter(ids)} and cluster_id != '' and ${EXCLUDED_STATUSES}`;
    const seen = new Set<string>();
    const out: ClusterInfo[] = [];
    for (let page = 1; ; page++) {
      const body = await this.get<{ items?: Subscription[] }>('subscriptions', {
        search,
        fields: 'external_cluster_id,display_name,cluster_id,managed,status',
        size: String(this.pageSize),
        page: String(page),
      });
      const items = body.items ?? [];
      if (items.length === 0) break;
      for (const item of items) {
        const info = toClusterInfo(item);
        if (!info || seen.has(info.cluster_id)) continue;
        seen.add(info.cluster_id);
        out.push(info);
      }
      if (items.length < this.pageSize) break;
    }
    return out;
  }

  /** The cluster in any org (v2 report decoration); null when unknown. */
  async clusterAnyOrg(cluster: string): Promise<ClusterInfo | null> {
    const body = await this.get<{ items?: Subscription[] }>('subscriptions', { search: `external_cluster_id = '${cluster}'` });
    const first = body.items?.[0];
    return first ? toClusterInfo(first) : null;
  }

  /** The cluster in the org; 404 when it is not there. */
  async clusterInOrg(orgId: number, cluster: string): Promise<ClusterInfo> {
    const ids = await this.internalOrgIds(orgId);
    const body = await this.get<{ items?: Subscription[] }>('subscriptions', {
      search: `${AmsClient.orgFilter(ids)} and external_cluster_id = '${cluster}'`,
    });
    const info = body.items?.[0] ? toClusterInfo(body.items[0]) : null;
    if (!info) throw notFound(cluster);
    return info;
  }

  close(): Promise<unknown> {
    return Promise.all([this.api.close(), this.sso.close()]);
  }
}

function toClusterInfo(item: Subscription): ClusterInfo | null {
  const id = item.external_cluster_id ?? '';
  if (id === '' || !isUuid(id)) return null;
  return { cluster_id: id, display_name: item.display_name || id, managed: item.managed === true, status: item.status ?? '' };
}
