/** OCP 17: `rule_disable` (org-wide disable, "ack"), PK (user_id, org_id, rule_id, error_key). */
import { ddl, exec, type MigrationStep } from '../support.js';
import { RULE_DISABLE } from './ddl.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, RULE_DISABLE('rule_disable', false));
  },
  async down(db) {
    await exec(db, 'DROP TABLE rule_disable');
  },
} satisfies MigrationStep;
