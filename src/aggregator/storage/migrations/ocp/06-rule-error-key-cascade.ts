/** OCP 6: rebuild `rule_error_key` with its FK to rule(module) ON DELETE CASCADE. */
import { rebuildTable, type MigrationStep } from '../support.js';
import { RULE_ERROR_KEY, RULE_ERROR_KEY_COLUMNS } from './ddl.js';

const TABLE = 'rule_error_key';

export default {
  async up(db, dialect) {
    await rebuildTable(db, dialect, TABLE, (name) => RULE_ERROR_KEY(name, { cascade: true, tags: false }), RULE_ERROR_KEY_COLUMNS);
  },
  async down(db, dialect) {
    await rebuildTable(db, dialect, TABLE, (name) => RULE_ERROR_KEY(name, { cascade: false, tags: false }), RULE_ERROR_KEY_COLUMNS);
  },
} satisfies MigrationStep;
