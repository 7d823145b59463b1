/** OCP 1: the `report` table, one row per cluster. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(
      db,
      dialect,
      `
      CREATE TABLE report (
        org_id          INTEGER NOT NULL,
        cluster         VARCHAR NOT NULL UNIQUE,
        report          VARCHAR NOT NULL,
        reported_at     TIMESTAMP,
        last_checked_at TIMESTAMP,
        PRIMARY KEY (org_id, cluster)
      )`,
    );
  },
  async down(db) {
    await exec(db, 'DROP TABLE report');
  },
} satisfies MigrationStep;
