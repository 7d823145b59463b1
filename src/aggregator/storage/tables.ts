/**
 * The final schema (spec 3.3) as Kysely table types. Timestamps are the storage text
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` (see common/time.ts); JSONB is read as text.
 */
import type { ColumnType } from 'kysely';

type Ts = string;
type NullableTs = ColumnType<string | null, string | null | undefined, string | null>;

export interface ReportTable {
  org_id: number;
  cluster: string;
  report: string;
  reported_at: NullableTs;
  last_checked_at: NullableTs;
  kafka_offset: ColumnType<string | number, number | undefined, number>;
  gathered_at: NullableTs;
}

export interface RuleHitTable {
  org_id: number;
  cluster_id: string;
  rule_fqdn: string;
  error_key: string;
  template_data: string;
  created_at: NullableTs;
}

export interface RecommendationTable {
  org_id: number;
  cluster_id: string;
  rule_fqdn: string;
  error_key: string;
  rule_id: ColumnType<string, string | undefined, string>;
  created_at: NullableTs;
  impacted_since: NullableTs;
}

export interface ReportInfoTable {
  org_id: number;
  cluster_id: string;
  version_info: string;
}

export interface ClusterRuleUserFeedbackTable {
  cluster_id: string;
  rule_id: string;
  user_id: string;
  message: string;
  user_vote: number;
  added_at: Ts;
  updated_at: Ts;
  error_key: ColumnType<string, string | undefined, string>;
  org_id: ColumnType<string, string | undefined, string>;
}

export interface ClusterRuleToggleTable {
  cluster_id: string;
  rule_id: string;
  disabled: number;
  disabled_at: NullableTs;
  enabled_at: NullableTs;
  updated_at: Ts;
  disabled_check: ColumnType<number | null, number | null | undefined, number | null>;
  error_key: ColumnType<string, string | undefined, string>;
  org_id: ColumnType<string, string | undefined, string>;
}

export interface ClusterUserRuleDisableFeedbackTable {
  cluster_id: string;
  user_id: string;
  rule_id: string;
  message: string;
  added_at: Ts;
  updated_at: Ts;
  error_key: ColumnType<string, string | undefined, string>;
  org_id: ColumnType<string, string | undefined, string>;
}

export interface RuleDisableTable {
  org_id: string;
  rule_id: string;
  error_key: string;
  justification: string | null;
  created_at: Ts;
  updated_at: NullableTs;
}

export interface AdvisorRatingsTable {
  org_id: string;
  rule_fqdn: string;
  error_key: string;
  rated_at: NullableTs;
  last_updated_at: NullableTs;
  rating: number | null;
  rule_id: ColumnType<string, string | undefined, string>;
}

export interface ConsumerErrorTable {
  topic: string;
  partition: number;
  topic_offset: number;
  key: string | null;
  produced_at: Ts;
  consumed_at: Ts;
  message: string | null;
  error: string;
}

export interface MigrationInfoTable {
  version: number;
}

export interface DvoReportTable {
  org_id: number;
  cluster_id: string;
  namespace_id: string;
  namespace_name: string | null;
  report: string | null;
  recommendations: number;
  objects: number;
  reported_at: NullableTs;
  last_checked_at: NullableTs;
  rule_hits_count: ColumnType<string | null, string | undefined, string>;
}

/** Tables of schema `public` (OCP) and, qualified, of schema `dvo`. */
export interface Database {
  report: ReportTable;
  rule_hit: RuleHitTable;
  recommendation: RecommendationTable;
  report_info: ReportInfoTable;
  cluster_rule_user_feedback: ClusterRuleUserFeedbackTable;
  cluster_rule_toggle: ClusterRuleToggleTable;
  cluster_user_rule_disable_feedback: ClusterUserRuleDisableFeedbackTable;
  rule_disable: RuleDisableTable;
  advisor_ratings: AdvisorRatingsTable;
  consumer_error: ConsumerErrorTable;
  migration_info: MigrationInfoTable;
  'dvo.dvo_report': DvoReportTable;
  'dvo.migration_info': MigrationInfoTable;
}
