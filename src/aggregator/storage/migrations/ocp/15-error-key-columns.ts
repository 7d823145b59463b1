/**
 * OCP 15: `error_key VARCHAR NOT NULL DEFAULT ''` on the toggle, feedback and disable-feedback tables, and
 * their PKs extended with it. Upstream also back-fills error_key for rules with a single error key; that
 * mapping is empty now, so nothing is back-filled. The feedback PK gets its final name
 * `cluster_rule_user_feedback_pkey` back (step 4 left it as `..._pkey1`).
 */
import { dropColumns, exec, pgReplacePrimaryKey, sqliteRebuildTable, type MigrationStep } from '../support.js';
import {
  DISABLE_FEEDBACK,
  DISABLE_FEEDBACK_COLUMNS,
  FEEDBACK_V15,
  FEEDBACK_V3,
  FEEDBACK_V3_COLUMNS,
  TOGGLE_V15,
  TOGGLE_V7,
  TOGGLE_V7_COLUMNS,
} from './ddl.js';

const TOGGLE = 'cluster_rule_toggle';
const FEEDBACK = 'cluster_rule_user_feedback';
const DISABLE = 'cluster_user_rule_disable_feedback';
const FEEDBACK_PKEYS = ['cluster_rule_user_feedback_pkey1', 'cluster_rule_user_feedback_pkey'];

export default {
  async up(db, dialect) {
    if (dialect === 'postgres') {
      for (const table of [TOGGLE, FEEDBACK, DISABLE]) {
        await exec(db, `ALTER TABLE ${table} ADD COLUMN error_key VARCHAR NOT NULL DEFAULT ''`);
      }
      await pgReplacePrimaryKey(db, TOGGLE, `${TOGGLE}_pkey`, ['cluster_id', 'rule_id', 'error_key']);
      await pgReplacePrimaryKey(db, FEEDBACK, `${FEEDBACK}_pkey`, ['cluster_id', 'rule_id', 'user_id', 'error_key'], FEEDBACK_PKEYS);
      await pgReplacePrimaryKey(db, DISABLE, `${DISABLE}_pkey`, ['cluster_id', 'user_id', 'rule_id', 'error_key']);
    } else {
      await sqliteRebuildTable(db, TOGGLE, TOGGLE_V15, TOGGLE_V7_COLUMNS);
      await sqliteRebuildTable(db, FEEDBACK, FEEDBACK_V15, FEEDBACK_V3_COLUMNS);
      await sqliteRebuildTable(db, DISABLE, (name) => DISABLE_FEEDBACK(name, true), DISABLE_FEEDBACK_COLUMNS);
    }
  },
  async down(db, dialect) {
    if (dialect === 'postgres') {
      await pgReplacePrimaryKey(db, TOGGLE, `${TOGGLE}_pkey`, ['cluster_id', 'rule_id']);
      await pgReplacePrimaryKey(db, FEEDBACK, `${FEEDBACK}_pkey`, ['cluster_id', 'rule_id', 'user_id'], FEEDBACK_PKEYS);
      await pgReplacePrimaryKey(db, DISABLE, `${DISABLE}_pkey`, ['cluster_id', 'user_id', 'rule_id']);
      for (const table of [TOGGLE, FEEDBACK, DISABLE]) await dropColumns(db, dialect, table, 'error_key');
    } else {
      await sqliteRebuildTable(db, TOGGLE, (name) => TOGGLE_V7(name, true), TOGGLE_V7_COLUMNS);
      await sqliteRebuildTable(db, FEEDBACK, (name) => FEEDBACK_V3(name, { report: true, rule: false }), FEEDBACK_V3_COLUMNS);
      await sqliteRebuildTable(db, DISABLE, (name) => DISABLE_FEEDBACK(name, false), DISABLE_FEEDBACK_COLUMNS);
    }
  },
} satisfies MigrationStep;
