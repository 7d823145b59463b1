/**
 * A status message on the platform's payload-tracker topic (`platform.payload-status`, spec 2.9), produced
 * by every service that handles an upload's data (the db-writer, the rules pipeline) for the platform's
 * payload tracker. JSON; `org_id` and `account` are decimal strings, left out when unknown.
 */
export type PayloadStatus = 'received' | 'processing' | 'processed' | 'success' | 'error';

export interface PayloadTrackerMessage {
  /** The reporting service, e.g. `insights-results-db-writer`. */
  service: string;
  request_id: string;
  status: PayloadStatus;
  /** UTC, RFC 3339 with nanoseconds (Go's RFC3339Nano: trailing zeros of the fraction trimmed). */
  date: string;
  org_id?: string;
  account?: string;
  status_msg?: string;
}
