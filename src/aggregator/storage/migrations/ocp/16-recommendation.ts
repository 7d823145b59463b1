/**
 * OCP 16: `recommendation` AS SELECT from rule_hit, the trailing `report` of rule_fqdn replaced by the
 * error key (`a.b.report` + KEY -> `a.b.KEY`); PK `recommendation_pk`. On PostgreSQL rule_fqdn comes out
 * as `text` (the type of regexp_replace), as upstream's does.
 */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await exec(
        db,
        `CREATE TABLE recommendation AS
          SELECT org_id, cluster_id, regexp_replace(rule_fqdn, 'report$', error_key) AS rule_fqdn, error_key
          FROM rule_hit`,
        'ALTER TABLE recommendation ADD CONSTRAINT recommendation_pk PRIMARY KEY (org_id, cluster_id, rule_fqdn, error_key)',
      );
    } else {
      await ddl(
        db,
        dialect,
        `
        CREATE TABLE recommendation (
          org_id     INTEGER NOT NULL,
          cluster_id VARCHAR NOT NULL,
          rule_fqdn  TEXT NOT NULL,
          error_key  VARCHAR NOT NULL,
          CONSTRAINT recommendation_pk PRIMARY KEY (org_id, cluster_id, rule_fqdn, error_key)
        )`,
      );
      await exec(
        db,
        `
        INSERT INTO recommendation (org_id, cluster_id, rule_fqdn, error_key)
        SELECT org_id, cluster_id,
          CASE WHEN substr(rule_fqdn, -6) = 'report' THEN substr(rule_fqdn, 1, length(rule_fqdn) - 6) || error_key
               ELSE rule_fqdn END,
          error_key
        FROM rule_hit`,
      );
    }
  },
  async down(db) {
    await exec(db, 'DROP TABLE recommendation');
  },
} satisfies MigrationStep;
