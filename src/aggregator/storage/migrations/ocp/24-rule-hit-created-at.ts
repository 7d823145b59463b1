/** OCP 24: `rule_hit.created_at` ("impacted since"). */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, 'ALTER TABLE rule_hit ADD COLUMN created_at TIMESTAMP');
  },
  async down(db) {
    await exec(db, 'ALTER TABLE rule_hit DROP COLUMN created_at');
  },
} satisfies MigrationStep;
