/**
 * The organisation's cluster list (spec 2.6.3): from AMS (kept for a while with
 * `amsclient.cluster_list_caching`, cache.ts; else shared while in flight); without an AMS client and with
 * `server.org_clusters_fallback`, from the aggregator (A6: name = ID, not managed); without either: 500.
 */
import { AppError } from '#common/errors.js';
import type { AggregatorClient } from '../aggregator/client.js';
import { okJson } from '../aggregator/client.js';
import type { ClusterListCache } from './cache.js';
import { InFlight } from '../upstream/in-flight.js';
import type { AmsClient, ClusterInfo } from './client.js';

export interface ClusterLister {
  list(orgId: number): Promise<ClusterInfo[]>;
  /** True when the list comes from AMS. */
  readonly fromAms: boolean;
  /** The cluster from its org's cached AMS list; undefined without caching or when not cached. */
  cachedCluster(orgId: number, cluster: string): ClusterInfo | undefined;
}

export function clusterLister(
  ams: AmsClient | null,
  aggregator: AggregatorClient,
  fallback: boolean,
  cache?: ClusterListCache | null,
): ClusterLister {
  if (ams && cache) return { fromAms: true, list: (org) => cache.list(org), cachedCluster: (org, cluster) => cache.cluster(org, cluster) };
  if (ams) {
    // Without caching, concurrent requests of an org still share the read in flight (upstream/in-flight.ts).
    const inFlight = new InFlight();
    return { fromAms: true, list: (org) => inFlight.get(String(org), () => ams.clusters(org)), cachedCluster: () => undefined };
  }
  return {
    fromAms: false,
    list: async (org) => {
      if (!fallback) throw new AppError('internal', 'AMS client is not available and org_clusters_fallback is off');
      const body = okJson<{ clusters?: string[] | null }>(await aggregator.orgClusters(org));
      return (body.clusters ?? []).map((id) => ({ cluster_id: id, display_name: id, managed: false, status: '' }));
    },
    cachedCluster: () => undefined,
  };
}
