/**
 * What PostgreSQL did during a run, from its statistics views: WAL volume and full-page images per message
 * (pg_stat_wal, server-wide: the benchmark database is the only one written), and the autovacuum /
 * autoanalyze passes that ran on the benchmark's tables (they compete with the run for CPU).
 */
import type pg from 'pg';

export interface PgActivity {
  walBytes: number;
  fullPageImages: number;
  /** table -> [autovacuum_count, autoanalyze_count] */
  auto: Map<string, [number, number]>;
  /** Autovacuum workers running at the time (their `query`, e.g. `autovacuum: ANALYZE public.rule_hit`). */
  running: string[];
}

export async function pgActivity(c: pg.Client): Promise<PgActivity> {
  const wal = (await c.query<{ b: string; f: string }>('SELECT wal_bytes::text AS b, wal_fpi::text AS f FROM pg_stat_wal')).rows[0]!;
  const auto = new Map<string, [number, number]>();
  const { rows } = await c.query<{ relname: string; v: string; a: string }>(
    `SELECT relname, autovacuum_count::text AS v, autoanalyze_count::text AS a FROM pg_stat_user_tables
      WHERE relname IN ('report', 'rule_hit', 'recommendation', 'report_info')`,
  );
  for (const r of rows) auto.set(r.relname, [Number(r.v), Number(r.a)]);
  const running = (
    await c.query<{ q: string }>(`SELECT query AS q FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`)
  ).rows.map((r) => r.q);
  return { walBytes: Number(wal.b), fullPageImages: Number(wal.f), auto, running };
}

/** `WAL 21.0 KB/msg, 4.03 full-page images/msg; autovacuum during the run: none` (or `rule_hit (analyze)`, ...). */
export function describeActivity(a: PgActivity, b: PgActivity, messages: number): string {
  const passes: string[] = [];
  for (const [table, [v, an]] of b.auto) {
    const [v0, an0] = a.auto.get(table) ?? [0, 0];
    const kinds = [v > v0 ? 'vacuum' : '', an > an0 ? 'analyze' : ''].filter(Boolean);
    if (kinds.length) passes.push(`${table} (${kinds.join(', ')})`);
  }
  for (const q of b.running) passes.push(`still running: ${q.replace(/^autovacuum: /, '')}`);
  return (
    `PostgreSQL: WAL ${((b.walBytes - a.walBytes) / messages / 1024).toFixed(1)} KB/msg, ` +
    `${((b.fullPageImages - a.fullPageImages) / messages).toFixed(2)} full-page images/msg; ` +
    `autovacuum during the run: ${passes.length ? passes.join(', ') : 'none'}`
  );
}
