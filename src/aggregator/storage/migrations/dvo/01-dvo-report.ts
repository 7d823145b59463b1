/** DVO 1: `dvo.dvo_report`, one row per (org, cluster, namespace), with column comments (PostgreSQL). */
import { ddl, exec, type MigrationStep } from '../support.js';

const COMMENTS: Record<string, string> = {
  org_id: 'organization ID',
  cluster_id: 'cluster ID (UUID)',
  namespace_id: 'namespace UUID',
  namespace_name: 'namespace name',
  report: 'the DVO report of the namespace (JSON)',
  recommendations: 'number of recommendations hitting the namespace',
  objects: 'number of objects (workloads) with at least one hit',
  reported_at: 'when the namespace was first reported',
  last_checked_at: 'timestamp of the last report for the namespace',
};

export default {
  async up(db, dialect) {
    await ddl(
      db,
      dialect,
      `
      CREATE TABLE dvo.dvo_report (
        org_id          INTEGER NOT NULL,
        cluster_id      VARCHAR NOT NULL,
        namespace_id    VARCHAR NOT NULL,
        namespace_name  VARCHAR,
        report          TEXT,
        recommendations INTEGER NOT NULL,
        objects         INTEGER NOT NULL,
        reported_at     TIMESTAMP,
        last_checked_at TIMESTAMP,
        PRIMARY KEY (org_id, cluster_id, namespace_id)
      )`,
    );
    if (dialect === 'postgres') {
      await exec(db, "COMMENT ON TABLE dvo.dvo_report IS 'DVO (workload) recommendations per namespace'");
      for (const [column, text] of Object.entries(COMMENTS)) {
        await exec(db, `COMMENT ON COLUMN dvo.dvo_report.${column} IS '${text}'`);
      }
    }
  },
  async down(db) {
    await exec(db, 'DROP TABLE dvo.dvo_report');
  },
} satisfies MigrationStep;
