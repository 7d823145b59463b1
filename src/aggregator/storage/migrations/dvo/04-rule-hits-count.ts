/** DVO 4: `rule_hits_count JSONB DEFAULT '{}'` (TEXT holding JSON on SQLite). */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, "ALTER TABLE dvo.dvo_report ADD COLUMN rule_hits_count JSONB DEFAULT '{}'");
  },
  async down(db) {
    await exec(db, 'ALTER TABLE dvo.dvo_report DROP COLUMN rule_hits_count');
  },
} satisfies MigrationStep;
