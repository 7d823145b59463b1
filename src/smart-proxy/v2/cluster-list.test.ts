/**
 * `v2/clusters`' body written as text (cluster-list.ts) against the value the route describes, built as the
 * route built it before (an object per row) and marshalled by `goJson`: the same bytes, for generated lists
 * with acks, per-cluster disables, managed clusters, missing entries and names that need escaping.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJson } from '#common/http/envelope.js';
import type { ClusterInfo } from '../ams/client.js';
import type { ClusterRecommendations } from '../v1/overview.js';
import { clusterListJson } from './cluster-list.js';
import { rfc3339 } from './rfc3339.js';

type Store = Parameters<typeof clusterListJson>[4];

/** The route's previous code: an object per row, the whole value through goJson. */
function reference(
  clusters: readonly ClusterInfo[],
  recs: ClusterRecommendations,
  acked: ReadonlySet<string>,
  disabled: ReadonlyMap<string, ReadonlySet<string>>,
  store: Store,
): string {
  const data = clusters.map((c) => {
    const hits = store.zeroSeverities();
    let total = 0;
    const entry = recs.clusters?.[c.cluster_id];
    const row: Record<string, unknown> = { cluster_id: c.cluster_id, cluster_name: c.display_name, managed: c.managed };
    if (entry) {
      for (const ruleId of entry.recommendations ?? []) {
        if (acked.has(ruleId) || disabled.get(c.cluster_id)?.has(ruleId)) continue;
        const severity = store.externalSeverities.get(ruleId);
        if (severity === undefined) continue;
        if (c.managed && !store.byComposite.get(ruleId)?.osd_customer) continue;
        hits[severity] = (hits[severity] ?? 0) + 1;
        total++;
      }
      row.last_checked_at = rfc3339(entry.created_at);
    }
    row.total_hit_count = total;
    row.hits_by_total_risk = hits;
    if (entry?.meta?.cluster_version !== undefined) row.cluster_version = entry.meta.cluster_version;
    return row;
  });
  return goJson({ data, meta: { count: data.length }, status: 'ok' });
}

function store(severities: number[]): Store {
  const externalSeverities = new Map<string, number>();
  const byComposite = new Map<string, { osd_customer: boolean }>();
  for (let r = 0; r < 12; r++) {
    externalSeverities.set(`rule_${r}|EK`, severities[r % severities.length]);
    byComposite.set(`rule_${r}|EK`, { osd_customer: r % 3 === 0 });
  }
  const values = [...new Set(severities)].sort((a, b) => a - b);
  return {
    externalSeverities,
    byComposite: byComposite as unknown as Store['byComposite'],
    zeroSeverities: () => Object.fromEntries(values.map((s) => [String(s), 0])),
  };
}

const NAMES = ['plain', 'a <b> & "c"', 'line\u2028sep', 'tab\there', 'back\\slash', 'é 😀', ''];

test('the same bytes as the value marshalled by goJson', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed >>> 16) % n; // the high bits: the low ones of this generator repeat quickly
  };
  for (const severities of [
    [1, 2, 3, 4],
    [4, 2],
    [0, 10, 3],
  ]) {
    const clusters: ClusterInfo[] = [];
    const recs: ClusterRecommendations = { clusters: {} };
    const disabled = new Map<string, Set<string>>();
    for (let i = 0; i < 60; i++) {
      const id = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      clusters.push({ cluster_id: id, display_name: NAMES[i % NAMES.length] || id, managed: i % 4 === 0, status: '' });
      if (i % 5 === 4) continue; // no entry in A17: no last_checked_at, no version
      const recommendations = Array.from({ length: rnd(9) }, () => `rule_${rnd(14)}|EK`); // 12, 13: no content
      const meta = i % 7 === 0 ? {} : { cluster_version: i % 2 ? '4.16.0' : '<4.17&>' };
      const created = i % 3 ? '2026-12-03T10:11:12.123456Z' : '2026-12-31T23:59:59Z';
      recs.clusters![id] = { created_at: created, meta, recommendations: i % 9 === 0 ? null : recommendations };
      if (i % 6 === 1) disabled.set(id, new Set([`rule_${rnd(12)}|EK`, `rule_${rnd(12)}|EK`]));
    }
    const acked = new Set(['rule_1|EK', 'rule_5|EK']);
    const s = store(severities);
    const bytes = clusterListJson(clusters, recs, acked, disabled, s).toString('utf8');
    assert.equal(bytes, reference(clusters, recs, acked, disabled, s), `severities ${severities}`);
    assert.ok(bytes.includes('\\u003cb\\u003e \\u0026'), 'Go escaping of names');
  }
});

test('an empty list', () => {
  const bytes = clusterListJson([], { clusters: null }, new Set(), new Map(), store([1]));
  assert.equal(bytes.toString(), '{"data":[],"meta":{"count":0},"status":"ok"}\n');
});
