/**
 * OCP 4: rebuild `cluster_rule_user_feedback` with FKs cluster_id -> report(cluster) and
 * rule_id -> rule(module), both ON DELETE CASCADE. On PostgreSQL the rebuild renames the old table away
 * first, so the new primary key is auto-named `cluster_rule_user_feedback_pkey1` (step 15 renames it).
 */
import { rebuildTable, type MigrationStep } from '../support.js';
import { FEEDBACK_V3, FEEDBACK_V3_COLUMNS } from './ddl.js';

const TABLE = 'cluster_rule_user_feedback';

export default {
  async up(db, dialect) {
    await rebuildTable(db, dialect, TABLE, (name) => FEEDBACK_V3(name, { report: true, rule: true }), FEEDBACK_V3_COLUMNS);
  },
  async down(db, dialect) {
    await rebuildTable(db, dialect, TABLE, (name) => FEEDBACK_V3(name, { report: false, rule: false }), FEEDBACK_V3_COLUMNS);
  },
} satisfies MigrationStep;
