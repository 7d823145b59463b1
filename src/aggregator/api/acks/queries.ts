/**
 * Org-wide ("system-wide") rule disables, table `rule_disable` (spec 3.3, 3.5 "System-wide disables").
 * `org_id` is VARCHAR in the table: the numeric org is stored as its decimal text, as upstream's untyped
 * parameter ends up.
 */
import { precompiledFor } from '#common/sql/precompile.js';
import type { Db } from '../../storage/db.js';

export interface RuleDisableRow {
  org_id: string;
  rule_id: string;
  error_key: string;
  justification: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface RuleKey {
  orgId: number;
  ruleId: string;
  errorKey: string;
}

const COLUMNS = ['org_id', 'rule_id', 'error_key', 'justification', 'created_at', 'updated_at'] as const;

/** Upsert: justification and created_at are (over)written; updated_at is left untouched. */
export async function disableRuleSystemWide(db: Db, key: RuleKey, justification: string, now: string): Promise<void> {
  await db.kysely
    .insertInto('rule_disable')
    .values({ org_id: String(key.orgId), rule_id: key.ruleId, error_key: key.errorKey, justification, created_at: now })
    .onConflict((oc) => oc.columns(['org_id', 'rule_id', 'error_key']).doUpdateSet({ justification, created_at: now }))
    .execute();
}

/** Deletes the row; no error when there is none. */
export async function enableRuleSystemWide(db: Db, key: RuleKey): Promise<void> {
  await db.kysely
    .deleteFrom('rule_disable')
    .where('org_id', '=', String(key.orgId))
    .where('rule_id', '=', key.ruleId)
    .where('error_key', '=', key.errorKey)
    .execute();
}

/** Sets a new justification and updated_at; a no-op when the rule is not disabled. */
export async function updateRuleSystemWide(db: Db, key: RuleKey, justification: string, now: string): Promise<void> {
  await db.kysely
    .updateTable('rule_disable')
    .set({ justification, updated_at: now })
    .where('org_id', '=', String(key.orgId))
    .where('rule_id', '=', key.ruleId)
    .where('error_key', '=', key.errorKey)
    .execute();
}

export async function readDisabledRule(db: Db, key: RuleKey): Promise<RuleDisableRow | undefined> {
  return db.kysely
    .selectFrom('rule_disable')
    .select(COLUMNS)
    .where('org_id', '=', String(key.orgId))
    .where('rule_id', '=', key.ruleId)
    .where('error_key', '=', key.errorKey)
    .executeTakeFirst();
}

/**
 * Every system-wide disable of an org (ordered for a stable output; upstream has no ORDER BY). The smart
 * proxy reads it for every report and every list it serves, so the statement is compiled once per
 * storage instead of per request.
 */
export async function listDisabledRules(db: Db, orgId: number): Promise<RuleDisableRow[]> {
  return (await db.kysely.executeQuery(listStatement<RuleDisableRow>(db, { org: String(orgId) }))).rows;
}

const listStatement = precompiledFor(['org'] as const, (db: Db, p) =>
  db.kysely.selectFrom('rule_disable').select(COLUMNS).where('org_id', '=', p.org).orderBy('rule_id').orderBy('error_key'),
);
