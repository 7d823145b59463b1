/** OCP 27: delete the rows left with org_id '0' by step 26. Down: no-op. */
import { exec, type MigrationStep } from '../support.js';

export default {
  async up(db) {
    for (const table of ['cluster_rule_toggle', 'cluster_rule_user_feedback', 'cluster_user_rule_disable_feedback']) {
      await exec(db, `DELETE FROM ${table} WHERE org_id = '0'`);
    }
  },
  async down() {},
} satisfies MigrationStep;
