/** OCP 18: `advisor_ratings`, PK (user_id, org_id, rule_id, error_key). */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(
      db,
      dialect,
      `
      CREATE TABLE advisor_ratings (
        user_id         VARCHAR NOT NULL,
        org_id          VARCHAR NOT NULL,
        rule_id         VARCHAR NOT NULL,
        error_key       VARCHAR NOT NULL,
        rated_at        TIMESTAMP,
        last_updated_at TIMESTAMP,
        rating          SMALLINT,
        PRIMARY KEY (user_id, org_id, rule_id, error_key)
      )`,
    );
  },
  async down(db) {
    await exec(db, 'DROP TABLE advisor_ratings');
  },
} satisfies MigrationStep;
