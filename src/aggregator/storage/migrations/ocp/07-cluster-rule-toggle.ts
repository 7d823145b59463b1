/**
 * OCP 7: `cluster_rule_toggle` (per-cluster disable). The unused `disabled_check` column carries the CHECK
 * on `disabled`; PostgreSQL names it `cluster_rule_toggle_disabled_check` (after the one column it uses).
 */
import { ddl, exec, type MigrationStep } from '../support.js';
import { TOGGLE_V7 } from './ddl.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, TOGGLE_V7('cluster_rule_toggle', false));
  },
  async down(db) {
    await exec(db, 'DROP TABLE cluster_rule_toggle');
  },
} satisfies MigrationStep;
