/**
 * Bulk fill of a migrated OCP database for the API benchmark: every table is written by a few
 * `INSERT ... SELECT` statements over `generate_series` (server-side), never one round trip per row.
 *
 * Data model (deterministic, so the load generator can compute the IDs):
 * - cluster g (1..total) has ID md5('bench-cluster-' || g) formatted as a UUID (`clusterId(g)` in JS);
 * - clusters 1..measured belong to the measured org (MEASURED_ORG); the rest are spread over further orgs,
 *   `perOrg` clusters each;
 * - each cluster has 7 rule hits, taken from a pool of 10 rules built from the benchmark sample messages
 *   (../shared/testdata/messages/benchmark_sample, read at run time), so reports are realistic (~8 KB);
 * - report, rule_hit, recommendation and report_info (90 % of the clusters) rows as the db-writer writes them;
 * - user '1' votes on 10 % of the clusters, 5 % have a disabled rule with a justification, and every org has
 *   two acknowledged (system-wide disabled) rules and a rating.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { goEscape } from '#common/http/envelope.js';

export const MEASURED_ORG = 1;
export const HITS_PER_CLUSTER = 7;
const POOL = 10;

export interface SeedPlan {
  total: number;
  /** Clusters of the measured org (IDs 1..measured). */
  measured: number;
  /** Clusters per other org. */
  perOrg: number;
}

