/**
 * Org-wide acks (A15) and per-cluster disables (A7/A8) as the filters the views need. A15 must answer 200
 * (spec 2.6.1): anything else is a 500 here (upstream writes an empty 200, Quirk 2.10-14).
 */
import { AppError } from '#common/errors.js';
import type { AggregatorClient } from '../aggregator/client.js';
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

export async function ackList(aggregator: AggregatorClient, org: number): Promise<SystemWideAck[]> {
  const res = await aggregator.acks(org);
  if (res.status !== 200) throw new AppError('internal', `aggregator answered ${res.status} for the acks`);
  return res.json<{ disabledRules?: SystemWideAck[] | null }>().disabledRules ?? [];
}

/** The acked composite IDs `module|EK` (module without `.report`). */
export async function ackedIds(aggregator: AggregatorClient, org: number): Promise<Set<string>> {
  return new Set((await ackList(aggregator, org)).map((a) => `${stripReport(a.rule_id)}|${a.error_key}`));
}

/** cluster -> set of `module|EK` disabled on it; errors and 404 are an empty map (spec V1-14, V2-3). */
export async function disabledByCluster(
  res: Promise<{ status: number; json<T>(): T }>,
  log?: { warn(o: object, m: string): void },
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  try {
    const r = await res;
    if (r.status !== 200) return out;
    for (const rule of r.json<{ rules?: DisabledRule[] | null }>().rules ?? []) {
      let set = out.get(rule.ClusterID);
      if (!set) {
        set = new Set();
        out.set(rule.ClusterID, set);
      }
      set.add(`${stripReport(rule.RuleID)}|${rule.ErrorKey}`);
    }
  } catch (err) {
    if ((err as AppError).kind === 'unavailable') throw err;
    log?.warn({ err }, 'per-cluster disables could not be read');
  }
  return out;
}
