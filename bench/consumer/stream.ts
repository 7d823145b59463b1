/**
 * Benchmark messages from the repository's generator (runtime test-helpers, test/fixtures): ~8 KB, 7 rule hits,
 * distinct cluster UUIDs, plus a share of re-reports of already-known clusters with a newer LastChecked.
 * The same cluster always goes to the same partition (as a keyed producer would do).
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '#test/helpers/random.js';
import { clusterUuid, ocpMessage } from '../../src/aggregator/db-writer/runtime/test-helpers/messages.js';

export const BASE_TIME = Date.parse('2025-01-01T00:00:00Z');
export const ORGS = 5000;

/** Cluster UUID of preloaded report number n (the SQL preload computes the same from md5('pre-' || n)). */
export function preloadCluster(n: number): string {
  const h = createHash('md5').update(`pre-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface StreamOptions {
  count: number;
  partitions: number;
  /** Distinguishes the cluster UUIDs of different streams. */
  salt: number;
  /** Share of re-reports (default 0.1). */
  rereportShare?: number;
  /** When > 0, re-reports target preloaded clusters 0..preloaded-1; otherwise earlier clusters of this stream. */
  preloaded?: number;
}

export interface StreamMessage {
  value: string;
  partition: number;
  cluster: string;
}

function partitionOf(cluster: string, partitions: number): number {
  return Number.parseInt(cluster.slice(0, 8), 16) % partitions;
}

export function benchStream(o: StreamOptions): StreamMessage[] {
  const share = o.rereportShare ?? 0.1;
  const random = seededRandom(o.salt * 7919 + 1);
  const out: StreamMessage[] = [];
  const fresh: { cluster: string; org: number }[] = [];
  for (let i = 0; i < o.count; i++) {
    const seconds = 3600 + i; // newer than anything preloaded (preload uses BASE_TIME)
    const lastChecked = new Date(BASE_TIME + seconds * 1000).toISOString().replace('Z', '417Z');
    let cluster: string;
    let org: number;
    const rereport = random() < share && (o.preloaded ? true : fresh.length > 0);
    if (rereport && o.preloaded) {
      const n = Math.floor(random() * o.preloaded);
      cluster = preloadCluster(n);
      org = 1 + (n % ORGS);
    } else if (rereport) {
      const known = fresh[Math.floor(random() * fresh.length)]!;
      cluster = known.cluster;
      org = known.org;
    } else {
      cluster = clusterUuid(i, o.salt);
      org = 1 + (i % ORGS);
      fresh.push({ cluster, org });
    }
    const value = ocpMessage({ org, cluster, lastChecked, seed: i, requestId: `bench-${o.salt}-${i}`, gatheredAt: lastChecked });
    out.push({ value, partition: partitionOf(cluster, o.partitions), cluster });
  }
  return out;
}
