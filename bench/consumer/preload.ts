/**
 * Bulk-loads `count` realistic reports straight into the OCP tables with INSERT ... SELECT generate_series:
 * report (the same ~8 KB report JSON as the messages, cluster substituted), 7 rule_hit and 7 recommendation
 * rows per cluster (rotating over the generator's rule pool, like the generator) and one report_info row.
 * Cluster UUIDs are md5('pre-' || n) (see stream.ts preloadCluster). A cluster's rule_hit and recommendation
 * rows are inserted next to each other (ORDER BY n, k), as the writer stores them: without the ORDER BY the
 * join laid each cluster's 7 rows out on 7 different heap pages, so a re-report of a preloaded cluster
 * touched (read, dirtied, logged as full-page image) 14 heap pages instead of 2.
 */
import type pg from 'pg';
import { HIT_POOL_SIZE, ocpMessage } from '../../src/aggregator/db-writer/runtime/test-helpers/messages.js';
import { BASE_TIME, ORGS } from './stream.js';

const UUID = `substr(h,1,8)||'-'||substr(h,9,4)||'-'||substr(h,13,4)||'-'||substr(h,17,4)||'-'||substr(h,21,12)`;

export async function preload(client: pg.Client, count: number, log: (s: string) => void): Promise<number> {
  const started = performance.now();
  const sample = JSON.parse(
    ocpMessage({
      org: 1,
      cluster: '__CLUSTER__',
      lastChecked: '2025-01-01T00:00:00Z',
      seed: 0,
      hits: Array.from({ length: HIT_POOL_SIZE }, (_, i) => i),
    }),
  ) as {
    Report: { reports: { component: string; key: string; details: unknown }[] };
  };
  const pool = sample.Report.reports;
  const reportText = JSON.stringify({ ...sample.Report, reports: pool.slice(0, 7) });
  const fqdns = pool.map((h) => h.component);
  const keys = pool.map((h) => h.key);
  const details = pool.map((h) => JSON.stringify(h.details));
  const ts = new Date(BASE_TIME).toISOString().replace('T', ' ').replace('Z', '');
  const CHUNK = 100_000;
  for (let a = 0; a < count; a += CHUNK) {
    const b = Math.min(count, a + CHUNK) - 1;
    const src = `(SELECT n, 1 + n % ${ORGS} AS org, ${UUID} AS c FROM (SELECT n, md5('pre-' || n) AS h FROM generate_series(${a}, ${b}) n) x) s`;
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO report (org_id, cluster, report, reported_at, last_checked_at, kafka_offset, gathered_at)
       SELECT org, c, replace($1, '__CLUSTER__', c), $2::timestamp, $2::timestamp, 0, $2::timestamp FROM ${src}`,
      [reportText, ts],
    );
    const hits = `${src} CROSS JOIN generate_series(0, 6) k`;
    const idx = `((n + 2 * k) % ${pool.length}) + 1`;
    await client.query(
      `INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data, created_at)
       SELECT org, c, ($1::text[])[${idx}], ($2::text[])[${idx}], ($3::text[])[${idx}], $4::timestamp FROM ${hits} ORDER BY n, k`,
      [fqdns, keys, details, ts],
    );
    await client.query(
      `INSERT INTO recommendation (org_id, cluster_id, rule_fqdn, error_key, rule_id, created_at, impacted_since)
       SELECT org, c, regexp_replace(($1::text[])[${idx}], '\\.report$', ''), ($2::text[])[${idx}],
              regexp_replace(($1::text[])[${idx}], '\\.report$', '') || '|' || ($2::text[])[${idx}], $3::timestamp, $3::timestamp FROM ${hits} ORDER BY n, k`,
      [fqdns, keys, ts],
    );
    await client.query(
      `INSERT INTO report_info (org_id, cluster_id, version_info) SELECT org, c, '4.' || (n % 17) || '.' || (n % 31) FROM ${src}`,
    );
    await client.query('COMMIT');
    log(`  preloaded ${b + 1} / ${count} reports (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return (performance.now() - started) / 1000;
}
