import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterListItem, RecommendationListItem, Workload } from './api/types.ts';
import {
  clusterFilters,
  filterClusters,
  filterRecommendations,
  filterWorkloads,
  hitsByRisk,
  parseRisks,
  recommendationFilters,
  withParams,
  workloadFilters,
} from './filters.ts';
import { categoriesOf, formatDate } from './labels.ts';
import { renderTemplate } from './template.ts';

function rec(rule_id: string, total_risk: number, tags: string[], extra: Partial<RecommendationListItem> = {}): RecommendationListItem {
  return {
    rule_id,
    description: `about ${rule_id}`,
    generic: '',
    publish_date: '2020-01-01T00:00:00Z',
    total_risk,
    resolution_risk: 1,
    impact: 1,
    likelihood: 1,
    tags,
    disabled: false,
    impacted_clusters_count: 1,
    ...extra,
  };
}

test('recommendations: defaults are enabled, impacting, highest total risk first', () => {
  const items = [
    rec('a|A', 2, ['performance']),
    rec('b|B', 4, []),
    rec('c|C', 3, ['security'], { disabled: true }),
    rec('d|D', 1, [], { impacted_clusters_count: 0 }),
  ];
  const f = recommendationFilters(new URLSearchParams());
  assert.deepEqual(
    filterRecommendations(items, f).map((r) => r.rule_id),
    ['b|B', 'a|A'],
  );
  const all = recommendationFilters(new URLSearchParams('status=all&impacting=all&sort=total_risk&dir=asc'));
  assert.deepEqual(
    filterRecommendations(items, all).map((r) => r.rule_id),
    ['d|D', 'a|A', 'c|C', 'b|B'],
  );
});

test('recommendations: total risk list, category, text and status filters', () => {
  const items = [rec('a|A', 2, ['performance']), rec('b|B', 4, ['best_practices']), rec('c|C', 3, ['security'], { disabled: true })];
  const of = (q: string) => filterRecommendations(items, recommendationFilters(new URLSearchParams(q))).map((r) => r.rule_id);
  assert.deepEqual(of('total_risk=4,2'), ['b|B', 'a|A']);
  assert.deepEqual(of('category=best_practice'), ['b|B']);
  assert.deepEqual(of('text=ABOUT%20A'), ['a|A']);
  assert.deepEqual(of('status=disabled'), ['c|C']);
  // A rule without a category tag does not break sorting or filtering by category (spec Part 7 point 13).
  assert.deepEqual(of('category=security&status=all'), ['c|C']);
});

test('parseRisks keeps the values 1-4 only', () => {
  assert.deepEqual(parseRisks('4,x,0,2,5'), [4, 2]);
  assert.deepEqual(parseRisks(null), []);
});

test('clusters: sort by a risk column and filter by having that risk', () => {
  const c = (id: string, name: string, hits: Record<string, number>, last?: string): ClusterListItem => ({
    cluster_id: id,
    cluster_name: name,
    managed: false,
    total_hit_count: Object.values(hits).reduce((a, b) => a + b, 0),
    hits_by_total_risk: { '1': 0, '2': 0, '3': 0, '4': 0, ...hits },
    ...(last ? { last_checked_at: last } : {}),
  });
  const items = [c('1', 'alpha', { '4': 1 }, 'x'), c('2', 'beta', { '2': 3 }, 'x'), c('3', 'gamma', {})];
  const of = (q: string) => filterClusters(items, clusterFilters(new URLSearchParams(q))).map((x) => x.cluster_name);
  assert.deepEqual(of(''), ['beta', 'alpha', 'gamma']);
  assert.deepEqual(of('total_risk=4'), ['alpha']);
  assert.deepEqual(of('sort=cluster_name&dir=asc'), ['alpha', 'beta', 'gamma']);
  assert.deepEqual(of('text=GAM'), ['gamma']);
});

test('withParams sets and removes parameters, keeping the rest', () => {
  assert.equal(withParams(new URLSearchParams('a=1&b=2'), { a: undefined, c: '3', b: '' }).toString(), 'c=3');
});

test('categories: best_practice and best_practices are one category; no tag, no category', () => {
  assert.deepEqual(
    categoriesOf(['openshift', 'best_practices']).map((c) => c.name),
    ['Best Practice'],
  );
  assert.deepEqual(categoriesOf(['openshift']), []);
  assert.deepEqual(categoriesOf(null), []);
});

test('formatDate: UTC minutes; empty and the Go zero time give nothing', () => {
  assert.equal(formatDate('2026-11-30T10:11:12Z'), '2026-11-30 10:11 UTC');
  assert.equal(formatDate('0001-01-01T00:00:00Z'), '');
  assert.equal(formatDate(''), '');
  assert.equal(formatDate('not a date'), '');
});

test('renderTemplate fills doT interpolations from extra_data and executes nothing', () => {
  const data = { node: 'worker-2', op: { name: 'auth' }, list: ['x'], n: 0 };
  assert.equal(
    renderTemplate('Node **{{=it.node}}** ({{=it.op.name}}, {{=it["node"]}}, {{=it.n}})', data),
    'Node **worker-2** (auth, worker-2, 0)',
  );
  assert.equal(renderTemplate('{{=it.missing.deep}}|{{=it.list}}', data), '|["x"]');
  assert.equal(renderTemplate('{{? it.node }}shown{{?}}{{= alert(1) }}', data), 'shown');
});

function workload(cluster: string, namespace: string, highest: number, objects: number): Workload {
  return {
    cluster: { uuid: `${cluster}-uuid`, display_name: cluster },
    namespace: { uuid: `${namespace}-uuid`, name: namespace },
    metadata: { recommendations: 1, objects, reported_at: '', last_checked_at: '', highest_severity: highest, hits_by_severity: {} },
  };
}

test('workloads: highest severity first by default; filter by cluster or namespace name and by severity; sort', () => {
  const items = [workload('east', 'shop', 2, 3), workload('west', 'billing', 4, 1), workload('east', 'auth', 2, 9)];
  const names = (f: URLSearchParams) => filterWorkloads(items, workloadFilters(f)).map((w) => w.namespace.name);
  assert.deepEqual(names(new URLSearchParams()), ['billing', 'auth', 'shop']);
  assert.deepEqual(names(new URLSearchParams('text=EAST')), ['auth', 'shop']);
  assert.deepEqual(names(new URLSearchParams('severity=2&sort=objects&dir=asc')), ['shop', 'auth']);
  assert.deepEqual(names(new URLSearchParams('sort=namespace&dir=asc')), ['auth', 'billing', 'shop']);
  assert.deepEqual(names(new URLSearchParams('sort=bogus&severity=9')), ['billing', 'auth', 'shop']);
});

test("hitsByRisk sums the clusters' hits per total risk, 4..1 always present", () => {
  const c = (hits: Record<string, number>) => ({ hits_by_total_risk: hits }) as ClusterListItem;
  assert.deepEqual(hitsByRisk([c({ '1': 2, '3': 1 }), c({ '3': 4, '4': 0 }), c({})]), { 1: 2, 2: 0, 3: 5, 4: 0 });
});
