/** OCP 9: btree index `report_kafka_offset_btree_idx` on report(kafka_offset). */
import { exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    const using = dialect === 'postgres' ? ' USING btree' : '';
    await exec(db, `CREATE INDEX report_kafka_offset_btree_idx ON report${using} (kafka_offset)`);
  },
  async down(db) {
    await exec(db, 'DROP INDEX report_kafka_offset_btree_idx');
  },
} satisfies MigrationStep;
