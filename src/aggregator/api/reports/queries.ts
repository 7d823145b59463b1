/**
 * Queries of the reports feature (spec 3.5 "Report for cluster", "Single rule template data", "Raw reports
 * of a cluster list"; 4.4.3).
 *
 * The report endpoint is the hot path: ONE statement returns the report row joined with its rule hits and,
 * per hit, this user's vote, the toggle state and this user's disable feedback. The statements are built
 * with Kysely once per storage and compiled once (`precompile`); each request only supplies the bound
 * parameter values, so there is no per-request query building or SQL compilation, and on PostgreSQL they
 * run as named prepared statements (parsed and planned once per connection).
 */
import type { CompiledQuery, Compilable } from 'kysely';
import { registerPreparedStatement, type Db } from '../../../storage/connection.js';

/** Bound-parameter lists are split so no statement exceeds the databases' parameter limits. */
const CHUNK = 5000;

/** Columns of one row of the report query: report columns, then the hit (all NULL when there is none). */
export interface ReportHitRow {
  last_checked_at: string | null;
  gathered_at: string | null;
  rule_fqdn: string | null;
  error_key: string | null;
  template_data: string | null;
  created_at: string | null;
  user_vote: number | string | null;
  /** The toggle row's `disabled` (only rows with disabled = 1 join), NULL when not disabled. */
  toggle_disabled: number | string | null;
  disable_feedback: string | null;
  feedback_updated_at: string | null;
}

export interface ReportInfoRow {
  last_checked_at: string | null;
  reported_at: string | null;
  hit_count: number | string | bigint | null;
}

export interface SingleRuleRow {
  template_data: string;
  user_vote: number | string | null;
  disable_feedback: string | null;
  toggle_disabled: number | string | null;
  toggle_disabled_at: string | null;
}

export interface ClusterReportRow {
  cluster: string;
  org_id: number;
  report: string;
}

type Slot = { param: string } | { value: unknown };

/**
 * Compiles a Kysely query once. `build` receives a placeholder per parameter name; the placeholders are
 * located in the compiled parameter list, every other parameter (constants such as `disabled = 1`) is kept.
 * The returned function yields the compiled query with the request's values bound.
 */
function precompile<N extends string>(names: readonly N[], build: (p: Record<N, string>) => Compilable<unknown>) {
  const placeholders = Object.fromEntries(names.map((n) => [n, `\u0000placeholder:${n}\u0000`])) as Record<N, string>;
  const byPlaceholder = new Map<unknown, N>(names.map((n) => [placeholders[n], n]));
  const compiled = build(placeholders).compile();
  registerPreparedStatement(compiled.sql);
  const slots: Slot[] = compiled.parameters.map((v) => (byPlaceholder.has(v) ? { param: byPlaceholder.get(v) as N } : { value: v }));
  return <R>(values: Record<N, unknown>): CompiledQuery<R> =>
    ({ ...compiled, parameters: slots.map((s) => ('param' in s ? values[s.param as N] : s.value)) }) as CompiledQuery<R>;
}

export class ReportQueries {
  private readonly reportWithHits;
  private readonly reportInfo;
  private readonly singleRule;

