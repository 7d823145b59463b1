/** The `ccx.ocp.results` message of one archive (spec 4): upstream's field order, UTF-8 JSON and `\n`. */
import type { OcpResultsMessage } from '#contracts/results.js';
import type { Announcement } from '../announce/announce.js';
import type { EngineReport } from '../engine/engine.js';

/** The results schema version our engine produces (upstream's reports carry 2 today). */
export const RESULTS_VERSION = 2;

export function resultsMessage(a: Announcement, clusterName: string, report: EngineReport, gatheringTime: string): string {
  const msg: OcpResultsMessage = { OrgID: a.orgId, ClusterName: clusterName, Report: report, LastChecked: a.timestamp };
  const ordered: Record<string, unknown> = { OrgID: msg.OrgID };
  if (a.account !== undefined) ordered.AccountNumber = a.account;
  Object.assign(ordered, {
    ClusterName: msg.ClusterName,
    Report: msg.Report,
    LastChecked: msg.LastChecked,
    Version: RESULTS_VERSION,
    RequestId: a.requestId,
    Metadata: { gathering_time: gatheringTime },
  });
  return `${JSON.stringify(ordered)}\n`;
}
