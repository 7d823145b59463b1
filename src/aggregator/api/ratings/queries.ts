/** Rule ratings, table `advisor_ratings` (spec 3.3, 3.5 "Rating"). `org_id` is VARCHAR: decimal text. */
import type { Db } from '../../storage/db.js';

export interface RatingInput {
  orgId: number;
  ruleFqdn: string;
  errorKey: string;
  rating: number;
}

/** Upsert keyed by (org_id, rule_fqdn, error_key): rated_at only on insert; rating and last_updated_at always. */
export async function rateOnRule(db: Db, r: RatingInput, now: string): Promise<void> {
  await db.kysely
    .insertInto('advisor_ratings')
    .values({
      org_id: String(r.orgId),
      rule_fqdn: r.ruleFqdn,
      error_key: r.errorKey,
      rule_id: `${r.ruleFqdn}|${r.errorKey}`,
      rating: r.rating,
      rated_at: now,
      last_updated_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'rule_fqdn', 'error_key']).doUpdateSet({ rating: r.rating, last_updated_at: now }))
    .execute();
}

export interface RatingRow {
  rule_id: string;
  rating: number | null;
}

/** The rating of one rule (`rule_id` = `module|KEY`) in an org. */
export async function getRuleRating(db: Db, orgId: number, ruleSelector: string): Promise<RatingRow | undefined> {
  return db.kysely
    .selectFrom('advisor_ratings')
    .select(['rule_id', 'rating'])
    .where('org_id', '=', String(orgId))
    .where('rule_id', '=', ruleSelector)
    .executeTakeFirst();
}
