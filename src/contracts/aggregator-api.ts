/**
 * The aggregator's REST answers another service reads (spec 4.4.3): the smart proxy builds its v1/v2
 * reports from them. The aggregator writes these bodies as text in Go's field order (the key lists below
 * are that order; its tests check the rendered bodies against them); the proxy parses them.
 */

/** One rule hit of a cluster's report with this user's state. */
export interface RuleHitJson {
  /** The rule module, with `.report`. */
  component: string;
  /** The error key. */
  key: string;
  /** This user's vote on (cluster, component): -1, 0 or 1. */
  user_vote: number;
  disabled: boolean;
  /** This user's disable feedback, '' when none. */
  disable_feedback: string;
  /** RFC 3339 seconds, '' when none. */
  disabled_at: string;
  /** The template data (re-encoded JSON; a base64 string when the stored text is not JSON). */
  details: unknown;
  /** When the hit first appeared, RFC 3339 seconds (Go's zero time for NULL). Not on the single-rule answer. */
  impacted?: string;
}

export const RULE_HIT_KEYS = [
  'component',
  'key',
  'user_vote',
  'disabled',
  'disable_feedback',
  'disabled_at',
  'details',
  'impacted',
] as const satisfies readonly (keyof RuleHitJson)[];

export interface ReportMeta {
  /** Always '' from the aggregator (the smart proxy fills it). */
  cluster_name: string;
  /** Number of rule hits, -1 when there are none. */
  count: number;
  /** RFC 3339 seconds. */
  last_checked_at: string;
  /** RFC 3339 seconds; absent when unknown. */
  gathered_at?: string;
}

export const REPORT_META_KEYS = [
  'cluster_name',
  'count',
  'last_checked_at',
  'gathered_at',
] as const satisfies readonly (keyof ReportMeta)[];

/** `GET {p}organizations/{org_id}/clusters/{cluster}/users/{user_id}/report`. */
export interface ReportResponse {
  report: { meta: ReportMeta; reports: RuleHitJson[] };
  status: 'ok';
}

/** `GET {p}organizations/{org_id}/clusters/{cluster}/users/{user_id}/rules/{rule_id}` (no `impacted`). */
export interface SingleRuleResponse {
  report: Omit<RuleHitJson, 'impacted'>;
  status: 'ok';
}

/** `GET {p}organizations/{org_id}/clusters/{cluster}/users/{user_id}/report/info`. */
export interface ReportInfoResponse {
  metainfo: { count: number; last_checked_at: string; stored_at: string };
  status: 'ok';
}

/** `GET|POST {p}organizations/{org_id}/clusters/.../reports`: stored reports of several clusters. */
export interface ClusterReportsResponse {
  /** Found clusters in request order; null when none. */
  clusters: string[] | null;
  /** Requested clusters without a (parsable) stored report; null when none. */
  errors: string[] | null;
  /** Cluster -> its stored insights-core report, as stored. */
  reports: Record<string, unknown>;
  generated_at: string;
  status: 'ok';
}

/** Every key list names every key of its type (checked at compile time). */
type Exhaustive<T, K extends readonly (keyof T)[]> = Exclude<keyof T, K[number]> extends never ? true : never;
export const CONTRACT_KEYS_COMPLETE: [Exhaustive<RuleHitJson, typeof RULE_HIT_KEYS>, Exhaustive<ReportMeta, typeof REPORT_META_KEYS>] = [
  true,
  true,
];
