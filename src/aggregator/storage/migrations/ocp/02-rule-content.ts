/** OCP 2: the legacy rule-content tables `rule` and `rule_error_key` (dropped again by step 11). */
import { ddl, exec, type MigrationStep } from '../support.js';
import { RULE, RULE_ERROR_KEY } from './ddl.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, RULE(), RULE_ERROR_KEY('rule_error_key', { cascade: false, tags: false }));
  },
  async down(db) {
    await exec(db, 'DROP TABLE rule_error_key', 'DROP TABLE rule');
  },
} satisfies MigrationStep;
