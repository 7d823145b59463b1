/**
 * Fake of the RBAC service's `GET /api/rbac/v1/access/?application=...&limit=N&offset=M` (the contract the
 * smart proxy uses, spec 2.4): the caller is named by its x-rh-identity (service account client_id or
 * user name); pages of `limit` with `links.next` as a path, as the real service answers.
 */
import { FakeServer, type FakeRequest } from './server.js';

export const RBAC_PREFIX = '/api/rbac/v1/';

export class FakeRbac {
  /** principal (client_id or username) -> permissions `app:resource:verb` */
  readonly permissions = new Map<string, string[]>();
  readonly server = new FakeServer((req) => this.handle(req));

  get url(): string {
    return `${this.server.url}${RBAC_PREFIX}`;
  }

  private handle(req: FakeRequest) {
    if (req.url.pathname !== `${RBAC_PREFIX}access/`) return { status: 404, json: { errors: [{ detail: 'Not found.' }] } };
    const header = req.headers['x-rh-identity'];
    if (typeof header !== 'string') return { status: 401, json: { errors: [{ detail: 'no identity' }] } };
    const identity = JSON.parse(Buffer.from(header, 'base64').toString('utf8')).identity ?? {};
    const principal = identity.service_account?.client_id ?? identity.user?.username ?? '';
    const app = req.url.searchParams.get('application') ?? '';
    const all = (this.permissions.get(principal) ?? []).filter((p) => p.split(':')[0] === app);
    const limit = Number(req.url.searchParams.get('limit') ?? 10);
    const offset = Number(req.url.searchParams.get('offset') ?? 0);
    const page = all.slice(offset, offset + limit);
    const link = (o: number) => `${RBAC_PREFIX}access/?application=${app}&limit=${limit}&offset=${o}`;
    return {
      status: 200,
      json: {
        meta: { count: all.length, limit, offset },
        links: { first: link(0), next: offset + limit < all.length ? link(offset + limit) : null, previous: null, last: link(0) },
        data: page.map((permission) => ({ permission, resourceDefinitions: [] })),
      },
    };
  }
}
