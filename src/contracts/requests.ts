/**
 * On-demand data gathering: the per-request records the aggregator's valkey-writer keeps in Redis/Valkey
 * and the smart proxy reads (aggregator spec 2.5.3, smart-proxy spec 2.6.4 and V2-12). The key names,
 * hash fields and their formats are the wire contract between the two services (and with the Go ones).
 */

/** Lifetime of both keys of a request (upstream `ExpirationDuration = "24h"`). */
export const REQUEST_TTL_SECONDS = 24 * 60 * 60;

/** The existence marker: `organization:<org>:cluster:<cluster>:request:<RequestId>`, value `""`. */
export function requestKey(orgId: number | string, cluster: string, requestId: string): string {
  return `organization:${orgId}:cluster:${cluster}:request:${requestId}`;
}

/** Suffix of the hash holding the simplified report (`<marker>:reports`). */
export const REPORTS_SUFFIX = ':reports';

export function reportsKey(orgId: number | string, cluster: string, requestId: string): string {
  return requestKey(orgId, cluster, requestId) + REPORTS_SUFFIX;
}

/** SCAN match pattern of a cluster's request keys (at least one character after `request:`). */
export function requestScanPattern(orgId: number | string, cluster: string): string {
  return `organization:${orgId}:cluster:${cluster}:request:?*`;
}

/** The request ID of a key the SCAN returned (the text after `:request:`). */
export function requestIdOfKey(key: string): string {
  const at = key.lastIndexOf(':request:');
  return at < 0 ? '' : key.slice(at + ':request:'.length);
}

/**
 * The hash `<marker>:reports` (insights-results-types `SimplifiedReport`), fields in the order upstream
 * writes them. Every value is text: `org_id` decimal; both timestamps RFC 3339 with nanoseconds (Go's
 * RFC3339Nano), `received_timestamp` being the message's `Metadata.gathering_time`
 * (`0001-01-01T00:00:00Z` when absent) and `processed_timestamp` the time of storing; `rule_hits` a
 * comma-separated list of `module|ERROR_KEY` (module without `.report`).
 */
export interface SimplifiedReport {
  request_id: string;
  cluster_id: string;
  org_id: string;
  received_timestamp: string;
  processed_timestamp: string;
  rule_hits: string;
}

export const SIMPLIFIED_REPORT_FIELDS = [
  'request_id',
  'cluster_id',
  'org_id',
  'received_timestamp',
  'processed_timestamp',
  'rule_hits',
] as const satisfies readonly (keyof SimplifiedReport)[];

/** One entry of `v2/cluster/{c}/requests` (GET and POST). */
export interface RequestStatusEntry {
  requestID: string;
  valid: boolean;
  received: string;
  processed: string;
}

/** `GET|POST v2/cluster/{c}/requests`. */
export interface RequestListResponse {
  cluster: string;
  requests: RequestStatusEntry[];
  status: 'ok';
}

/** `GET v2/cluster/{c}/request/{r}/status`. */
export interface RequestStatusResponse {
  cluster: string;
  requestID: string;
  status: 'processed';
}

/** One rule of `GET v2/cluster/{c}/request/{r}/report` (`description` carries the content's generic text). */
export interface RequestReportRule {
  rule_fqdn: string;
  error_key: string;
  description: string;
  total_risk: number;
}

export interface RequestReportResponse {
  cluster: string;
  requestID: string;
  status: 'processed';
  report: RequestReportRule[];
}
