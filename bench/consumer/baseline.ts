/**
 * Baseline: the same rows the writer stores, written straight into PostgreSQL with the fastest plain method
 * found here (pg-copy-streams is not a dependency): per batch one transaction with one big multi-row INSERT
 * per table (`INSERT ... VALUES ($1,...),(...)`, up to 60,000 bound parameters). Binding arrays instead
 * (`INSERT ... SELECT FROM unnest($1::text[], ...)`) was measured too: pg then escapes every 8 KB report
 * into an array literal in JavaScript (client CPU). No Kafka, no validation, no org-change or LastChecked
 * checks; the only extra work is what any writer needs for re-reports: delete the cluster's old rule_hit/recommendation rows
 * and upsert report/report_info. One worker per partition, batches of the writer's size, like the writer.
 */
import type pg from 'pg';
import type { StreamMessage } from './stream.js';

interface Parsed {
  org: number;
  cluster: string;
  report: string;
  lastChecked: string;
  gatheredAt: string | null;
  hits: { fqdn: string; key: string; details: string }[];
  version: string | null;
}

function parse(value: string): Parsed {
  const m = JSON.parse(value) as {
    OrgID: number;
    ClusterName: string;
    LastChecked: string;
    Metadata?: { gathering_time?: string };
    Report: {
      reports?: { component: string; key: string; details: unknown }[];
      info?: { info_id: string; details: { version?: string } }[];
    };
  };
  const version = m.Report.info?.find((i) => i.info_id === 'version_info|CLUSTER_VERSION_INFO')?.details.version ?? null;
  return {
    org: m.OrgID,
    cluster: m.ClusterName,
    report: JSON.stringify(m.Report),
    lastChecked: m.LastChecked,
    gatheredAt: m.Metadata?.gathering_time ?? null,
    hits: (m.Report.reports ?? []).map((h) => ({ fqdn: h.component, key: h.key, details: JSON.stringify(h.details) })),
    version,
  };
}

/** `($1,$2,$3),($4,$5,$6),...` for `rows` rows of `cols` columns. */
function placeholders(rows: number, cols: number, casts: string[] = []): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(`$${r * cols + c + 1}${casts[c] ?? ''}`);
    out.push(`(${cells.join(',')})`);
  }
  return out.join(',');
}

/** One multi-row INSERT per chunk (bound parameters are sent as they are: no escaping work in the client). */
async function insertRows(client: pg.Client, head: string, rows: unknown[][], tail = '', casts: string[] = []): Promise<void> {
  if (rows.length === 0) return;
  const cols = rows[0]!.length;
  const perChunk = Math.floor(60_000 / cols);
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    await client.query(`${head} VALUES ${placeholders(chunk.length, cols, casts)} ${tail}`, chunk.flat());
  }
}

async function writeBatch(client: pg.Client, batch: StreamMessage[]): Promise<void> {
  // Last message per cluster wins within one batch (one statement cannot touch a row twice).
  const byCluster = new Map<string, Parsed>();
  for (const m of batch) {
    const p = parse(m.value);
    byCluster.set(p.cluster, p);
  }
  const rows = [...byCluster.values()];
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const utc = (t: string | null) => (t === null ? null : new Date(t).toISOString().replace('T', ' ').replace('Z', ''));
  await client.query('BEGIN');
  // A join with unnest() plans as a nested loop over the primary-key index (small UUID arrays only).
  const orgs = rows.map((r) => r.org);
  const clusters = rows.map((r) => r.cluster);
  await client.query('DELETE FROM rule_hit r USING unnest($1::int[], $2::text[]) AS t(o, c) WHERE r.cluster_id = t.c AND r.org_id = t.o', [
    orgs,
    clusters,
  ]);
  await client.query(
    'DELETE FROM recommendation r USING unnest($1::int[], $2::text[]) AS t(o, c) WHERE r.org_id = t.o AND r.cluster_id = t.c',
    [orgs, clusters],
  );
  await insertRows(
    client,
    'INSERT INTO report (org_id, cluster, report, reported_at, last_checked_at, kafka_offset, gathered_at)',
    rows.map((r) => [r.org, r.cluster, r.report, now, utc(r.lastChecked), 0, utc(r.gatheredAt)]),
    `ON CONFLICT (cluster) DO UPDATE SET org_id = EXCLUDED.org_id, report = EXCLUDED.report, reported_at = EXCLUDED.reported_at,
       last_checked_at = EXCLUDED.last_checked_at, kafka_offset = EXCLUDED.kafka_offset, gathered_at = EXCLUDED.gathered_at`,
  );
  await insertRows(
    client,
    'INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data, created_at)',
    rows.flatMap((r) => r.hits.map((h) => [r.org, r.cluster, h.fqdn, h.key, h.details, now])),
  );
  await insertRows(
    client,
    'INSERT INTO recommendation (org_id, cluster_id, rule_fqdn, error_key, rule_id, created_at, impacted_since)',
    rows.flatMap((r) =>
      r.hits.map((h) => {
        const fqdn = h.fqdn.replace(/\.report$/, '');
        return [r.org, r.cluster, fqdn, h.key, `${fqdn}|${h.key}`, now, now];
      }),
    ),
  );
  await insertRows(
    client,
    'INSERT INTO report_info (org_id, cluster_id, version_info)',
    rows.filter((r) => r.version !== null).map((r) => [r.org, r.cluster, r.version]),
    'ON CONFLICT (cluster_id) DO UPDATE SET org_id = EXCLUDED.org_id, version_info = EXCLUDED.version_info',
  );
  await client.query('COMMIT');
}

/**
 * Writes all messages (one concurrent worker per partition). Timed like the writer (writer-run.ts): from the
 * moment >= 10 % of the messages are written to the last one, so both sides leave out the same start-up share.
 * `around` is called at both ends of that window (connections open), e.g. for CPU snapshots.
 */
export async function runBaseline(
  connect: () => Promise<pg.Client>,
  messages: StreamMessage[],
  partitions: number,
  batchSize: number,
  around: (phase: 'start' | 'end') => void = () => {},
): Promise<{ seconds: number; measured: number }> {
  const perPartition = Array.from({ length: partitions }, (_, p) => messages.filter((m) => m.partition === p));
  const clients = await Promise.all(perPartition.map(() => connect()));
  let written = 0;
  let window: { at: number; n: number } | null = null;
  try {
    await Promise.all(
      perPartition.map(async (list, p) => {
        for (let i = 0; i < list.length; i += batchSize) {
          const batch = list.slice(i, i + batchSize);
          await writeBatch(clients[p]!, batch);
          written += batch.length;
          if (!window && written >= messages.length * 0.1) {
            window = { at: performance.now(), n: written };
            around('start');
          }
        }
      }),
    );
    const end = performance.now();
    around('end');
    const w = window ?? { at: end, n: messages.length };
    return { seconds: (end - w.at) / 1000, measured: messages.length - w.n };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
