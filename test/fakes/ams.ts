/**
 * Fake of OCM's Accounts Management service and its SSO token endpoint, speaking their HTTP contracts as
 * the smart proxy uses them (spec 2.6.3): `POST /token` (client_credentials or refresh_token grant),
 * `GET /api/accounts_mgmt/v1/organizations?search=external_id = X`, and
 * `GET /api/accounts_mgmt/v1/subscriptions?search=...&size=N&page=P` (pages of `size`, 1-based; the search
 * forms `organization_id in ('a','b')`, `external_cluster_id = 'C'`, `status not in (...)`). Every API call
 * needs a Bearer token the fake issued.
 *
 * Answers of the two searches are serialised once and served as bytes until the data change (a push to
 * `subscriptions`, `addOrg`, or `changed()` after editing entries in place): AMS is external SaaS, and the
 * proxy bench runs this fake on the same cores as the services it measures (docs/performance.md).
 */
import { randomBytes } from 'node:crypto';
import { FakeServer, type FakeRequest } from './server.js';

export interface FakeSubscription {
  /** The internal (OCM) organisation ID. */
  organization_id: string;
  external_cluster_id: string;
  display_name?: string;
  cluster_id?: string;
  managed?: boolean;
  status?: string;
}

export class FakeAms {
  /** external org ID -> internal IDs */
  readonly orgs = new Map<string, string[]>();
  readonly subscriptions: FakeSubscription[] = [];
  readonly clients = new Map<string, string>([['proxy-client', 'proxy-secret']]);
  readonly offlineTokens = new Set<string>(['offline-token']);
  readonly issued = new Set<string>();
  tokenLifetimeSeconds = 900;
  readonly server = new FakeServer((req) => this.handle(req));
  /** Serialised answers by path and query, valid for `cachedFor`. */
  private readonly answers = new Map<string, Buffer>();
  private cachedFor = '';
  private version = 0;

  get url(): string {
    return this.server.url;
  }
  get tokenUrl(): string {
    return `${this.server.url}/token`;
  }

  addOrg(externalId: number | string, ...internalIds: string[]): void {
    this.orgs.set(String(externalId), internalIds);
    this.changed();
  }

  /** Call after editing `subscriptions` or `orgs` in place (pushes and `addOrg` are seen without it). */
  changed(): void {
    this.version++;
  }

  /** The answer of a search, serialised once per state of the data. */
  private cached(req: FakeRequest, answer: (req: FakeRequest) => unknown) {
    const state = `${this.version}/${this.subscriptions.length}/${this.orgs.size}`;
    if (state !== this.cachedFor) {
      this.answers.clear();
      this.cachedFor = state;
    }
    const key = `${req.url.pathname}${req.url.search}`;
    let bytes = this.answers.get(key);
    if (!bytes) {
      bytes = Buffer.from(JSON.stringify(answer(req)));
      if (this.answers.size >= 10_000) this.answers.clear();
      this.answers.set(key, bytes);
    }
    return { status: 200, jsonBytes: bytes };
  }

  private handle(req: FakeRequest) {
    if (req.url.pathname === '/token' && req.method === 'POST') return this.token(req);
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.issued.has(auth.slice(7))) {
      return { status: 401, json: { kind: 'Error', id: '401', reason: 'Invalid token' } };
    }
    if (req.url.pathname === '/api/accounts_mgmt/v1/organizations') return this.cached(req, (r) => this.organizations(r));
    if (req.url.pathname === '/api/accounts_mgmt/v1/subscriptions') return this.cached(req, (r) => this.subs(r));
    return { status: 404, json: { kind: 'Error', id: '404', reason: 'not found' } };
  }

  private token(req: FakeRequest) {
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    const ok =
      (grant === 'client_credentials' && this.clients.get(form.get('client_id') ?? '') === form.get('client_secret')) ||
      (grant === 'refresh_token' && this.offlineTokens.has(form.get('refresh_token') ?? ''));
    if (!ok) return { status: 401, json: { error: 'invalid_client' } };
    const token = randomBytes(12).toString('hex');
    this.issued.add(token);
    return { status: 200, json: { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: 'Bearer' } };
  }

  private organizations(req: FakeRequest) {
    const search = req.url.searchParams.get('search') ?? '';
    const m = /^external_id\s*=\s*'?(\w+)'?$/.exec(search.trim());
    const ids = m ? (this.orgs.get(m[1]) ?? []) : [];
    const items = ids.map((id) => ({ id, kind: 'Organization', external_id: m?.[1] }));
    return { kind: 'OrganizationList', page: 1, size: items.length, total: items.length, items };
  }

  private subs(req: FakeRequest) {
    const search = req.url.searchParams.get('search') ?? '';
    const orgIn = /organization_id in \(([^)]*)\)/.exec(search);
    const orgIds = orgIn ? orgIn[1].split(',').map((s) => s.trim().replace(/^'|'$/g, '')) : null;
    const cluster = /external_cluster_id = '([^']*)'/.exec(search)?.[1];
    const excluded =
      /status not in \(([^)]*)\)/
        .exec(search)?.[1]
        .split(',')
        .map((s) => s.trim().replace(/^'|'$/g, '')) ?? [];
    const needsClusterId = search.includes("cluster_id != ''");
    const matching = this.subscriptions.filter(
      (s) =>
        (orgIds === null || orgIds.includes(s.organization_id)) &&
        (cluster === undefined || s.external_cluster_id === cluster) &&
        !excluded.includes(s.status ?? '') &&
        (!needsClusterId || (s.cluster_id ?? '') !== ''),
    );
    const size = Number(req.url.searchParams.get('size') ?? 100);
    const page = Number(req.url.searchParams.get('page') ?? 1);
    const items = matching.slice((page - 1) * size, page * size).map((s) => ({
      kind: 'Subscription',
      external_cluster_id: s.external_cluster_id,
      display_name: s.display_name ?? '',
      cluster_id: s.cluster_id ?? '',
      managed: s.managed ?? false,
      status: s.status ?? 'Active',
    }));
    return { kind: 'SubscriptionList', page, size: items.length, total: matching.length, items };
  }
}
