/** Queries of the vote routes (spec 3.5, 4.4.4): bound parameters only, same code on both databases. */
import type { Db } from '../../storage/db.js';

/** `SELECT org_id FROM report WHERE cluster = ?` (first row): the owner, or null when the cluster is unknown. */
export async function clusterOwner(db: Db, cluster: string): Promise<number | null> {
  const row = await db.kysely.selectFrom('report').select('org_id').where('cluster', '=', cluster).limit(1).executeTakeFirst();
  return row ? Number(row.org_id) : null;
}

export interface Vote {
  cluster: string;
  ruleId: string;
  errorKey: string;
  orgId: number;
  userId: string;
  vote: -1 | 0 | 1;
  message: string;
  /** Storage timestamp text. */
  now: string;
}

/** Upsert keyed by (cluster_id, rule_id, user_id, error_key); org_id and added_at are set on insert only. */
export async function upsertVote(db: Db, v: Vote): Promise<void> {
  await db.kysely
    .insertInto('cluster_rule_user_feedback')
    .values({
      cluster_id: v.cluster,
      rule_id: v.ruleId,
      error_key: v.errorKey,
      org_id: String(v.orgId),
      user_id: v.userId,
      user_vote: v.vote,
      message: v.message,
      added_at: v.now,
      updated_at: v.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['cluster_id', 'rule_id', 'user_id', 'error_key'])
        .doUpdateSet({ user_vote: v.vote, message: v.message, updated_at: v.now }),
    )
    .execute();
}

/** The vote of one user on (cluster, rule_id, error_key), or null when there is none. */
export async function findVote(db: Db, cluster: string, ruleId: string, errorKey: string, userId: string): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('cluster_rule_user_feedback')
    .select('user_vote')
    .where('cluster_id', '=', cluster)
    .where('rule_id', '=', ruleId)
    .where('user_id', '=', userId)
    .where('error_key', '=', errorKey)
    .executeTakeFirst();
  return row ? Number(row.user_vote) : null;
}
