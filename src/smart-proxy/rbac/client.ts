/**
 * RBAC check for service accounts (spec 2.4): `GET {rbac.url}/access/?application=ocp-advisor&limit=100`
 * with the caller's identity, following `links.next` (a path: joined to the RBAC URL's scheme and host,
 * the upstream bug of a scheme-less URL avoided). Authorised when a permission `ocp-advisor:<resource>:<verb>`
 * has a resource containing `recommendation-results` or `*`. A non-200 answer or `meta.count == 0`: no.
 */
import { UNREACHABLE, Upstream } from '../upstream/http.js';

interface AccessPage {
  meta?: { count?: number };
  links?: { next?: string | null };
  data?: { permission?: string }[];
}

export class RbacClient {
  private readonly upstream: Upstream;

  constructor(url: string, timeoutMs: number) {
    this.upstream = new Upstream(url.endsWith('/') ? url : `${url}/`, UNREACHABLE.rbac, timeoutMs);
  }

  async isAuthorized(identityHeader: string): Promise<boolean> {
    let next: string | null = this.upstream.url('access/?application=ocp-advisor&limit=100');
    for (let pages = 0; next && pages < 100; pages++) {
      const res = await this.upstream.call(next, { headers: { 'x-rh-identity': identityHeader } });
      if (res.status !== 200) return false;
      const page = res.json<AccessPage>();
      if (!page.meta?.count) return false;
      for (const entry of page.data ?? []) {
        const [app, resource] = (entry.permission ?? '').split(':');
        if (app === 'ocp-advisor' && (resource === '*' || resource?.includes('recommendation-results'))) return true;
      }
      next = page.links?.next ? new URL(page.links.next, this.upstream.base).toString() : null;
    }
    return false;
  }

  close(): Promise<void> {
    return this.upstream.close();
  }
}
