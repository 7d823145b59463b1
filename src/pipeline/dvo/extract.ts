/**
 * The DVO part of one archive (spec 5): `config/dvo_metrics` -> the `ccx.dvo.results` value.
 *
 * - absent: no DVO message (the cluster runs no Deployment Validation Operator; spec: no
 *   `workload_recommendations`, nothing published);
 * - present: a message, also with `workload_recommendations: []` when nothing fails, so that the db-writer
 *   clears the workloads it stored for the cluster before;
 * - bad (over `max_metrics_size`, not UTF-8, a line that cannot be read) or a message over
 *   `max_message_size` once compressed: refused with the reason; no DVO message, the stored workloads stay
 *   as they are, and the archive's OCP report is published as usual (upstream runs the DVO extraction as a
 *   separate service: a DVO problem never cost the OCP report). docs/compatibility.md.
 *
 * The value is `{"OrgID","AccountNumber"?,"ClusterName","Metrics","RequestId","LastChecked","Version"}`,
 * UTF-8 JSON and `\n`, gzip-compressed as a whole (level 9, as upstream's publisher).
 */
import { gzipSync } from 'node:zlib';
import type { DvoMetrics, DvoResultsMessage, WorkloadRecommendation } from '#contracts/results.js';
import type { Announcement } from '../announce/announce.js';
import type { ArchiveFiles } from '../archive/extract.js';
import { EXECUTION_CONTEXT, PLUGIN_SETS } from '../engine/engine.js';
import { DvoMetricsError, parseDvoMetrics } from './metrics-file.js';
import { workloadRecommendations } from './recommendations.js';

export const DVO_METRICS_PATH = 'config/dvo_metrics';
/** `Metrics.version` as upstream's DVO reports carry it. */
export const DVO_REPORT_VERSION = 1;

export interface DvoLimits {
  /** `config/dvo_metrics` larger than this is refused. */
  maxMetricsBytes: number;
  /**
   * A compressed `ccx.dvo.results` value larger than this is refused: under the broker's default
   * `message.max.bytes` (1,048,588 with the record's overhead), which would otherwise refuse it for ever.
   */
  maxMessageBytes: number;
}

export const DEFAULT_DVO_LIMITS: DvoLimits = { maxMetricsBytes: 8 * 2 ** 20, maxMessageBytes: 1_000_000 };

export type DvoFindings =
  | { kind: 'absent' }
  | { kind: 'found'; recommendations: WorkloadRecommendation[] }
  | { kind: 'refused'; reason: string };

/** Reads `config/dvo_metrics` out of the archive's files. */
export function dvoFindings(files: ArchiveFiles, limits: DvoLimits = DEFAULT_DVO_LIMITS): DvoFindings {
  const data = files.get(DVO_METRICS_PATH);
  if (data === undefined) return { kind: 'absent' };
  if (data.length > limits.maxMetricsBytes) {
    return {
      kind: 'refused',
      reason: `${DVO_METRICS_PATH} is ${data.length} bytes, over max_metrics_size (${limits.maxMetricsBytes} bytes)`,
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { kind: 'refused', reason: `${DVO_METRICS_PATH} is not UTF-8 text` };
  }
  try {
    return { kind: 'found', recommendations: workloadRecommendations(parseDvoMetrics(text)) };
  } catch (err) {
    if (err instanceof DvoMetricsError) return { kind: 'refused', reason: err.message };
    throw err;
  }
}

/** `Metrics`: the DVO report (insights-core's report shape without `reports`). */
export function dvoMetrics(recommendations: WorkloadRecommendation[], start: Date, finish: Date = new Date()): DvoMetrics {
  return {
    system: { metadata: {}, hostname: null },
    fingerprints: [],
    version: DVO_REPORT_VERSION,
    analysis_metadata: {
      start: start.toISOString(),
      finish: finish.toISOString(),
      execution_context: EXECUTION_CONTEXT,
      plugin_sets: PLUGIN_SETS,
    },
    workload_recommendations: recommendations,
  };
}

/** The message text (spec 5 field order), `\n`-terminated, before compression. */
export function dvoResultsText(a: Announcement, clusterName: string, metrics: DvoMetrics, version: number): string {
  const msg: DvoResultsMessage = { OrgID: a.orgId, ClusterName: clusterName, Metrics: metrics, LastChecked: a.timestamp };
  const ordered: Record<string, unknown> = { OrgID: msg.OrgID };
  if (a.account !== undefined) ordered.AccountNumber = a.account;
  Object.assign(ordered, {
    ClusterName: msg.ClusterName,
    Metrics: msg.Metrics,
    RequestId: a.requestId,
    LastChecked: msg.LastChecked,
    Version: version,
  });
  return `${JSON.stringify(ordered)}\n`;
}

export type DvoOutcome =
  | { kind: 'absent' }
  | { kind: 'publish'; value: Buffer; recommendations: number; workloads: number }
  | { kind: 'refused'; reason: string };

/** The DVO part of one processed archive: the compressed value to publish, or why there is none. */
export function dvoOutcome(
  files: ArchiveFiles,
  a: Announcement,
  clusterName: string,
  version: number,
  limits: DvoLimits,
  start: Date,
): DvoOutcome {
  const found = dvoFindings(files, limits);
  if (found.kind !== 'found') return found;
  const text = dvoResultsText(a, clusterName, dvoMetrics(found.recommendations, start), version);
  const value = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  if (value.length > limits.maxMessageBytes) {
    return {
      kind: 'refused',
      reason: `ccx.dvo.results message is ${value.length} bytes compressed, over max_message_size (${limits.maxMessageBytes} bytes)`,
    };
  }
  const workloads = found.recommendations.reduce((n, r) => n + r.workloads.length, 0);
  return { kind: 'publish', value, recommendations: found.recommendations.length, workloads };
}
