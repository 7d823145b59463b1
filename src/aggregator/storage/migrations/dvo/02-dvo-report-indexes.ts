/**
 * DVO 2: index `report_org_id_idx` HASH(org_id) and btree `report_org_id_cluster_id_idx`(org_id, cluster_id).
 * SQLite has no hash indexes: both are plain indexes there (in the attached `dvo` database).
 */
import { exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await exec(
        db,
        'CREATE INDEX report_org_id_idx ON dvo.dvo_report USING HASH (org_id)',
        'CREATE INDEX report_org_id_cluster_id_idx ON dvo.dvo_report USING btree (org_id, cluster_id)',
      );
    } else {
      await exec(
        db,
        'CREATE INDEX dvo.report_org_id_idx ON dvo_report (org_id)',
        'CREATE INDEX dvo.report_org_id_cluster_id_idx ON dvo_report (org_id, cluster_id)',
      );
    }
  },
  async down(db) {
    await exec(db, 'DROP INDEX dvo.report_org_id_idx', 'DROP INDEX dvo.report_org_id_cluster_id_idx');
  },
} satisfies MigrationStep;
