// Watching an upload through the system with the public API only: the ingress answers 202 with a request ID
// (stored and announced); the pipeline then analyses the archive and the db-writer stores the results, which
// the proxy serves. Results are "in" when the cluster list (v2 `clusters`) shows the archive's cluster with a
// `last_checked_at` other than the one before the upload (the pipeline stamps each upload's time), or, when
// the archive's cluster ID could not be read, any cluster that is new or changed. The list, not the
// cluster's report, is asked: a cluster without results is simply absent from it (no 404 to log).
import type { ProxyClient } from './api/client.ts';

/** Every cluster's last check before the upload, and the archive's cluster when known. */
export interface Snapshot {
  clusterId: string | null;
  clusters: Map<string, string>;
}

async function checks(client: ProxyClient): Promise<Map<string, { lastChecked: string; hits: number }>> {
  const list = (await client.clusters()).data ?? [];
  return new Map(list.map((c) => [c.cluster_id, { lastChecked: c.last_checked_at ?? '', hits: c.total_hit_count }]));
}

export async function snapshot(client: ProxyClient, clusterId: string | null): Promise<Snapshot> {
  const now = await checks(client);
  return { clusterId, clusters: new Map([...now].map(([id, c]) => [id, c.lastChecked])) };
}

/** The cluster whose results arrived since the snapshot, or null while none has. */
export async function arrived(client: ProxyClient, before: Snapshot): Promise<{ clusterId: string; hits: number } | null> {
  for (const [id, c] of await checks(client)) {
    if (before.clusterId && id !== before.clusterId) continue;
    if (c.lastChecked && before.clusters.get(id) !== c.lastChecked) return { clusterId: id, hits: c.hits };
  }
  return null;
}
