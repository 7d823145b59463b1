/** OCP 14: `cluster_rule_toggle` PK -> (cluster_id, rule_id); user_id becomes nullable. */
import { exec, pgReplacePrimaryKey, sqliteRebuildTable, type MigrationStep } from '../support.js';
import { TOGGLE_V7, TOGGLE_V7_COLUMNS } from './ddl.js';

const TABLE = 'cluster_rule_toggle';
const PKEY = 'cluster_rule_toggle_pkey';

export default {
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await pgReplacePrimaryKey(db, TABLE, PKEY, ['cluster_id', 'rule_id']);
      await exec(db, `ALTER TABLE ${TABLE} ALTER COLUMN user_id DROP NOT NULL`);
    } else {
      await sqliteRebuildTable(db, TABLE, (name) => TOGGLE_V7(name, true), TOGGLE_V7_COLUMNS);
    }
  },
  async down(db, dialect) {
    if (dialect === 'postgres') {
      await exec(db, `ALTER TABLE ${TABLE} ALTER COLUMN user_id SET NOT NULL`);
      await pgReplacePrimaryKey(db, TABLE, PKEY, ['cluster_id', 'rule_id', 'user_id']);
    } else {
      await sqliteRebuildTable(db, TABLE, (name) => TOGGLE_V7(name, false), TOGGLE_V7_COLUMNS);
    }
  },
} satisfies MigrationStep;
