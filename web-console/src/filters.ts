// Filtering and sorting of the lists, driven by URL query parameters (so views can be linked and reloaded).
import type { ClusterListItem, RecommendationListItem, ReportRule, Workload } from './api/types.ts';
import { CATEGORIES } from './labels.ts';

export type SortDir = 'asc' | 'desc';

/** `total_risk=4,3` -> [4, 3]; anything else in the list is ignored. */
export function parseRisks(value: string | null): number[] {
  return (value ?? '')
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 4);
}

function hasCategory(tags: readonly string[] | null | undefined, categoryId: string): boolean {
  const category = CATEGORIES.find((c) => c.id === categoryId);
  return category !== undefined && (tags ?? []).some((t) => category.tags.includes(t));
}

export interface RecommendationFilters {
  text: string;
  risks: number[];
  category: string;
  /** all | enabled | disabled (acked) */
  status: string;
  /** Impacting clusters: all | yes | no */
  impacting: string;
  sort: 'total_risk' | 'description' | 'publish_date' | 'impacted_clusters_count';
  dir: SortDir;
}

export function recommendationFilters(params: URLSearchParams): RecommendationFilters {
  const sort = params.get('sort');
  return {
    text: params.get('text') ?? '',
    risks: parseRisks(params.get('total_risk')),
    category: params.get('category') ?? '',
    status: params.get('status') ?? 'enabled',
    impacting: params.get('impacting') ?? 'yes',
    sort: sort === 'description' || sort === 'publish_date' || sort === 'impacted_clusters_count' ? sort : 'total_risk',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
}

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function filterRecommendations(items: readonly RecommendationListItem[], f: RecommendationFilters): RecommendationListItem[] {
  const text = f.text.trim().toLowerCase();
  const out = items.filter(
    (r) =>
      (!text || r.description.toLowerCase().includes(text) || r.rule_id.toLowerCase().includes(text)) &&
      (f.risks.length === 0 || f.risks.includes(r.total_risk)) &&
      (!f.category || hasCategory(r.tags, f.category)) &&
      (f.status === 'all' || (f.status === 'disabled') === r.disabled) &&
      (f.impacting === 'all' || (f.impacting === 'yes') === r.impacted_clusters_count > 0),
  );
  const sign = f.dir === 'asc' ? 1 : -1;
  return out.sort((a, b) => sign * compare(a[f.sort], b[f.sort]) || a.description.localeCompare(b.description));
}

export interface ClusterFilters {
  text: string;
  /** only clusters with at least one hit of this total risk */
  risk: number | undefined;
  sort: 'cluster_name' | 'cluster_version' | 'total_hit_count' | 'last_checked_at' | '4' | '3' | '2' | '1';
  dir: SortDir;
}

const CLUSTER_SORTS = ['cluster_name', 'cluster_version', 'total_hit_count', 'last_checked_at', '4', '3', '2', '1'] as const;

export function clusterFilters(params: URLSearchParams): ClusterFilters {
  const sort = params.get('sort') as ClusterFilters['sort'] | null;
  const risk = parseRisks(params.get('total_risk'))[0];
  return {
    text: params.get('text') ?? '',
    risk,
    sort: sort && CLUSTER_SORTS.includes(sort) ? sort : 'total_hit_count',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
}

function clusterKey(c: ClusterListItem, sort: ClusterFilters['sort']): string | number {
  if (sort === 'cluster_name') return c.cluster_name || c.cluster_id;
  if (sort === 'cluster_version') return c.cluster_version ?? '';
  if (sort === 'total_hit_count') return c.total_hit_count;
  if (sort === 'last_checked_at') return c.last_checked_at ?? '';
  return c.hits_by_total_risk[sort] ?? 0;
}

export function filterClusters(items: readonly ClusterListItem[], f: ClusterFilters): ClusterListItem[] {
  const text = f.text.trim().toLowerCase();
  const out = items.filter(
    (c) =>
      (!text || c.cluster_name.toLowerCase().includes(text) || c.cluster_id.includes(text)) &&
      (f.risk === undefined || (c.hits_by_total_risk[String(f.risk)] ?? 0) > 0),
  );
  const sign = f.dir === 'asc' ? 1 : -1;
  return out.sort((a, b) => sign * compare(clusterKey(a, f.sort), clusterKey(b, f.sort)) || a.cluster_name.localeCompare(b.cluster_name));
}

/** A cluster's hits with `?total_risk=` applied, highest risk first. */
export function filterReport(rules: readonly ReportRule[], risks: number[]): ReportRule[] {
  return rules
    .filter((r) => risks.length === 0 || risks.includes(r.total_risk))
    .sort((a, b) => b.total_risk - a.total_risk || a.description.localeCompare(b.description));
}

export interface WorkloadFilters {
  text: string;
  /** only namespaces whose highest severity is this */
  severity: number | undefined;
  sort: 'cluster' | 'namespace' | 'recommendations' | 'objects' | 'highest_severity' | 'last_checked_at';
  dir: SortDir;
}

const WORKLOAD_SORTS = ['cluster', 'namespace', 'recommendations', 'objects', 'highest_severity', 'last_checked_at'] as const;

export function workloadFilters(params: URLSearchParams): WorkloadFilters {
  const sort = params.get('sort') as WorkloadFilters['sort'] | null;
  return {
    text: params.get('text') ?? '',
    severity: parseRisks(params.get('severity'))[0],
    sort: sort && WORKLOAD_SORTS.includes(sort) ? sort : 'highest_severity',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
}

function workloadKey(w: Workload, sort: WorkloadFilters['sort']): string | number {
  if (sort === 'cluster') return w.cluster.display_name || w.cluster.uuid;
  if (sort === 'namespace') return w.namespace.name || w.namespace.uuid;
  if (sort === 'last_checked_at') return w.metadata.last_checked_at ?? '';
  return w.metadata[sort] ?? 0;
}

/** Namespaces matching the name (cluster or namespace) and severity filters, sorted. */
export function filterWorkloads(items: readonly Workload[], f: WorkloadFilters): Workload[] {
  const text = f.text.trim().toLowerCase();
  const name = (w: Workload) => `${w.cluster.display_name} ${w.cluster.uuid} ${w.namespace.name} ${w.namespace.uuid}`.toLowerCase();
  const out = items.filter(
    (w) => (!text || name(w).includes(text)) && (f.severity === undefined || w.metadata.highest_severity === f.severity),
  );
  const sign = f.dir === 'asc' ? 1 : -1;
  return out.sort(
    (a, b) =>
      sign * compare(workloadKey(a, f.sort), workloadKey(b, f.sort)) || (a.namespace.name ?? '').localeCompare(b.namespace.name ?? ''),
  );
}

/** Hits by total risk summed over the clusters (the overview's chart): risk -> count, 4..1 all present. */
export function hitsByRisk(clusters: readonly ClusterListItem[]): Record<number, number> {
  const out: Record<number, number> = { 4: 0, 3: 0, 2: 0, 1: 0 };
  for (const c of clusters)
    for (const [risk, n] of Object.entries(c.hits_by_total_risk ?? {})) if (Number(risk) in out) out[Number(risk)]! += n;
  return out;
}

/** Sets or removes query parameters, keeping the others. */
export function withParams(params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}
