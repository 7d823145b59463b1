/** OCP 30: drop `rule_disable.user_id`; down re-adds it as VARCHAR NOT NULL DEFAULT '-1'. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db) {
    await exec(db, 'ALTER TABLE rule_disable DROP COLUMN user_id');
  },
  async down(db, dialect) {
    await ddl(db, dialect, "ALTER TABLE rule_disable ADD COLUMN user_id VARCHAR NOT NULL DEFAULT '-1'");
  },
} satisfies MigrationStep;