  constructor(private readonly db: Db) {
    const k = db.kysely;

    this.reportWithHits = precompile(['org', 'orgText', 'cluster', 'user'] as const, (p) =>
      k
        .selectFrom('report as r')
        .leftJoin('rule_hit as h', (j) => j.onRef('h.cluster_id', '=', 'r.cluster').onRef('h.org_id', '=', 'r.org_id'))
        // disabled: a toggle row with the same org, cluster, rule_id|error_key = component|key and disabled = 1
        .leftJoin('cluster_rule_toggle as t', (j) =>
          j
            .onRef('t.cluster_id', '=', 'h.cluster_id')
            .onRef('t.rule_id', '=', 'h.rule_fqdn')
            .onRef('t.error_key', '=', 'h.error_key')
            .on('t.org_id', '=', p.orgText)
            .on('t.disabled', '=', 1),
        )
        // this user's disable justification for (cluster, component, key); the PK makes it unique
        .leftJoin('cluster_user_rule_disable_feedback as d', (j) =>
          j
            .onRef('d.cluster_id', '=', 'h.cluster_id')
            .onRef('d.rule_id', '=', 'h.rule_fqdn')
            .onRef('d.error_key', '=', 'h.error_key')
            .on('d.user_id', '=', p.user),
        )
        .select((eb) => [
          'r.last_checked_at',
          'r.gathered_at',
          'h.rule_fqdn',
          'h.error_key',
          'h.template_data',
          'h.created_at',
          // this user's vote on (cluster, rule_id = component), whatever the error key (upstream keys its
          // vote map by rule_id only); the newest one wins when several error keys carry a vote
          eb
            .selectFrom('cluster_rule_user_feedback as f')
            .select('f.user_vote')
            .whereRef('f.cluster_id', '=', 'h.cluster_id')
            .whereRef('f.rule_id', '=', 'h.rule_fqdn')
            .where('f.user_id', '=', p.user)
            .orderBy('f.updated_at', 'desc')
            .orderBy('f.error_key')
            .limit(1)
            .as('user_vote'),
          't.disabled as toggle_disabled',
          'd.message as disable_feedback',
          'd.updated_at as feedback_updated_at',
        ])
        .where('r.org_id', '=', p.org as unknown as number)
        .where('r.cluster', '=', p.cluster),
    );

    this.reportInfo = precompile(['org', 'cluster'] as const, (p) =>
      k
        .selectFrom('report as r')
        .select((eb) => [
          'r.last_checked_at',
          'r.reported_at',
          eb
            .selectFrom('rule_hit as h')
            .select((e) => e.fn.countAll().as('n'))
            .whereRef('h.org_id', '=', 'r.org_id')
            .whereRef('h.cluster_id', '=', 'r.cluster')
            .as('hit_count'),
        ])
        .where('r.org_id', '=', p.org as unknown as number)
        .where('r.cluster', '=', p.cluster),
    );

    this.singleRule = precompile(['org', 'cluster', 'rule', 'key', 'user'] as const, (p) =>
      k
        .selectFrom('rule_hit as h')
        .select((eb) => [
          'h.template_data',
          // this user's vote for (cluster, module, key)
          eb
            .selectFrom('cluster_rule_user_feedback as f')
            .select('f.user_vote')
            .whereRef('f.cluster_id', '=', 'h.cluster_id')
            .whereRef('f.rule_id', '=', 'h.rule_fqdn')
            .whereRef('f.error_key', '=', 'h.error_key')
            .where('f.user_id', '=', p.user)
            .limit(1)
            .as('user_vote'),
          // this user's disable justification for (cluster, module, key)
          eb
            .selectFrom('cluster_user_rule_disable_feedback as d')
            .select('d.message')
            .whereRef('d.cluster_id', '=', 'h.cluster_id')
            .whereRef('d.rule_id', '=', 'h.rule_fqdn')
            .whereRef('d.error_key', '=', 'h.error_key')
            .where('d.user_id', '=', p.user)
            .limit(1)
            .as('disable_feedback'),
          // the newest toggle of (cluster, rule_id = module): any error key, any org (upstream's lookup)
          eb
            .selectFrom('cluster_rule_toggle as t')
            .select('t.disabled')
            .whereRef('t.cluster_id', '=', 'h.cluster_id')
            .whereRef('t.rule_id', '=', 'h.rule_fqdn')
            .orderBy('t.updated_at', 'desc')
            .orderBy('t.error_key')
            .limit(1)
            .as('toggle_disabled'),
          eb
            .selectFrom('cluster_rule_toggle as t')
            .select('t.disabled_at')
            .whereRef('t.cluster_id', '=', 'h.cluster_id')
            .whereRef('t.rule_id', '=', 'h.rule_fqdn')
            .orderBy('t.updated_at', 'desc')
            .orderBy('t.error_key')
            .limit(1)
            .as('toggle_disabled_at'),
        ])
        .where('h.org_id', '=', p.org as unknown as number)
        .where('h.cluster_id', '=', p.cluster)
        .where('h.rule_fqdn', '=', p.rule)
        .where('h.error_key', '=', p.key),
    );
  }

  /** The report row with one row per rule hit (one row with NULL hit columns when there is none); [] when no report. */
  async readReportWithHits(org: number, cluster: string, user: string): Promise<ReportHitRow[]> {
    const q = this.reportWithHits<ReportHitRow>({ org, orgText: String(org), cluster, user });
    return (await this.db.kysely.executeQuery(q)).rows;
  }

  async readReportInfo(org: number, cluster: string): Promise<ReportInfoRow | undefined> {
    const q = this.reportInfo<ReportInfoRow>({ org, cluster });
    return (await this.db.kysely.executeQuery(q)).rows[0];
  }

  async readSingleRule(org: number, cluster: string, rule: string, key: string, user: string): Promise<SingleRuleRow | undefined> {
    const q = this.singleRule<SingleRuleRow>({ org, cluster, rule, key, user });
    return (await this.db.kysely.executeQuery(q)).rows[0];
  }

  /** `cluster, org_id, report` of the stored reports of the listed clusters (any org). */
  async readReportsForClusters(clusters: string[]): Promise<ClusterReportRow[]> {
    const unique = [...new Set(clusters)];
    const out: ClusterReportRow[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const part = unique.slice(i, i + CHUNK);
      const rows = await this.db.kysely
        .selectFrom('report')
        .select(['cluster', 'org_id', 'report'])
        .where('cluster', 'in', part)
        .execute();
      out.push(...rows);
    }
    return out;
  }
}
