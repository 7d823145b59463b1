/**
 * Direct row inserts for API tests (the db-writer has its own tests; API tests need exact rows).
 * Times are storage text `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC).
 */
import type { Db } from '../../src/aggregator/storage/db.js';

export interface SeedHit {
  /** Rule module with `.report`, e.g. `ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report`. */
  component: string;
  key: string;
  details?: unknown;
  createdAt?: string | null;
}

export interface SeedReport {
  org: number;
  cluster: string;
  hits?: SeedHit[];
  lastCheckedAt?: string;
  reportedAt?: string;
  gatheredAt?: string | null;
  version?: string;
  /** Extra top-level keys of the stored report JSON. */
  report?: Record<string, unknown>;
}

export function nowDb(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace('T', ' ').replace('Z', '');
}

export const moduleOf = (component: string) => component.replace(/\.report$/, '');

export async function seedReport(db: Db, r: SeedReport): Promise<void> {
  const hits = r.hits ?? [];
  const lastChecked = r.lastCheckedAt ?? '2020-04-02 09:00:05';
  const reportedAt = r.reportedAt ?? nowDb();
  const reportJson = {
    analysis_metadata: {},
    fingerprints: [],
    info: [],
    pass: [],
    reports: hits.map((h) => ({
      component: h.component,
      details: h.details ?? {},
      key: h.key,
      links: {},
      rule_id: `${h.component}|${h.key}`,
      tags: [],
      type: 'rule',
    })),
    skips: [],
    system: { hostname: null, metadata: {} },
    ...(r.report ?? {}),
  };
  await db.kysely
    .insertInto('report')
    .values({
      org_id: r.org,
      cluster: r.cluster,
      report: JSON.stringify(reportJson),
      reported_at: reportedAt,
      last_checked_at: lastChecked,
      kafka_offset: 0,
      gathered_at: r.gatheredAt ?? null,
    })
    .execute();
  if (hits.length > 0) {
    await db.kysely
      .insertInto('rule_hit')
      .values(
        hits.map((h) => ({
          org_id: r.org,
          cluster_id: r.cluster,
          rule_fqdn: h.component,
          error_key: h.key,
          template_data: JSON.stringify(h.details ?? {}),
          created_at: h.createdAt === undefined ? reportedAt : h.createdAt,
        })),
      )
      .execute();
    await db.kysely
      .insertInto('recommendation')
      .values(
        hits.map((h) => ({
          org_id: r.org,
          cluster_id: r.cluster,
          rule_fqdn: moduleOf(h.component),
          error_key: h.key,
          rule_id: `${moduleOf(h.component)}|${h.key}`,
          created_at: reportedAt,
          impacted_since: h.createdAt === undefined ? reportedAt : h.createdAt,
        })),
      )
      .execute();
  }
  if (r.version !== undefined) {
    await db.kysely.insertInto('report_info').values({ org_id: r.org, cluster_id: r.cluster, version_info: r.version }).execute();
  }
}
