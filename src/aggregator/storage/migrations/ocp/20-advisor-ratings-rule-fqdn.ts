/**
 * OCP 20: `advisor_ratings.rule_id` is renamed `rule_fqdn`, and a new `rule_id VARCHAR NOT NULL DEFAULT '.'`
 * holds rule_fqdn|error_key.
 */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await exec(db, 'ALTER TABLE advisor_ratings RENAME COLUMN rule_id TO rule_fqdn');
    await ddl(db, dialect, "ALTER TABLE advisor_ratings ADD COLUMN rule_id VARCHAR NOT NULL DEFAULT '.'");
    await exec(db, "UPDATE advisor_ratings SET rule_id = rule_fqdn || '|' || error_key");
  },
  async down(db) {
    await exec(db, 'ALTER TABLE advisor_ratings DROP COLUMN rule_id', 'ALTER TABLE advisor_ratings RENAME COLUMN rule_fqdn TO rule_id');
  },
} satisfies MigrationStep;
