/**
 * OCP 26: `org_id VARCHAR NOT NULL DEFAULT '0'` on the toggle, feedback and disable-feedback tables,
 * filled from report.org_id through the cluster (rows of unknown clusters keep '0').
 */
import { ddl, dropColumns, exec, type MigrationStep } from '../support.js';

const TABLES = ['cluster_rule_toggle', 'cluster_rule_user_feedback', 'cluster_user_rule_disable_feedback'];

export default {
  async up(db, dialect) {
    for (const table of TABLES) {
      await ddl(db, dialect, `ALTER TABLE ${table} ADD COLUMN org_id VARCHAR NOT NULL DEFAULT '0'`);
      await exec(
        db,
        `
        UPDATE ${table} SET org_id = (SELECT CAST(r.org_id AS VARCHAR) FROM report r WHERE r.cluster = ${table}.cluster_id)
        WHERE EXISTS (SELECT 1 FROM report r WHERE r.cluster = ${table}.cluster_id)`,
      );
    }
  },
  async down(db, dialect) {
    for (const table of TABLES) await dropColumns(db, dialect, table, 'org_id');
  },
} satisfies MigrationStep;
