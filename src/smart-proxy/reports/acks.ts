/**
 * Org-wide acks (A15) and per-cluster disables (A7/A8) as the filters the views need. A15 must answer 200
 * (spec 2.6.1): anything else is a 500 here (upstream writes an empty 200, Quirk 2.10-14).
 */
import { AppError } from '#common/errors.js';
import type { AggregatorClient } from '../aggregator/client.js';
import type { UpstreamResponse } from '../upstream/http.js';
import { stripReport } from '../content/store.js';

export interface SystemWideAck {
  org_id: number;
  user_id: string;
  rule_id: string;
  error_key: string;
  justification: string;
  created_at: { Time: string; Valid: boolean };
  updated_at: { Time: string; Valid: boolean };
}

export interface DisabledRule {
  ClusterID: string;
  RuleID: string;
  ErrorKey: string;
}

/** The org's acks: the list and its composite IDs (read-only: shared by every caller of the read). */
interface OrgAcks {
  list: readonly SystemWideAck[];
  /** `module|EK` (module without `.report`). */
  ids: ReadonlySet<string>;
}

/** A15, shared while in flight by all of the org's requests (upstream/in-flight.ts). */
function orgAcks(aggregator: AggregatorClient, org: number): Promise<OrgAcks> {
  return aggregator.orgReads.get(`acks ${org}`, async () => {
    const res = await aggregator.acks(org);
    if (res.status !== 200) throw new AppError('internal', `aggregator answered ${res.status} for the acks`);
    const list = res.json<{ disabledRules?: SystemWideAck[] | null }>().disabledRules ?? [];
    return { list, ids: new Set(list.map((a) => `${stripReport(a.rule_id)}|${a.error_key}`)) };
  });
}

export async function ackList(aggregator: AggregatorClient, org: number): Promise<readonly SystemWideAck[]> {
  return (await orgAcks(aggregator, org)).list;
}

/** The acked composite IDs `module|EK` (module without `.report`). */
export async function ackedIds(aggregator: AggregatorClient, org: number): Promise<ReadonlySet<string>> {
  return (await orgAcks(aggregator, org)).ids;
}

/** cluster -> set of `module|EK` disabled on it (read-only, shared by every caller of the read). */
export type ClusterDisables = ReadonlyMap<string, ReadonlySet<string>>;

/** A7/A8's answer as the map; a non-200 answer is an empty map (spec V1-14, V2-3). */
function disablesOf(r: UpstreamResponse): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (r.status !== 200) return out;
  for (const rule of r.json<{ rules?: DisabledRule[] | null }>().rules ?? []) {
    let set = out.get(rule.ClusterID);
    if (!set) {
      set = new Set();
      out.set(rule.ClusterID, set);
    }
    set.add(`${stripReport(rule.RuleID)}|${rule.ErrorKey}`);
  }
  return out;
}

/**
 * The org's per-cluster disables, all of them (A7, `clusters` omitted) or those of the listed clusters (A8,
 * `clusters`: the IDs' JSON text), shared while in flight. Errors are an empty map, except an unreachable
 * aggregator.
 */
export async function disabledByCluster(
  aggregator: AggregatorClient,
  org: number,
  log?: { warn(o: object, m: string): void },
  clusters?: string,
): Promise<ClusterDisables> {
  try {
    return await aggregator.orgReads.get(clusters === undefined ? `disabled ${org}` : `disabled ${org} ${clusters}`, async () =>
      disablesOf(await (clusters === undefined ? aggregator.disabledRules(org) : aggregator.disabledForClusters(org, clusters))),
    );
  } catch (err) {
    if ((err as AppError).kind === 'unavailable') throw err;
    log?.warn({ err }, 'per-cluster disables could not be read');
    return new Map();
  }
}
