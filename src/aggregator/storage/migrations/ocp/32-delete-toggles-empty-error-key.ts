/** OCP 32: delete cluster_rule_toggle rows with error_key = '' (added upstream 2026-06). Down: no-op. */
import { exec, type MigrationStep } from '../support.js';

export default {
  async up(db) {
    await exec(db, "DELETE FROM cluster_rule_toggle WHERE error_key = ''");
  },
  async down() {},
} satisfies MigrationStep;
