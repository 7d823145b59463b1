/**
 * The rules engine's results on Kafka (spec 2.2): one JSON object per message, produced by the rules
 * pipeline (insights-core / dvo-extractor upstream; src/pipeline here) and consumed by the db-writer
 * (src/aggregator/db-writer). Field names are Go's (`encoding/json` of the upstream structs); the db-writer
 * decodes them as Go does (exact name, else case-insensitive), so these are the names to produce.
 */

/** Default topics (config `broker.topic`). */
export const OCP_RESULTS_TOPIC = 'ccx.ocp.results';
export const DVO_RESULTS_TOPIC = 'ccx.dvo.results';

/** What OCP and DVO messages share. */
export interface ResultsEnvelope {
  /** uint32; required. */
  OrgID: number;
  /** uint32; only for the payload tracker. */
  AccountNumber?: number;
  /** A UUID; required. */
  ClusterName: string;
  /** Archive upload time, RFC 3339 with an optional fraction, `Z` or `±hh:mm`. */
  LastChecked: string;
  /** Schema version: 1 or 2 (anything else is accepted with a warning). */
  Version?: number;
  /** The ingress request ID (payload tracker, logs); '' means none. */
  RequestId?: string;
  /** `gathering_time`: when the Insights operator gathered the archive (RFC 3339). */
  Metadata?: { gathering_time: string };
}

/** One rule hit of `Report.reports` (the db-writer reads `component`, `key`, `details`). */
export interface ReportRuleHit {
  /** `<rule module>|<ERROR_KEY>` with the module's last part only. */
  rule_id?: string;
  /** The rule module, ending in `.report`: stored as `rule_fqdn`. */
  component: string;
  type?: string;
  /** The error key. */
  key: string;
  /** Template data: arbitrary JSON, stored verbatim. */
  details: unknown;
  tags?: string[];
  links?: Record<string, string[]>;
}

/** One element of `Report.info`; only `version_info|CLUSTER_VERSION_INFO` is used (its `details.version`). */
export interface ReportInfo {
  info_id: string;
  component?: string;
  type?: string;
  key: string;
  /** An object whose values are all strings. */
  details: Record<string, string>;
}

/** The insights-core report of one archive. `system`, `reports` and `fingerprints` are required. */
export interface InsightsReport {
  system: unknown;
  reports: ReportRuleHit[];
  fingerprints: unknown[];
  skips?: unknown[];
  pass?: unknown[];
  info?: ReportInfo[];
  analysis_metadata?: unknown;
}

/** A message of `ccx.ocp.results`. */
export interface OcpResultsMessage extends ResultsEnvelope {
  Report: InsightsReport;
}

/** One workload a DVO recommendation applies to. */
export interface DvoWorkload {
  namespace: string;
  namespace_uid: string;
  kind: string;
  name: string;
  uid: string;
}

/** One element of `Metrics.workload_recommendations`. */
export interface WorkloadRecommendation {
  response_id?: string;
  /** The recommendation module, ending in `.recommendation`. */
  component: string;
  key: string;
  /** An object. */
  details: Record<string, unknown>;
  tags?: string[];
  links?: Record<string, string[]>;
  workloads: DvoWorkload[];
}

/** The dvo-extractor's metrics of one archive. */
export interface DvoMetrics {
  system?: unknown;
  fingerprints?: unknown[];
  version?: number;
  analysis_metadata?: unknown;
  workload_recommendations: WorkloadRecommendation[];
}

/** A message of `ccx.dvo.results` (the value may also be gzip-compressed JSON). */
export interface DvoResultsMessage extends ResultsEnvelope {
  Metrics: DvoMetrics;
}

/** A field name of either message (the db-writer's Go struct names each one). */
export type ResultsMessageField = keyof OcpResultsMessage | keyof DvoResultsMessage;
