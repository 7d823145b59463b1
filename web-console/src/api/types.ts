// Wire types of the smart proxy's public API as the console reads them
// (../shared/spec/smart-proxy-and-content.md, 2.7-2.8 with Part 7). Field names are the proxy's.

/** A group (category) of recommendations: V2-5/V2-6 `groups`. */
export interface Group {
  title: string;
  description: string;
  tags: string[];
}

/** One entry of V2-4 `GET rule`: `{"recommendations":[…],"status":"ok"}`. */
export interface RecommendationListItem {
  rule_id: string;
  description: string;
  generic: string;
  publish_date: string;
  total_risk: number;
  resolution_risk: number;
  impact: number;
  likelihood: number;
  tags: string[];
  /** Acked org-wide. */
  disabled: boolean;
  impacted_clusters_count: number;
}

export interface RecommendationListResponse {
  recommendations: RecommendationListItem[] | null;
  status: string;
}

/** V2-6 `GET rule/{rule_id}` content: the recommendation with the user's data. */
export interface RecommendationDetail {
  rule_id: string;
  description: string;
  generic: string;
  reason: string;
  resolution: string;
  more_info: string;
  total_risk: number;
  impact: number;
  likelihood: number;
  publish_date: string;
  tags: string[];
  rating: number;
  hosts_acked_count: number;
  disabled: boolean;
  resolution_risk: number;
}

export interface RecommendationDetailResponse {
  content: RecommendationDetail;
  groups: Group[] | null;
  status: string;
}

/** V2-7 `GET rule/{selector}/clusters_detail`. */
export interface ImpactedCluster {
  cluster: string;
  cluster_name: string;
  last_checked_at: string;
  impacted: string;
  meta: { cluster_version: string };
}

export interface DisabledCluster {
  cluster_id: string;
  cluster_name: string;
  disabled_at: string;
  justification: string;
}

export interface ClustersDetailResponse {
  data: { enabled: ImpactedCluster[] | null; disabled: DisabledCluster[] | null };
  status: string;
}

/** V2-3 `GET clusters`. `last_checked_at` absent: the cluster has no Insights data. */
export interface ClusterListItem {
  cluster_id: string;
  cluster_name: string;
  managed: boolean;
  last_checked_at?: string;
  total_hit_count: number;
  hits_by_total_risk: Record<string, number>;
  cluster_version?: string;
}

export interface ClusterListResponse {
  data: ClusterListItem[] | null;
  meta: { count: number };
  status: string;
}

/** One rule of V2-1 `GET cluster/{cluster}/reports` (RuleWithContentResponse plus `impacted`). */
export interface ReportRule {
  /** The aggregator's module including `.report`. */
  rule_id: string;
  created_at: string;
  description: string;
  details: string;
  reason: string;
  resolution: string;
  more_info: string;
  total_risk: number;
  disabled: boolean;
  disable_feedback: string;
  disabled_at: string;
  internal: boolean;
  /** -1 dislike, 0 none, 1 like. */
  user_vote: number;
  extra_data: Record<string, unknown> & { error_key?: string };
  tags: string[];
  impacted?: string;
}

export interface ClusterReportResponse {
  report: {
    meta: { cluster_name: string; managed: boolean; count: number; last_checked_at: string; gathered_at?: string };
    data: ReportRule[] | null;
  };
  status: string;
}

/** V2-9 ack object (bare, no status). */
export interface Ack {
  rule: string;
  justification: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** V2-10 rating. */
export interface Rating {
  rule: string;
  rating: -1 | 0 | 1;
}

/** V2-12 on-demand gathering: `GET cluster/{cluster}/requests`. */
export interface GatheringRequest {
  requestID: string;
  valid: boolean;
  received: string;
  processed: string;
}

export interface GatheringRequestsResponse {
  cluster: string;
  requests: GatheringRequest[];
  status: string;
}

/** The proxy's error envelope (2.5). */
export interface StatusBody {
  status: string;
}

/** V2-13 `GET namespaces/dvo`: one namespace of one cluster with DVO (workload) recommendations. */
export interface WorkloadMetadata {
  recommendations: number;
  objects: number;
  reported_at: string;
  last_checked_at: string;
  highest_severity: number;
  /** Objects (detail) or hits (list) per severity (total risk), every known severity present. */
  hits_by_severity: Record<string, number>;
}

export interface Workload {
  cluster: { uuid: string; display_name: string };
  namespace: { uuid: string; name: string };
  metadata: WorkloadMetadata;
}

export interface WorkloadsResponse {
  workloads: Workload[] | null;
  status: string;
}

/** One recommendation of V2-13 `GET namespaces/dvo/{namespace}/cluster/{cluster}`. */
export interface WorkloadRecommendation {
  /** Composite rule ID `module|ERROR_KEY`. */
  check: string;
  /** The rule's description. */
  details: string;
  resolution: string;
  reason: string;
  more_info: string;
  modified: string;
  total_risk: number;
  extra_data: Record<string, unknown> | null;
  objects: { kind: string; uid: string; display_name: string }[] | null;
}

export interface WorkloadDetailResponse extends Workload {
  recommendations: WorkloadRecommendation[] | null;
  status: string;
}

/** The ingress's 202 answer to an upload (platform ingress shape). */
export interface UploadAccepted {
  request_id: string;
  upload: { account_number?: string; org_id?: string };
}
