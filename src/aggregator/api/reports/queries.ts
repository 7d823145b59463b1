/**
 * Queries of the reports feature (spec 3.5 "Report for cluster", "Single rule template data", "Raw reports
 * of a cluster list"; 4.4.3).
 *
 * The report endpoint is the hot path: ONE statement returns the report rows, their rule hits and the
 * clusters' toggles, disable feedback and votes for all the report requests that arrived while the previous
 * one ran (BatchLoader), and the rows are joined per request here. The statements are built
 * with Kysely once per storage and compiled once (`precompile`); each request only supplies the bound
 * parameter values, so there is no per-request query building or SQL compilation, and on PostgreSQL they
 * run as named prepared statements (parsed and planned once per connection).
 */
import { sql } from 'kysely';
import { BatchLoader } from '#common/batch-loader.js';
import { precompile } from '#common/sql/precompile.js';
import { distinctChunks } from '#common/sql/chunks.js';
import type { Db } from '../../storage/db.js';
import { inListParam, listParam } from '#common/sql/lists.js';

/** One rule hit of a report with this user's state, as the report endpoint renders it. */
export interface ReportHit {
  rule_fqdn: string;
  error_key: string;
  template_data: string;
  created_at: string | null;
  /** This user's newest vote on (cluster, rule_id = component), any error key; 0 without one. */
  user_vote: number;
  /** A toggle row of this org with disabled = 1 exists for (cluster, rule, key). */
  disabled: boolean;
  /** This user's disable justification for (cluster, rule, key) and its update time. */
  disable_feedback: string | null;
  feedback_updated_at: string | null;
}

export interface ReportWithHits {
  last_checked_at: string | null;
  gathered_at: string | null;
  hits: ReportHit[];
}

/** Row of the report statement: `kind` says which branch of the UNION ALL it comes from. */
interface ReportPartRow {
  cluster: string;
  kind: number | string;
  /** org_id (report, hit, toggle) or user_id (feedback, vote), as text */
  who: string;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
}
const PART = { report: 0, hit: 1, toggle: 2, feedback: 3, vote: 4 } as const;

interface ReportKey {
  org: number;
  cluster: string;
  user: string;
}
/** Report requests per statement, and statements running at once (see BatchLoader). */
const REPORT_BATCH = 100;
const REPORT_BATCHES_IN_FLIGHT = 1;

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

export class ReportQueries {
  private readonly reportWithHits;
  private readonly reportLoader: BatchLoader<ReportKey, ReportWithHits | undefined>;
  private readonly reportInfo;
  private readonly singleRule;

