/** OCP 21: `report.gathered_at` (Metadata.gathering_time). */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, 'ALTER TABLE report ADD COLUMN gathered_at TIMESTAMP');
  },
  async down(db) {
    // Upstream refuses this on non-PostgreSQL drivers; SQLite can drop the column, so it does.
    await exec(db, 'ALTER TABLE report DROP COLUMN gathered_at');
  },
} satisfies MigrationStep;
