/**
 * The body of `v2/clusters` (spec 2.8 V2-3): the org's AMS clusters with their hits by total risk, acked and
 * disabled rules left out, managed clusters counting osd_customer rules only. Written as text a row at a
 * time, in the bytes `goJson` gives for the value the route describes (cluster-list.test.ts compares the
 * two): a string of 1,000 rows would be a large object for V8, costly to make, and building an object per
 * row to `JSON.stringify` it was most of the route's own CPU (docs/performance.md, smart proxy).
 */
import { jsonString } from '#common/http/envelope.js';
import { TextWriter } from '#common/http/text-writer.js';
import type { ClusterInfo } from '../ams/client.js';
import type { ContentStore } from '../content/store.js';
import type { ClusterDisables } from '../reports/acks.js';
import { field } from '../reports/write.js';
import type { ClusterRecommendations } from '../v1/overview.js';
import { rfc3339 } from './rfc3339.js';

type Severities = Pick<ContentStore, 'externalSeverities' | 'byComposite' | 'zeroSeverities'>;

export function clusterListJson(
  clusters: readonly ClusterInfo[],
  recs: ClusterRecommendations,
  acked: ReadonlySet<string>,
  disabled: ClusterDisables,
  store: Severities,
): Buffer {
  // hits_by_total_risk's keys in the order a JavaScript object of them keeps (what JSON.stringify wrote).
  const keys = Object.keys(store.zeroSeverities());
  const slot = new Map(keys.map((key, i) => [Number(key), i]));
  const keyJson = keys.map((key) => `${jsonString(key)}:`);
  const counts = new Int32Array(keys.length);
  const out = new TextWriter().write('{"data":[');
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    counts.fill(0);
    let total = 0;
    const entry = recs.clusters?.[c.cluster_id];
    let row = `${i === 0 ? '' : ','}{${field('cluster_id', c.cluster_id, true)}${field('cluster_name', c.display_name)}${field('managed', c.managed)}`;
    if (entry) {
      const off = disabled.get(c.cluster_id);
      for (const ruleId of entry.recommendations ?? []) {
        if (acked.has(ruleId) || off?.has(ruleId)) continue;
        const severity = store.externalSeverities.get(ruleId);
        if (severity === undefined) continue;
        if (c.managed && !store.byComposite.get(ruleId)?.osd_customer) continue;
        const at = slot.get(severity);
        if (at !== undefined) counts[at]++;
        total++;
      }
      row += field('last_checked_at', rfc3339(entry.created_at));
    }
    row += `,"total_hit_count":${total},"hits_by_total_risk":{`;
    for (let k = 0; k < keys.length; k++) row += `${k === 0 ? '' : ','}${keyJson[k]}${counts[k]}`;
    row += '}';
    out.write(`${row}${field('cluster_version', entry?.meta?.cluster_version)}}`);
  }
  return out.write(`],"meta":{"count":${clusters.length}},"status":"ok"}\n`).bytes();
}
