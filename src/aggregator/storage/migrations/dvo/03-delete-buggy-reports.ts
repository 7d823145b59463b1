/**
 * DVO 3: delete rows with last_checked_at <= 2024-03-09 (buggy data, CCXDEV-12602). Down: no-op.
 * SQLite compares the storage text; `< '2024-03-09 00:00:00.000001'` is the same instant test for every
 * stored form (`...00:00:00`, `...00:00:00.000`, `...00:00:00.000000`).
 */
import { exec, type MigrationStep } from '../support.js';

export default {
  async up(db, dialect) {
    const condition = dialect === 'postgres' ? "last_checked_at <= '2024-03-09'" : "last_checked_at < '2024-03-09 00:00:00.000001'";
    await exec(db, `DELETE FROM dvo.dvo_report WHERE ${condition}`);
  },
  async down() {},
} satisfies MigrationStep;
