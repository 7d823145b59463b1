/**
 * OCP 31: delete ALL advisor_ratings rows, PK -> (org_id, rule_fqdn, error_key), drop user_id.
 * Down re-adds user_id VARCHAR NOT NULL (existing rows get '-1'; no default is kept, as at v30) and the PK
 * (user_id, org_id, rule_fqdn, error_key).
 */
import { ddl, exec, pgReplacePrimaryKey, sqliteRebuildTable, type MigrationStep } from '../support.js';
import { ADVISOR_RATINGS_V20 } from './ddl.js';

const COLUMNS = ['org_id', 'rule_fqdn', 'error_key', 'rated_at', 'last_updated_at', 'rating', 'rule_id'];
const PKEY = 'advisor_ratings_pkey';

export default {
  async up(db, dialect) {
    await exec(db, 'DELETE FROM advisor_ratings');
    if (dialect === 'postgres') {
      await pgReplacePrimaryKey(db, 'advisor_ratings', PKEY, ['org_id', 'rule_fqdn', 'error_key']);
      await exec(db, 'ALTER TABLE advisor_ratings DROP COLUMN user_id');
    } else {
      await sqliteRebuildTable(db, 'advisor_ratings', (name) => ADVISOR_RATINGS_V20(name, true), COLUMNS);
    }
  },
  async down(db, dialect) {
    if (dialect === 'postgres') {
      await ddl(db, dialect, "ALTER TABLE advisor_ratings ADD COLUMN user_id VARCHAR NOT NULL DEFAULT '-1'");
      await exec(db, 'ALTER TABLE advisor_ratings ALTER COLUMN user_id DROP DEFAULT');
      await pgReplacePrimaryKey(db, 'advisor_ratings', PKEY, ['user_id', 'org_id', 'rule_fqdn', 'error_key']);
    } else {
      await sqliteRebuildTable(
        db,
        'advisor_ratings',
        (name) => ADVISOR_RATINGS_V20(name, false),
        ['user_id', ...COLUMNS],
        ["'-1'", ...COLUMNS],
      );
    }
  },
} satisfies MigrationStep;
