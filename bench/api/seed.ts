/**
 * Bulk fill of a migrated OCP database for the API benchmark: every table is written by a few
 * `INSERT ... SELECT` statements over `generate_series` (server-side), never one round trip per row.
 *
 * Data model (deterministic, so the load generator can compute the IDs):
 * - cluster g (1..total) has ID md5('bench-cluster-' || g) formatted as a UUID (`clusterId(g)` in JS);
 * - clusters 1..measured belong to the measured org (MEASURED_ORG); the rest are spread over further orgs,
 *   `perOrg` clusters each;
 * - each cluster has 7 rule hits (10 variants of which 7 of the generator's 20 rules), and each hit's
 *   `template_data` is one of `detailsPerRule` distinct details of its rule, drawn by the repository's message
 *   generator (test/fixtures/results-messages.ts: node, operator, image and namespace names), picked per
 *   (cluster, hit) by a hash: as varied as production, where node and image names differ per cluster. The
 *   distinct count is printed. (The `report` column, which the report route does not read, is per variant.)
 * - report, rule_hit, recommendation and report_info (90 % of the clusters) rows as the db-writer writes them;
 * - user '1' votes on 10 % of the clusters, 5 % have a disabled rule with a justification, and every org has
 *   two acknowledged (system-wide disabled) rules and a rating.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { goEscape } from '#common/http/envelope.js';
import { RULE_POOL, report, ruleHits } from '#test/fixtures/results-messages.js';
import { seededRandom } from '#test/helpers/random.js';

export const MEASURED_ORG = 1;
export const HITS_PER_CLUSTER = 7;
const POOL = 10;

export interface SeedPlan {
  total: number;
  /** Clusters of the measured org (IDs 1..measured). */
  measured: number;
  /** Clusters per other org. */
  perOrg: number;
  /** Distinct `template_data` values per rule. */
  detailsPerRule: number;
}

export function clusterId(g: number): string {
  const h = createHash('md5').update(`bench-cluster-${g}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Variant {
  report: string;
  hits: { rule: number; ruleFqdn: string; errorKey: string }[];
}

/** The 10 variants of a cluster's report (cluster g uses variant g % 10): which 7 rules it hits. */
export function buildVariants(): { variants: Variant[]; averageReportBytes: number } {
  let bytes = 0;
  const variants = Array.from({ length: POOL }, (_, v) => {
    const rules = Array.from({ length: HITS_PER_CLUSTER }, (_, k) => (v + 3 * k) % RULE_POOL.length);
    const hits = ruleHits(seededRandom(v), rules.length, rules);
    const body = report({ hits, skips: 40, version: `4.${12 + (v % 5)}.${v}` });
    const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1)));
    const text = goEscape(JSON.stringify(sorted));
    bytes += Buffer.byteLength(text);
    return { report: text, hits: hits.map((h, k) => ({ rule: rules[k]!, ruleFqdn: h.component, errorKey: h.key })) };
  });
  return { variants, averageReportBytes: Math.round(bytes / POOL) };
}

/** `perRule` distinct details texts of every rule of the pool, as the rules engine writes them. */
export function detailsPool(perRule: number): { rule: number[]; n: number[]; templateData: string[] } {
  const out = { rule: [] as number[], n: [] as number[], templateData: [] as string[] };
  RULE_POOL.forEach((_, r) => {
    const seen = new Set<string>();
    for (let n = 0, attempt = 0; n < perRule && attempt < perRule * 3; attempt++) {
      const [hit] = ruleHits(seededRandom(r * 1_000_003 + attempt), 1, [r]);
      const text = JSON.stringify(hit!.details);
      if (seen.has(text)) continue; // rules with few variables have fewer distinct values
      seen.add(text);
      out.rule.push(r);
      out.n.push(n++);
      out.templateData.push(text);
    }
  });
  return out;
}

/** Fills the database; returns row counts per table. `log` reports each step with its duration. */
export async function seed(
  client: pg.Client,
  plan: SeedPlan,
  variants: Variant[],
  log: (msg: string) => void,
): Promise<Record<string, number>> {
  const pool = detailsPool(plan.detailsPerRule);
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
    rule: variants.flatMap((v) => v.hits.map((h) => h.rule)),
    position: variants.flatMap((v) => v.hits.map((_, k) => k)),
  };
  const hitsTable = 'unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[]) AS h(variant, rule_fqdn, error_key, rule, k)';
  const hitValues = [hitColumns.variant, hitColumns.ruleFqdn, hitColumns.errorKey, hitColumns.rule, hitColumns.position];

  await step(
    'bench_details (staging)',
    `CREATE TEMP TABLE bench_details AS
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[]) AS d(rule, n, template_data)`,
    [pool.rule, pool.n, pool.templateData],
  );
  await step(
    'bench_details_count (staging)',
    'CREATE TEMP TABLE bench_details_count AS SELECT rule, count(*)::int AS n FROM bench_details GROUP BY rule',
  );
  await client.query('CREATE INDEX ON bench_details (rule, n)');

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
       SELECT c.org_id, c.cluster, h.rule_fqdn, h.error_key, d.template_data,
              timestamp '2024-04-01 08:00:00' + ((c.g + h.k) % 1000) * interval '1 minute'
       FROM bench_cluster c JOIN ${hitsTable} ON h.variant = c.variant
       JOIN bench_details_count dc ON dc.rule = h.rule
       JOIN bench_details d ON d.rule = h.rule AND d.n = abs(hashint8(c.g::bigint * 8 + h.k)) % dc.n`,
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
  await step('DROP staging tables', 'DROP TABLE bench_cluster, bench_details, bench_details_count');
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
  // The load's WAL is flushed now, not by a checkpoint during the first measurements (bench:consumer does the same).
  await step('CHECKPOINT', 'CHECKPOINT');
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(res.rows[0].n);
  }
  return counts;
}

export interface DetailsStats {
  hits: number;
  distinct: number;
  measuredHits: number;
  measuredDistinct: number;
}

/** How varied the stored details are: rule hits and distinct `template_data` texts, overall and in the measured org. */
export async function detailsStats(client: pg.Client): Promise<DetailsStats> {
  const res = await client.query<Record<string, string>>(
    `SELECT count(*) AS hits, count(DISTINCT template_data) AS distinct,
            count(*) FILTER (WHERE org_id = ${MEASURED_ORG}) AS measured_hits,
            count(DISTINCT template_data) FILTER (WHERE org_id = ${MEASURED_ORG}) AS measured_distinct
       FROM rule_hit`,
  );
  const r = res.rows[0]!;
  return {
    hits: Number(r.hits),
    distinct: Number(r.distinct),
    measuredHits: Number(r.measured_hits),
    measuredDistinct: Number(r.measured_distinct),
  };
}
