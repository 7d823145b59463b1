/** OCP 22: delete toggle and disable-feedback rows whose rule_id does not end in `.report`. Down: no-op. */
import { exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    // GLOB is SQLite's case-sensitive LIKE.
    const notReport = dialect === 'postgres' ? `rule_id NOT LIKE '%.report'` : `rule_id NOT GLOB '*.report'`;
    await exec(
      db,
      `DELETE FROM cluster_rule_toggle WHERE ${notReport}`,
      `DELETE FROM cluster_user_rule_disable_feedback WHERE ${notReport}`,
    );
  },
  async down() {},
} satisfies MigrationStep;
