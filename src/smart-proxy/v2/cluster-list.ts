/**
 * The body of `GET v2/clusters` (spec 2.8 V2-3) written as JSON text: per cluster its AMS name and managed
 * flag, the time of its last report, hits by total risk (pre-filled with every external severity) without
 * acked, per-cluster disabled and (managed clusters) non-`osd_customer` rules, and its version. Byte for byte
 * what `goJson` gave for the row objects (key order: cluster_id, cluster_name, managed, last_checked_at,
 * total_hit_count, hits_by_total_risk, cluster_version); no row object is built (1,000 clusters and more).
 */
import { JSON_CONTENT_TYPE } from '#common/http/envelope.js';
import type { ClusterInfo } from '../ams/client.js';
import type { ContentStore } from '../content/store.js';
import { field, jsonValue } from '../reports/write.js';
import type { ClusterRecommendations } from '../v1/overview.js';
import { rfc3339 } from './rfc3339.js';

export function writeClusterList(
  clusters: readonly ClusterInfo[],
  recs: ClusterRecommendations,
  acked: ReadonlySet<string>,
  disabled: ReadonlyMap<string, ReadonlySet<string>>,
  store: ContentStore,
): { raw: string; contentType: string } {
  // The pre-filled object's keys in the order JavaScript gives them (integer keys ascending).
  const names = Object.keys(store.zeroSeverities());
  const slot = new Map(store.severityValues.map((s) => [s, names.indexOf(String(s))]));
  const counts = new Array<number>(names.length);
  const keys = names.map((name) => `${jsonValue(name)}:`);
  const rows: string[] = [];
  const byCluster = recs.clusters;
  for (const c of clusters) {
    counts.fill(0);
    let total = 0;
    const entry = byCluster?.[c.cluster_id];
    let row = field('cluster_id', c.cluster_id, true) + field('cluster_name', c.display_name) + field('managed', c.managed);
    if (entry) {
      const off = disabled.get(c.cluster_id);
      for (const ruleId of entry.recommendations ?? []) {
        if (acked.has(ruleId) || off?.has(ruleId)) continue;
        const severity = store.externalSeverities.get(ruleId);
        if (severity === undefined) continue;
        if (c.managed && !store.byComposite.get(ruleId)?.osd_customer) continue;
        counts[slot.get(severity) as number]++;
        total++;
      }
      row += field('last_checked_at', rfc3339(entry.created_at));
    }
    let hits = '';
    for (let i = 0; i < keys.length; i++) hits += `${i === 0 ? '' : ','}${keys[i]}${counts[i]}`;
    row += `,"total_hit_count":${total},"hits_by_total_risk":{${hits}}`;
    if (entry?.meta?.cluster_version !== undefined) row += field('cluster_version', entry.meta.cluster_version);
    rows.push(`{${row}}`);
  }
  return { raw: `{"data":[${rows.join(',')}],"meta":{"count":${rows.length}},"status":"ok"}\n`, contentType: JSON_CONTENT_TYPE };
}
