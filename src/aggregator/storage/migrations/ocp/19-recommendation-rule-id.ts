/**
 * OCP 19: `recommendation.rule_fqdn` becomes the plain module: the regex strips the last `.<suffix>` and any
 * `|...` (`a.b.mod.KEY` -> `a.b.mod`). Adds `rule_id VARCHAR NOT NULL DEFAULT '.'` = rule_fqdn|error_key
 * and `created_at TIMESTAMP DEFAULT now() at time zone 'utc'` (existing rows get the migration time).
 * SQLite: the regex runs in JavaScript (the same pattern), and since ADD COLUMN cannot take a non-constant
 * default the table is rebuilt.
 */
import { sql } from 'kysely';
import { dropColumns, exec, SQLITE_NOW_UTC, sqliteRebuildTable, type MigrationDb, type MigrationStep } from '../support.js';

/** The pattern, valid in PostgreSQL AREs and JavaScript alike (with `g`; `s` since PG's `.` matches \n). */
export const PLAIN_MODULE_PATTERN = String.raw`\.(?!.*\.)[^|]*|\|.*`;

export function plainModule(ruleFqdn: string): string {
  return ruleFqdn.replace(new RegExp(PLAIN_MODULE_PATTERN, 'gs'), '');
}

async function sqliteFixRuleFqdn(db: MigrationDb): Promise<void> {
  let after = -1;
  for (;;) {
    const { rows } = await sql<{ rid: number; rule_fqdn: string }>`
      SELECT rowid AS rid, rule_fqdn FROM recommendation WHERE rowid > ${after} ORDER BY rowid LIMIT 1000`.execute(db);
    for (const row of rows) {
      const plain = plainModule(row.rule_fqdn);
      if (plain !== row.rule_fqdn) await sql`UPDATE recommendation SET rule_fqdn = ${plain} WHERE rowid = ${row.rid}`.execute(db);
    }
    if (rows.length < 1000) return;
    after = rows[rows.length - 1].rid;
  }
}

export default {
  async up(db, dialect) {
    if (dialect === 'postgres') {
      await exec(
        db,
        `UPDATE recommendation SET rule_fqdn = regexp_replace(rule_fqdn, '${PLAIN_MODULE_PATTERN}', '', 'g')`,
        `ALTER TABLE recommendation ADD COLUMN rule_id VARCHAR NOT NULL DEFAULT '.'`,
        `UPDATE recommendation SET rule_id = rule_fqdn || '|' || error_key`,
        `ALTER TABLE recommendation ADD COLUMN created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT (now() AT TIME ZONE 'utc')`,
      );
      return;
    }
    await sqliteFixRuleFqdn(db);
    await sqliteRebuildTable(
      db,
      'recommendation',
      (name) => `
        CREATE TABLE ${name} (
          org_id     INTEGER NOT NULL,
          cluster_id TEXT NOT NULL,
          rule_fqdn  TEXT NOT NULL,
          error_key  TEXT NOT NULL,
          rule_id    TEXT NOT NULL DEFAULT '.',
          created_at TEXT DEFAULT (${SQLITE_NOW_UTC}),
          CONSTRAINT recommendation_pk PRIMARY KEY (org_id, cluster_id, rule_fqdn, error_key)
        )`,
      ['org_id', 'cluster_id', 'rule_fqdn', 'error_key', 'rule_id', 'created_at'],
      ['org_id', 'cluster_id', 'rule_fqdn', 'error_key', `rule_fqdn || '|' || error_key`, SQLITE_NOW_UTC],
    );
  },
  async down(db, dialect) {
    await dropColumns(db, dialect, 'recommendation', 'rule_id', 'created_at');
  },
} satisfies MigrationStep;
