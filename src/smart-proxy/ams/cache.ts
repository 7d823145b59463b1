/**
 * `amsclient.cluster_list_caching` (upstream reads and logs the key and caches nothing; ours:
 * docs/compatibility.md): an organisation's AMS cluster list is kept `amsclient.cluster_list_cache_ttl`
 * (default 60 s) from the moment it was asked for, for at most `amsclient.cluster_list_cache_orgs`
 * organisations (default 1,000; the least recently used goes first). Concurrent requests of an org whose
 * list is not cached share one AMS read; a failed read is not kept. The v2 report takes a cluster's name
 * and managed flag from its org's cached list when it is there (ClusterLister.cachedCluster).
 */
import type { ClusterInfo } from './client.js';

export const DEFAULT_CLUSTER_LIST_TTL_MS = 60_000;
export const DEFAULT_CLUSTER_LIST_ORGS = 1_000;

interface Entry {
  /** Date.now() after which the list is read again. */
  expiresAt: number;
  list: Promise<ClusterInfo[]>;
  /** The list by cluster ID, once read. */
  byId: Map<string, ClusterInfo> | null;
}

export class ClusterListCache {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly read: (org: number) => Promise<ClusterInfo[]>,
    readonly ttlMs: number,
    readonly maxOrgs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The org's list: kept, or read now (one read for concurrent callers). */
  list(org: number): Promise<ClusterInfo[]> {
    const at = this.now();
    const kept = this.entries.get(org);
    if (kept && kept.expiresAt > at) {
      // Most recently used last: the first key is the one to evict.
      this.entries.delete(org);
      this.entries.set(org, kept);
      return kept.list;
    }
    const entry: Entry = { expiresAt: at + this.ttlMs, list: this.read(org), byId: null };
    this.entries.delete(org);
    this.entries.set(org, entry);
    while (this.entries.size > this.maxOrgs) {
      const oldest = this.entries.keys().next().value as number;
      this.entries.delete(oldest);
    }
    entry.list.then(
      (clusters) => {
        entry.byId = new Map(clusters.map((c) => [c.cluster_id, c]));
      },
      () => {
        if (this.entries.get(org) === entry) this.entries.delete(org);
      },
    );
    return entry.list;
  }

  /** The cluster from its org's kept list; undefined when the list is not kept (or expired) or lacks it. */
  cluster(org: number, cluster: string): ClusterInfo | undefined {
    const kept = this.entries.get(org);
    if (!kept || kept.byId === null || kept.expiresAt <= this.now()) return undefined;
    return kept.byId.get(cluster);
  }

  /** Organisations kept (expired ones included until they are read again or evicted). */
  get size(): number {
    return this.entries.size;
  }
}
