/** OCP 3: `cluster_rule_user_feedback` (votes), without foreign keys yet. */
import { ddl, exec, type MigrationStep } from '../support.js';
import { FEEDBACK_V3 } from './ddl.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, FEEDBACK_V3('cluster_rule_user_feedback', { report: false, rule: false }));
  },
  async down(db) {
    await exec(db, 'DROP TABLE cluster_rule_user_feedback');
  },
} satisfies MigrationStep;