  constructor(private readonly db: Db) {
    const k = db.kysely;

    // Five index range scans glued with UNION ALL, one round trip for a whole batch of requests: the reports
    // of the batch's clusters, their hits, toggles, disable feedback and votes (usually none). The caller keeps
    // each request's rows (org, user). Joining here costs PostgreSQL about half of a join that probes the three
    // side tables once per hit, and one statement per batch divides its fixed cost among the requests.
    const asText = (ref: string) => sql<string>`cast(${sql.ref(ref)} as text)`;
    const none = sql<string | null>`null`;
    const kind = (k: number) => sql<number>`${sql.lit(k)}`.as('kind');
    this.reportWithHits = precompile(['clusters', 'users'] as const, (p) =>
      k
        .selectFrom('report as r')
        .select([
          'r.cluster as cluster',
          kind(PART.report),
          asText('r.org_id').as('who'),
          asText('r.last_checked_at').as('a'),
          asText('r.gathered_at').as('b'),
          none.as('c'),
          none.as('d'),
        ])
        .where(inListParam(db, 'r.cluster', p.clusters))
        .unionAll(
          k
            .selectFrom('rule_hit as h')
            .select([
              'h.cluster_id as cluster',
              kind(PART.hit),
              asText('h.org_id').as('who'),
              'h.rule_fqdn as a',
              'h.error_key as b',
              'h.template_data as c',
              asText('h.created_at').as('d'),
            ])
            .where(inListParam(db, 'h.cluster_id', p.clusters)),
        )
        // disabled: a toggle row with the request's org, cluster, rule_id|error_key = component|key and disabled = 1
        .unionAll(
          k
            .selectFrom('cluster_rule_toggle as t')
            .select([
              't.cluster_id as cluster',
              kind(PART.toggle),
              't.org_id as who',
              't.rule_id as a',
              't.error_key as b',
              none.as('c'),
              none.as('d'),
            ])
            .where(inListParam(db, 't.cluster_id', p.clusters))
            .where('t.disabled', '=', 1),
        )
        // the user's disable justification for (cluster, component, key); the PK makes it unique
        .unionAll(
          k
            .selectFrom('cluster_user_rule_disable_feedback as d')
            .select([
              'd.cluster_id as cluster',
              kind(PART.feedback),
              'd.user_id as who',
              'd.rule_id as a',
              'd.error_key as b',
              'd.message as c',
              asText('d.updated_at').as('d'),
            ])
            .where(inListParam(db, 'd.cluster_id', p.clusters))
            .where(inListParam(db, 'd.user_id', p.users)),
        )
        // the user's votes on the cluster (the newest per rule_id counts)
        .unionAll(
          k
            .selectFrom('cluster_rule_user_feedback as f')
            .select([
              'f.cluster_id as cluster',
              kind(PART.vote),
              'f.user_id as who',
              'f.rule_id as a',
              'f.error_key as b',
              asText('f.user_vote').as('c'),
              asText('f.updated_at').as('d'),
            ])
            .where(inListParam(db, 'f.cluster_id', p.clusters))
            .where(inListParam(db, 'f.user_id', p.users)),
        ),
    );
    this.reportLoader = new BatchLoader((keys: ReportKey[]) => this.readReports(keys), {
      maxBatch: REPORT_BATCH,
      maxInFlight: REPORT_BATCHES_IN_FLIGHT,
    });

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

  /** The report of (org, cluster) with its hits and this user's state on them; undefined when there is no report. */
  readReportWithHits(org: number, cluster: string, user: string): Promise<ReportWithHits | undefined> {
    return this.reportLoader.load({ org, cluster, user });
  }

  /** One statement for a batch of report requests; the answers in the order of the keys. */
  private async readReports(keys: ReportKey[]): Promise<(ReportWithHits | undefined)[]> {
    const clusters = [...new Set(keys.map((key) => key.cluster))];
    const users = [...new Set(keys.map((key) => key.user))];
    const q = this.reportWithHits<ReportPartRow>({ clusters: listParam(this.db, clusters), users: listParam(this.db, users) });
    const byCluster = new Map<string, ReportPartRow[]>();
    for (const row of (await this.db.kysely.executeQuery(q)).rows) {
      const list = byCluster.get(row.cluster);
      if (list) list.push(row);
      else byCluster.set(row.cluster, [row]);
    }
    return keys.map((key) => assembleReport(key, byCluster.get(key.cluster) ?? []));
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
    const out: ClusterReportRow[] = [];
    for (const part of distinctChunks(clusters)) {
      const rows = await this.db.kysely.selectFrom('report').select(['cluster', 'org_id', 'report']).where('cluster', 'in', part).execute();
      out.push(...rows);
    }
    return out;
  }
}

const pairKey = (rule: string | null, key: string | null) => `${rule}|${key}`;

const compareText = (x: string | null, y: string | null) => ((x ?? '') < (y ?? '') ? -1 : (x ?? '') > (y ?? '') ? 1 : 0);

/** Joins one request's rows of the report statement. */
function assembleReport(key: ReportKey, rows: ReportPartRow[]): ReportWithHits | undefined {
  const org = String(key.org);
  let report: ReportWithHits | undefined;
  const hits: ReportPartRow[] = [];
  let toggles: Set<string> | undefined;
  let feedback: Map<string, ReportPartRow> | undefined;
  let votes: Map<string, ReportPartRow> | undefined;
  for (const row of rows) {
    switch (Number(row.kind)) {
      case PART.report:
        if (row.who === org) report = { last_checked_at: row.a, gathered_at: row.b, hits: [] };
        break;
      case PART.hit:
        if (row.who === org) hits.push(row);
        break;
      case PART.toggle:
        if (row.who === org) {
          toggles ??= new Set();
          toggles.add(pairKey(row.a, row.b));
        }
        break;
      case PART.feedback:
        if (row.who === key.user) {
          feedback ??= new Map();
          feedback.set(pairKey(row.a, row.b), row);
        }
        break;
      case PART.vote: {
        if (row.who !== key.user) break;
        // newest updated_at wins, then the smallest error key (timestamps are ISO text: they sort as strings)
        const rule = row.a as string;
        votes ??= new Map();
        const best = votes.get(rule);
        if (best === undefined || (row.d ?? '') > (best.d ?? '') || (row.d === best.d && (row.b ?? '') < (best.b ?? '')))
          votes.set(rule, row);
        break;
      }
    }
  }
  if (report === undefined) return undefined;
  // deterministic order (docs/compatibility.md): by rule, then error key
  hits.sort((x, y) => compareText(x.a, y.a) || compareText(x.b, y.b));
  for (const h of hits) {
    const key = pairKey(h.a, h.b);
    const fb = feedback?.get(key);
    const vote = votes?.get(h.a as string);
    report.hits.push({
      rule_fqdn: h.a as string,
      error_key: h.b as string,
      template_data: h.c as string,
      created_at: h.d,
      user_vote: vote === undefined ? 0 : Number(vote.c),
      disabled: toggles?.has(key) ?? false,
      disable_feedback: fb === undefined ? null : fb.c,
      feedback_updated_at: fb === undefined ? null : fb.d,
    });
  }
  return report;
}
