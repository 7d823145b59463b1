/** OCP 12: `cluster_user_rule_disable_feedback` (justification when disabling a rule for a cluster). */
import { ddl, exec, type MigrationStep } from '../support.js';
import { DISABLE_FEEDBACK } from './ddl.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, DISABLE_FEEDBACK('cluster_user_rule_disable_feedback', false));
  },
  async down(db) {
    await exec(db, 'DROP TABLE cluster_user_rule_disable_feedback');
  },
} satisfies MigrationStep;
