/** OCP 10: `rule_error_key.tags`. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, "ALTER TABLE rule_error_key ADD COLUMN tags VARCHAR NOT NULL DEFAULT ''");
  },
  async down(db) {
    await exec(db, 'ALTER TABLE rule_error_key DROP COLUMN tags');
  },
} satisfies MigrationStep;
