/** OCP 8: `report.kafka_offset BIGINT NOT NULL DEFAULT 0`. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, 'ALTER TABLE report ADD COLUMN kafka_offset BIGINT NOT NULL DEFAULT 0');
  },
  async down(db) {
    await exec(db, 'ALTER TABLE report DROP COLUMN kafka_offset');
  },
} satisfies MigrationStep;
