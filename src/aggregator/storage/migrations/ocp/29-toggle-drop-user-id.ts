/** OCP 29: drop `cluster_rule_toggle.user_id`; down re-adds it as VARCHAR NOT NULL DEFAULT '-1'. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db) {
    await exec(db, 'ALTER TABLE cluster_rule_toggle DROP COLUMN user_id');
  },
  async down(db, dialect) {
    await ddl(db, dialect, "ALTER TABLE cluster_rule_toggle ADD COLUMN user_id VARCHAR NOT NULL DEFAULT '-1'");
  },
} satisfies MigrationStep;
