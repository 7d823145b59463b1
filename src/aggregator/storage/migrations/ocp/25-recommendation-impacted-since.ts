/** OCP 25: `recommendation.impacted_since`. */
import { ddl, exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    await ddl(db, dialect, 'ALTER TABLE recommendation ADD COLUMN impacted_since TIMESTAMP');
  },
  async down(db) {
    await exec(db, 'ALTER TABLE recommendation DROP COLUMN impacted_since');
  },
} satisfies MigrationStep;
