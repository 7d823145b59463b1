/** OCP 28: `rule_disable` PK -> (org_id, rule_id, error_key). */
import { pgReplacePrimaryKey, sqliteRebuildTable, type MigrationDb, type MigrationStep } from '../support.js';
import type { DialectName } from '#common/sql/connection.js';
import { RULE_DISABLE, RULE_DISABLE_COLUMNS } from './ddl.js';

async function setKey(db: MigrationDb, dialect: DialectName, withUser: boolean): Promise<void> {
  if (dialect === 'postgres') {
    const columns = withUser ? ['user_id', 'org_id', 'rule_id', 'error_key'] : ['org_id', 'rule_id', 'error_key'];
    await pgReplacePrimaryKey(db, 'rule_disable', 'rule_disable_pkey', columns);
  } else {
    await sqliteRebuildTable(db, 'rule_disable', (name) => RULE_DISABLE(name, !withUser), RULE_DISABLE_COLUMNS);
  }
}

export default {
  up: (db, dialect) => setKey(db, dialect, false),
  down: (db, dialect) => setKey(db, dialect, true),
} satisfies MigrationStep;
