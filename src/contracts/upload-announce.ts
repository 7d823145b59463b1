/**
 * The value of a `platform.upload.announce` record (spec pipeline.md 1), as the platform's ingress produces
 * it and the rules pipeline consumes it (src/pipeline/announce parses it). The record carries the Kafka
 * header `service` (the service named by the upload's content type, `openshift` for the Insights Operator).
 */
export interface UploadAnnouncement {
  /** Where the archive can be downloaded (a presigned S3 GET URL). */
  url: string;
  /** Base64 of the uploader's `x-rh-identity` JSON; `identity.internal.org_id` is required by the pipeline. */
  b64_identity: string;
  /** RFC 3339 time of the upload. */
  timestamp: string;
  /** 32 hex characters. */
  request_id: string;
  account?: string;
  org_id?: string;
  principal?: string;
  /** Bytes of the archive. */
  size?: number;
  /** From the content type: `application/vnd.redhat.<service>.<category>+tgz`. */
  category?: string;
  service?: string;
  metadata?: Record<string, unknown>;
  /** The cluster's UUID when the uploader named it (the operator does not: the archive's `config/id` does). */
  cluster_name?: string;
}

/** The Kafka header naming the service of an announced upload. */
export const ANNOUNCE_SERVICE_HEADER = 'service';

/** The ingress's answer to an accepted upload (HTTP 202). */
export interface UploadAccepted {
  request_id: string;
  upload: { account_number: string; org_id: string };
}
