// Watching an upload through the system with the public API only: the ingress answers 202 with a request ID
// (stored and announced); the pipeline then analyses the archive and the db-writer stores the results, which
// the proxy serves. The cluster's results are "in" when its report's `last_checked_at` differs from the one
// seen before the upload (the pipeline stamps each upload's time). When the archive's cluster ID could not be
// read, the cluster list is watched for a cluster whose `last_checked_at` changed or that is new.
import { ApiError, type ProxyClient } from './api/client.ts';
import type { ClusterListItem } from './api/types.ts';

/** What was true before the upload: the cluster's last check, or every cluster's. */
export type Snapshot = { clusterId: string; lastChecked: string | null } | { clusterId: null; clusters: Map<string, string> };

async function lastCheckedOf(client: ProxyClient, clusterId: string): Promise<string | null> {
  try {
    return (await client.clusterReport(clusterId)).report.meta.last_checked_at || null;
  } catch (e) {
    if (e instanceof ApiError && e.httpStatus === 404) return null;
    throw e;
  }
}

const checks = (list: ClusterListItem[] | null) => new Map((list ?? []).map((c) => [c.cluster_id, c.last_checked_at ?? '']));

export async function snapshot(client: ProxyClient, clusterId: string | null): Promise<Snapshot> {
  if (clusterId) return { clusterId, lastChecked: await lastCheckedOf(client, clusterId) };
  return { clusterId: null, clusters: checks((await client.clusters()).data) };
}

/** The cluster whose results arrived since the snapshot, or null while none has. */
export async function arrived(client: ProxyClient, before: Snapshot): Promise<{ clusterId: string; hits: number } | null> {
  if ('lastChecked' in before) {
    const now = await lastCheckedOf(client, before.clusterId);
    if (now === null || now === before.lastChecked) return null;
    const report = await client.clusterReport(before.clusterId);
    return { clusterId: before.clusterId, hits: report.report.meta.count ?? (report.report.data ?? []).length };
  }
  const list = (await client.clusters()).data ?? [];
  const changed = list.find((c) => c.last_checked_at && before.clusters.get(c.cluster_id) !== c.last_checked_at);
  return changed ? { clusterId: changed.cluster_id, hits: changed.total_hit_count } : null;
}
