/**
 * OCP 13: `rule_hit`, one row per rule hit of the latest report, back-filled from every stored report's
 * `reports[]`: component -> rule_fqdn, key -> error_key, details -> template_data (re-encoded as Go's
 * json.Marshal does). A report that is not such JSON, or lists the same hit twice, fails the step (as
 * upstream's does). Reports are read in pages so memory stays flat (upstream uses a cursor).
 */
import { sql, type RawBuilder } from 'kysely';
import { ddl, exec, type MigrationDb, type MigrationStep } from '../support.js';
import { goJsonMarshal } from '#common/go/marshal.js';

const PAGE = 500;

interface ReportRow {
  org_id: number;
  cluster: string;
  report: string;
}
interface Hit {
  component: string;
  key: string;
  details: unknown;
}

/** Go's case-insensitive struct-field lookup (an exact match wins). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}

function asString(v: unknown, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error(`json: cannot unmarshal ${typeof v} into ${what} of type string`);
  return v;
}

export function parseReportHits(report: string): Hit[] {
  const parsed: unknown = JSON.parse(report);
  if (parsed === null) return [];
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('json: cannot unmarshal report: not an object');
  const reports = field(parsed as Record<string, unknown>, 'reports');
  if (reports === undefined || reports === null) return [];
  if (!Array.isArray(reports)) throw new Error('json: cannot unmarshal reports: not an array');
  return reports.map((r) => {
    if (r === null) return { component: '', key: '', details: null };
    if (typeof r !== 'object' || Array.isArray(r)) throw new Error('json: cannot unmarshal rule hit: not an object');
    const hit = r as Record<string, unknown>;
    return {
      component: asString(field(hit, 'component'), 'component'),
      key: asString(field(hit, 'key'), 'key'),
      details: field(hit, 'details') ?? null,
    };
  });
}

async function backfill(db: MigrationDb): Promise<void> {
  let after: { org_id: number; cluster: string } | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after
      ? sql`WHERE (org_id > ${after.org_id} OR (org_id = ${after.org_id} AND cluster > ${after.cluster}))`
      : sql``;
    const { rows }: { rows: ReportRow[] } = await sql<ReportRow>`
      SELECT org_id, cluster, report FROM report ${where} ORDER BY org_id, cluster LIMIT ${PAGE}`.execute(db);
    for (const row of rows) {
      for (const hit of parseReportHits(row.report)) {
        await sql`INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data)
          VALUES (${row.org_id}, ${row.cluster}, ${hit.component}, ${hit.key}, ${goJsonMarshal(hit.details)})`.execute(db);
      }
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
  }
}

export default {
  async up(db, dialect) {
    await ddl(
      db,
      dialect,
      `
      CREATE TABLE rule_hit (
        org_id        INTEGER NOT NULL,
        cluster_id    VARCHAR NOT NULL,
        rule_fqdn     VARCHAR NOT NULL,
        error_key     VARCHAR NOT NULL,
        template_data VARCHAR NOT NULL,
        PRIMARY KEY (cluster_id, org_id, rule_fqdn, error_key)
      )`,
    );
    await backfill(db);
  },
  async down(db) {
    await exec(db, 'DROP TABLE rule_hit');
  },
} satisfies MigrationStep;
