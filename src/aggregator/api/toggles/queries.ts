/**
 * Queries of the per-cluster toggle routes (spec 3.5, 4.4.5). Org IDs are VARCHAR in these tables and
 * hold the decimal string. Bound parameters only; the same code runs on PostgreSQL and SQLite.
 */
import { distinctChunks } from '#common/sql/chunks.js';
import { precompiledFor } from '#common/sql/precompile.js';
import type { Db } from '../../storage/db.js';

export interface Toggle {
  cluster: string;
  ruleId: string;
  errorKey: string;
  orgId: number;
  disabled: boolean;
  /** Storage timestamp text. */
  now: string;
}

/** Upsert keyed by (cluster_id, rule_id, error_key): disable sets disabled_at, enable sets enabled_at. */
export async function toggleRule(db: Db, t: Toggle): Promise<void> {
  const state = {
    org_id: String(t.orgId),
    disabled: t.disabled ? 1 : 0,
    disabled_at: t.disabled ? t.now : null,
    enabled_at: t.disabled ? null : t.now,
    updated_at: t.now,
  };
  await db.kysely
    .insertInto('cluster_rule_toggle')
    .values({ cluster_id: t.cluster, rule_id: t.ruleId, error_key: t.errorKey, ...state })
    .onConflict((oc) => oc.columns(['cluster_id', 'rule_id', 'error_key']).doUpdateSet(state))
    .execute();
}

export interface DisableFeedback {
  cluster: string;
  ruleId: string;
  errorKey: string;
  orgId: number;
  userId: string;
  message: string;
  now: string;
}

/** Upsert keyed by (cluster_id, user_id, rule_id, error_key); added_at and org_id on insert only. */
export async function upsertDisableFeedback(db: Db, f: DisableFeedback): Promise<void> {
  await db.kysely
    .insertInto('cluster_user_rule_disable_feedback')
    .values({
      cluster_id: f.cluster,
      user_id: f.userId,
      rule_id: f.ruleId,
      error_key: f.errorKey,
      org_id: String(f.orgId),
      message: f.message,
      added_at: f.now,
      updated_at: f.now,
    })
    .onConflict((oc) =>
      oc.columns(['cluster_id', 'user_id', 'rule_id', 'error_key']).doUpdateSet({ message: f.message, updated_at: f.now }),
    )
    .execute();
}

export interface DisabledRuleRow {
  cluster_id: string;
  rule_id: string;
  error_key: string;
  disabled_at: string | null;
  updated_at: string;
}

const byRule = (a: DisabledRuleRow, b: DisabledRuleRow) =>
  cmp(a.cluster_id, b.cluster_id) || cmp(a.rule_id, b.rule_id) || cmp(a.error_key, b.error_key);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `cluster_rule_toggle` rows with org_id = ? AND disabled = 1, optionally restricted to a cluster list.
 * The list comes unvalidated from a request body (up to 1 MiB), so it is de-duplicated and queried in
 * chunks: a long list must not exceed the databases' bound-parameter limits. Sorted by (cluster, rule, key).
 */
export async function listDisabledRules(db: Db, orgId: number, clusters?: string[]): Promise<DisabledRuleRow[]> {
  if (clusters === undefined)
    return (await db.kysely.executeQuery(orgStatement<DisabledRuleRow>(db, { org: String(orgId) }))).rows.sort(byRule);
  const rows: DisabledRuleRow[] = [];
  for (const chunk of distinctChunks(clusters))
    rows.push(...(await orgDisables(db, String(orgId)).where('cluster_id', 'in', chunk).execute()));
  return rows.sort(byRule);
}

/** The whole org's list (the smart proxy's v1/v2 lists read it on every request): compiled once per storage. */
const orgStatement = precompiledFor(['org'] as const, (db: Db, p) => orgDisables(db, p.org));

function orgDisables(db: Db, org: string) {
  return db.kysely
    .selectFrom('cluster_rule_toggle')
    .select(['cluster_id', 'rule_id', 'error_key', 'disabled_at', 'updated_at'])
    .where('org_id', '=', org)
    .where('disabled', '=', 1);
}

export interface ReasonRow {
  cluster_id: string;
  rule_id: string;
  error_key: string;
  message: string;
  added_at: string;
  updated_at: string;
}

/** Every disable justification written by one user_id, across all orgs. */
/** A user's disable reasons; with `orgId` (auth on) only those given in that org. */
export async function listReasons(db: Db, userId: string, orgId?: number): Promise<ReasonRow[]> {
  let query = db.kysely
    .selectFrom('cluster_user_rule_disable_feedback')
    .select(['cluster_id', 'rule_id', 'error_key', 'message', 'added_at', 'updated_at'])
    .where('user_id', '=', userId);
  if (orgId !== undefined) query = query.where('org_id', '=', String(orgId));
  return query.orderBy('cluster_id').orderBy('rule_id').orderBy('error_key').execute();
}

export interface DisabledClusterRow {
  cluster_id: string;
  disabled_at: string | null;
  justification: string | null;
}

/**
 * Clusters of the org on which (rule_id, error_key) is disabled, newest disabled_at first, each with the
 * message of the newest disable feedback for the same (cluster, org, rule, key) by any user.
 */
export async function listDisabledClusters(db: Db, orgId: number, ruleId: string, errorKey: string): Promise<DisabledClusterRow[]> {
  const org = String(orgId);
  return db.kysely
    .selectFrom('cluster_rule_toggle as t')
    .select((eb) => [
      't.cluster_id',
      't.disabled_at',
      eb
        .selectFrom('cluster_user_rule_disable_feedback as f')
        .select('f.message')
        .whereRef('f.cluster_id', '=', 't.cluster_id')
        .where('f.org_id', '=', org)
        .where('f.rule_id', '=', ruleId)
        .where('f.error_key', '=', errorKey)
        .orderBy('f.updated_at', 'desc')
        .orderBy('f.added_at', 'desc')
        .orderBy('f.user_id')
        .limit(1)
        .as('justification'),
    ])
    .where('t.org_id', '=', org)
    .where('t.rule_id', '=', ruleId)
    .where('t.error_key', '=', errorKey)
    .where('t.disabled', '=', 1)
    .orderBy('t.disabled_at', (ob) => ob.desc().nullsFirst()) // PostgreSQL's DESC order, on both databases
    .orderBy('t.cluster_id')
    .execute();
}
