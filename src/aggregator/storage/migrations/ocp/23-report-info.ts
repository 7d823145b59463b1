/** OCP 23: `report_info` (cluster version per cluster). */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(
      db,
      dialect,
      `
      CREATE TABLE report_info (
        org_id       INTEGER NOT NULL,
        cluster_id   VARCHAR NOT NULL UNIQUE,
        version_info VARCHAR NOT NULL,
        PRIMARY KEY (org_id, cluster_id)
      )`,
    );
  },
  async down(db) {
    await exec(db, 'DROP TABLE report_info');
  },
} satisfies MigrationStep;
