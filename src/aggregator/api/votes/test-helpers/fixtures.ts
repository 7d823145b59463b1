/** Shared fixtures of the vote and per-cluster toggle route tests. */
import {
  BUG_KEY,
  BUG_MODULE,
  CLUSTER_IDS,
  KUBELET_KEY,
  KUBELET_MODULE,
  NEVER_STORED_CLUSTER,
  rowCounts as countTables,
} from '#test/helpers/fixtures.js';
import type { TestApi } from '#test/helpers/api.js';
import { seedReport } from '#test/helpers/seed.js';
import type { Db } from '../../../storage/db.js';

export { parserMessage, rawRequest } from '#test/helpers/fixtures.js';

export const ORG = 1;
export const OTHER_ORG = 2;
/** C1-C3 belong to ORG, C_OTHER to OTHER_ORG. */
export const [C1, C2, C3, C_OTHER] = CLUSTER_IDS;
/** Never stored. */
export const UNKNOWN = NEVER_STORED_CLUSTER;

export const RULE = `${KUBELET_MODULE}.report`;
export const KEY = KUBELET_KEY;
export const RULE2 = `${BUG_MODULE}.report`;
export const KEY2 = BUG_KEY;

export const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM cluster_rule_toggle', '") OR 1=1 --'];
export const INVALID_RULE_ID = 'invalid rule ID, it must contain only from latin characters, number, underscores or dots';

/** A body just over the server's 1 MiB limit. */
export const HUGE = JSON.stringify({ message: 'x'.repeat(1024 * 1024 + 16) });

export async function seedClusters(db: Db): Promise<void> {
  for (const cluster of [C1, C2, C3]) {
    await seedReport(db, {
      org: ORG,
      cluster,
      hits: [
        { component: RULE, key: KEY },
        { component: RULE2, key: KEY2 },
      ],
    });
  }
  await seedReport(db, { org: OTHER_ORG, cluster: C_OTHER, hits: [{ component: RULE, key: KEY }] });
}

const TABLES = ['report', 'rule_hit', 'cluster_rule_user_feedback', 'cluster_rule_toggle', 'cluster_user_rule_disable_feedback'] as const;

/** Row counts of the tables these routes touch (to prove a request changed nothing). */
export const rowCounts = (db: Db) => countTables(db, TABLES);

/** Joins path segments, each percent-encoded. */
export const seg = (...parts: (string | number)[]) => parts.map((p) => encodeURIComponent(String(p))).join('/');

export interface ClusterRuleTarget {
  cluster?: string;
  rule?: string;
  key?: string;
  org?: string | number;
  user?: string;
}

export function votePath(action: string, t: ClusterRuleTarget = {}): string {
  return seg(
    'clusters',
    t.cluster ?? C1,
    'rules',
    t.rule ?? RULE,
    'error_key',
    t.key ?? KEY,
    'organizations',
    t.org ?? ORG,
    'users',
    t.user ?? '1',
    action,
  );
}

export function getVotePath(t: ClusterRuleTarget = {}): string {
  return seg('clusters', t.cluster ?? C1, 'rules', t.rule ?? RULE, 'error_key', t.key ?? KEY, 'users', t.user ?? '1', 'get_vote');
}

export function togglePath(action: 'disable' | 'enable', t: ClusterRuleTarget = {}): string {
  return seg('clusters', t.cluster ?? C1, 'rules', t.rule ?? RULE, 'error_key', t.key ?? KEY, 'organizations', t.org ?? ORG, action);
}

export function feedbackPath(t: ClusterRuleTarget = {}): string {
  return votePath('disable_feedback', t);
}

/** The counter's current value. */
export async function feedbackCount(api: TestApi): Promise<number> {
  const metric = await api.metrics.feedbackOnRules.get();
  return metric.values[0]?.value ?? 0;
}