export function clusterId(g: number): string {
  const h = createHash('md5').update(`bench-cluster-${g}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface RuleObject {
  rule_id: string;
  component: string;
  type: string;
  key: string;
  details: Record<string, unknown>;
  tags: unknown[];
  links: Record<string, unknown>;
}

interface Variant {
  report: string;
  hits: { ruleFqdn: string; errorKey: string; templateData: string }[];
}

/** The 10 variants of a cluster's report (cluster g uses variant g % 10), built from the sample messages. */
export function buildVariants(sampleDir: string): { variants: Variant[]; averageReportBytes: number } {
  const files = readdirSync(sampleDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`no sample messages in ${sampleDir}`);
  const rules = new Map<string, RuleObject>();
  let skeleton: Record<string, unknown> | null = null;
  for (const file of files) {
    const message = JSON.parse(readFileSync(join(sampleDir, file), 'utf8')) as { Report: Record<string, unknown> };
    const report = message.Report;
    const hits = (report.reports ?? []) as RuleObject[];
    if (!skeleton && hits.length >= 5) skeleton = report;
    for (const hit of hits) if (!rules.has(hit.rule_id)) rules.set(hit.rule_id, hit);
  }
  if (!skeleton) throw new Error(`no sample message with rule hits in ${sampleDir}`);
  // The real rules of the samples, largest details first, then renamed copies up to the pool size.
  const real = [...rules.values()].sort((a, b) => JSON.stringify(b.details).length - JSON.stringify(a.details).length);
  const pool: RuleObject[] = [];
  for (let i = 0; pool.length < POOL; i++) {
    const base = real[i % real.length];
    const copy = Math.floor(i / real.length);
    if (copy === 0) {
      pool.push(base);
      continue;
    }
    const module = `${base.component.replace(/\.report$/, '')}_${copy + 1}`;
    const key = `${base.key}_${copy + 1}`;
    pool.push({
      ...base,
      rule_id: `${module.split('.').pop()}|${key}`,
      component: `${module}.report`,
      key,
      details: { ...base.details, error_key: key },
    });
  }
  let bytes = 0;
  const variants = Array.from({ length: POOL }, (_, v) => {
    const hits = Array.from({ length: HITS_PER_CLUSTER }, (_, k) => pool[(v + k) % POOL]);
    const report = { ...skeleton!, reports: hits };
    const sorted = Object.fromEntries(Object.entries(report).sort(([a], [b]) => (a < b ? -1 : 1)));
    const text = goEscape(JSON.stringify(sorted));
    bytes += Buffer.byteLength(text);
    return {
      report: text,
      hits: hits.map((h) => ({ ruleFqdn: h.component, errorKey: h.key, templateData: JSON.stringify(h.details) })),
    };
  });
  return { variants, averageReportBytes: Math.round(bytes / POOL) };
}

/** Fills the database; returns row counts per table. `log` reports each step with its duration. */
export async function seed(
  client: pg.Client,
  plan: SeedPlan,
  variants: Variant[],
  log: (msg: string) => void,
): Promise<Record<string, number>> {
  const step = async (name: string, text: string, values: unknown[] = []) => {
    const started = performance.now();
    const res = values.length > 0 ? await client.query(text, values) : await client.query(text);
    log(
      `  ${name.padEnd(36)} ${String(res.rowCount ?? '').padStart(8)} rows ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`,
    );
  };
  const hitColumns = {
    variant: variants.flatMap((_, v) => variants[v].hits.map(() => v)),
    ruleFqdn: variants.flatMap((v) => v.hits.map((h) => h.ruleFqdn)),
    errorKey: variants.flatMap((v) => v.hits.map((h) => h.errorKey)),
    templateData: variants.flatMap((v) => v.hits.map((h) => h.templateData)),
    position: variants.flatMap((v) => v.hits.map((_, k) => k)),
  };
  const hitsTable =
    'unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[]) AS h(variant, rule_fqdn, error_key, template_data, k)';
  const hitValues = [hitColumns.variant, hitColumns.ruleFqdn, hitColumns.errorKey, hitColumns.templateData, hitColumns.position];

  await step(
    'bench_cluster (staging)',
    `CREATE TEMP TABLE bench_cluster AS
       SELECT g,
              CASE WHEN g <= $1::int THEN ${MEASURED_ORG} ELSE ${MEASURED_ORG + 1} + (g - $1::int - 1) / $2::int END AS org_id,
              md5('bench-cluster-' || g)::uuid::text AS cluster,
              g % ${POOL} AS variant
       FROM generate_series(1, $3::int) AS g`,
    [plan.measured, plan.perOrg, plan.total],
  );
  await step(
    'report',
    `INSERT INTO report (org_id, cluster, report, reported_at, last_checked_at, kafka_offset, gathered_at)
       SELECT c.org_id, c.cluster, v.report,
              date_trunc('second', now() at time zone 'utc') - (c.g % 3600) * interval '1 second',
              timestamp '2024-05-02 10:11:12.123456' + (c.g % 86400) * interval '1 second',
              0,
              timestamp '2024-05-02 10:05:00' + (c.g % 86400) * interval '1 second'
       FROM bench_cluster c JOIN unnest($1::int[], $2::text[]) AS v(variant, report) ON v.variant = c.variant`,
    [variants.map((_, v) => v), variants.map((v) => v.report)],
  );
  await step(
    'rule_hit',
    `INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data, created_at)
       SELECT c.org_id, c.cluster, h.rule_fqdn, h.error_key, h.template_data,
              timestamp '2024-04-01 08:00:00' + ((c.g + h.k) % 1000) * interval '1 minute'
       FROM bench_cluster c JOIN ${hitsTable} ON h.variant = c.variant`,
    hitValues,
  );
  await step(
    'recommendation',
    `INSERT INTO recommendation (org_id, cluster_id, rule_fqdn, error_key, rule_id, created_at, impacted_since)
       SELECT c.org_id, c.cluster, regexp_replace(h.rule_fqdn, '\\.report$', ''), h.error_key,
              regexp_replace(h.rule_fqdn, '\\.report$', '') || '|' || h.error_key,
              date_trunc('second', now() at time zone 'utc') - (c.g % 3600) * interval '1 second',
              timestamp '2024-04-01 08:00:00' + ((c.g + h.k) % 1000) * interval '1 minute'
       FROM bench_cluster c JOIN ${hitsTable} ON h.variant = c.variant`,
    hitValues,
  );
  await step(
    'report_info (90 % of clusters)',
    `INSERT INTO report_info (org_id, cluster_id, version_info)
       SELECT org_id, cluster, '4.' || (12 + g % 5) || '.' || (g % 30) FROM bench_cluster WHERE g % 10 <> 9`,
  );
  await step(
    'cluster_rule_user_feedback (votes)',
    `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at, error_key, org_id)
       SELECT c.cluster, h.rule_fqdn, '1', '', CASE WHEN c.g % 20 = 0 THEN -1 ELSE 1 END,
              timestamp '2024-05-01 12:00:00', timestamp '2024-05-01 12:00:00', h.error_key, c.org_id::text
       FROM bench_cluster c JOIN ${hitsTable} ON h.variant = c.variant AND h.k = 0
       WHERE c.g % 10 = 0`,
    hitValues,
  );
  await step(
    'cluster_rule_toggle (disabled rules)',
    `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, disabled_at, enabled_at, updated_at, error_key, org_id)
       SELECT c.cluster, h.rule_fqdn, 1, timestamp '2024-05-01 13:00:00', NULL, timestamp '2024-05-01 13:00:00', h.error_key, c.org_id::text
       FROM bench_cluster c JOIN ${hitsTable} ON h.variant = c.variant AND h.k = 1
       WHERE c.g % 20 = 0`,
    hitValues,
  );
  await step(
    'cluster_user_rule_disable_feedback',
    `INSERT INTO cluster_user_rule_disable_feedback (cluster_id, user_id, rule_id, message, added_at, updated_at, error_key, org_id)
       SELECT c.cluster, '1', h.rule_fqdn, 'not relevant for this cluster', timestamp '2024-05-01 13:00:00',
              timestamp '2024-05-01 13:00:00', h.error_key, c.org_id::text
       FROM bench_cluster c JOIN ${hitsTable} ON h.variant = c.variant AND h.k = 1
       WHERE c.g % 20 = 0`,
    hitValues,
  );
  await step(
    'rule_disable (acks)',
    `INSERT INTO rule_disable (org_id, rule_id, error_key, justification, created_at, updated_at)
       SELECT o.org_id::text, regexp_replace(h.rule_fqdn, '\\.report$', ''), h.error_key, 'acked by the benchmark',
              timestamp '2024-05-01 14:00:00', NULL
       FROM (SELECT DISTINCT org_id FROM bench_cluster) o JOIN ${hitsTable} ON h.variant = o.org_id % ${POOL} AND h.k IN (2, 3)`,
    hitValues,
  );
  await step(
    'advisor_ratings',
    `INSERT INTO advisor_ratings (org_id, rule_fqdn, error_key, rated_at, last_updated_at, rating, rule_id)
       SELECT o.org_id::text, regexp_replace(h.rule_fqdn, '\\.report$', ''), h.error_key, timestamp '2024-05-01 15:00:00',
              timestamp '2024-05-01 15:00:00', 1, regexp_replace(h.rule_fqdn, '\\.report$', '') || '|' || h.error_key
       FROM (SELECT DISTINCT org_id FROM bench_cluster) o JOIN ${hitsTable} ON h.variant = o.org_id % ${POOL} AND h.k = 4`,
    hitValues,
  );
  await step('DROP bench_cluster', 'DROP TABLE bench_cluster');
  const tables = [
    'report',
    'rule_hit',
    'recommendation',
    'report_info',
    'cluster_rule_user_feedback',
    'cluster_rule_toggle',
    'cluster_user_rule_disable_feedback',
    'rule_disable',
    'advisor_ratings',
  ];
  await step('VACUUM ANALYZE', `VACUUM (ANALYZE) ${tables.join(', ')}`);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(res.rows[0].n);
  }
  return counts;
}
