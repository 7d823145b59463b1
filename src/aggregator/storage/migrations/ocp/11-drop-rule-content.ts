/**
 * OCP 11: drop the FK feedback.rule_id -> rule(module), then the tables `rule_error_key` and `rule`.
 * Down recreates both tables (as of v10) and the FK, which fails if a feedback row names a rule that is
 * not in `rule` (as upstream's does).
 * SQLite cannot drop a constraint: the feedback table is rebuilt without (or with) the FK. The rebuild
 * comes first on the way up, since dropping `rule` with the cascading FK in place would delete votes.
 */
import { ddl, exec, sqliteRebuildTable, type MigrationStep } from '../support.js';
import { FEEDBACK_V3, FEEDBACK_V3_COLUMNS, RULE, RULE_ERROR_KEY } from './ddl.js';

const FEEDBACK = 'cluster_rule_user_feedback';

export default {
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await exec(db, `ALTER TABLE ${FEEDBACK} DROP CONSTRAINT IF EXISTS cluster_rule_user_feedback_rule_id_fkey`);
    } else {
      await sqliteRebuildTable(db, FEEDBACK, (name) => FEEDBACK_V3(name, { report: true, rule: false }), FEEDBACK_V3_COLUMNS);
    }
    await exec(db, 'DROP TABLE rule_error_key', 'DROP TABLE rule');
  },
  async down(db, dialect) {
    await ddl(db, dialect, RULE(), RULE_ERROR_KEY('rule_error_key', { cascade: true, tags: true }));
    if (dialect === 'postgres') {
      await exec(
        db,
        `ALTER TABLE ${FEEDBACK} ADD CONSTRAINT cluster_rule_user_feedback_rule_id_fkey
        FOREIGN KEY (rule_id) REFERENCES rule(module) ON DELETE CASCADE`,
      );
    } else {
      await sqliteRebuildTable(db, FEEDBACK, (name) => FEEDBACK_V3(name, { report: true, rule: true }), FEEDBACK_V3_COLUMNS);
    }
  },
} satisfies MigrationStep;
