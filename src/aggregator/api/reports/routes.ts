/**
 * Reports (spec 4.4.3):
 * - `GET, OPTIONS organizations/{org_id}/clusters/{cluster}/users/{user_id}/report`: the latest report with
 *   this user's state (one database round trip);
 * - `GET, OPTIONS .../report/info`: report metadata;
 * - `GET, OPTIONS .../users/{user_id}/rules/{rule_id}`: one rule hit (`rule_id` = `module|KEY`);
 * - `GET organizations/{org_id}/clusters/{cluster_list}/reports`, `POST organizations/{org_id}/clusters/reports`:
 *   raw stored reports of several clusters, tab-indented.
 */
import type { ReportInfoResponse } from '#contracts/aggregator-api.js';
import { NO_BODY, badRequest, missingParam, notFound, paramParseError } from '#common/errors.js';
import { badType, field, hasBody, jsonBody, stringList } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { RULE_ID_RE, parseClusterId, parseOrgId, parseUserId, uuidError } from '#common/ids.js';
import type { ApiDeps } from '../deps.js';
import { ReportQueries, type ReportHit, type ReportWithHits } from './queries.js';
import { jsonString } from '#common/http/envelope.js';
import { detailsJson, goIndent, rfc3339Seconds } from './render.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** `{rule_id}` of the single-rule endpoint: `module|KEY`, both parts `^[a-zA-Z_0-9.]+$`. */
export function parseRuleWithErrorKey(value: string | undefined, name = 'rule_id'): { rule: string; key: string } {
  if (value === undefined || value === '') throw missingParam(name);
  const parts = value.split('|');
  let reason: string | null = null;
  if (parts.length !== 2) reason = 'invalid rule ID, it must contain only rule ID and error key separated by |';
  else if (!RULE_ID_RE.test(parts[0]) || !RULE_ID_RE.test(parts[1])) {
    reason = 'invalid rule ID, each part of ID must contain only latin characters, numbers, underscores or dots';
  }
  if (reason !== null) {
    throw paramParseError(name, value, `Error during validating param 'rule' with value '${value}'. Error: '${reason}'`);
  }
  return { rule: parts[0], key: parts[1] };
}

function renderHit(h: ReportHit): string {
  const feedback = h.feedback_updated_at;
  return (
    `{"component":${jsonString(h.rule_fqdn)},"key":${jsonString(h.error_key)}` +
    `,"user_vote":${h.user_vote}` +
    `,"disabled":${h.disabled}` +
    `,"disable_feedback":${h.disable_feedback === null ? '""' : jsonString(h.disable_feedback)}` +
    `,"disabled_at":${feedback === null ? '""' : `"${rfc3339Seconds(feedback)}"`}` +
    `,"details":${detailsJson(h.template_data)}` +
    `,"impacted":"${rfc3339Seconds(h.created_at)}"}`
  );
}

/** The report endpoint's body: `{"report":{"meta":{...},"reports":[...]},"status":"ok"}` + newline. */
export function renderReport(report: ReportWithHits): string {
  const hits = report.hits;
  let meta = `{"cluster_name":"","count":${hits.length === 0 ? -1 : hits.length},"last_checked_at":"${rfc3339Seconds(report.last_checked_at)}"`;
  if (report.gathered_at !== null) meta += `,"gathered_at":"${rfc3339Seconds(report.gathered_at)}"`;
  return `{"report":{"meta":${meta}},"reports":[${hits.map(renderHit).join(',')}]},"status":"ok"}\n`;
}

/**
 * The multi-cluster body: Go's `json.MarshalIndent` of
 * `{clusters []string; errors []string; reports map[string]json.RawMessage; generated_at string; status string}`.
 */
export function renderClusterReports(requested: string[], stored: Map<string, string>): string {
  const clusters: string[] = [];
  const errors: string[] = [];
  const reports = new Map<string, string>();
  for (const id of requested) {
    const report = stored.get(id);
    if (report !== undefined && isJson(report)) {
      clusters.push(id);
      reports.set(id, report);
    } else {
      errors.push(id);
    }
  }
  const list = (ids: string[]) => (ids.length === 0 ? 'null' : `[${ids.map(jsonString).join(',')}]`);
  const keys = [...reports.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const map = `{${keys.map((k) => `${jsonString(k)}:${reports.get(k)}`).join(',')}}`;
  return goIndent(`{"clusters":${list(clusters)},"errors":${list(errors)},"reports":${map},"generated_at":"","status":"ok"}`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** GET list: the comma-separated path segment. */
function clusterListFromPath(ctx: RequestContext): string[] {
  const raw = ctx.params.cluster_list;
  if (raw === undefined || raw === '') throw missingParam('cluster_list');
  return raw.split(',');
}

/** POST list: `{"clusters":["<uuid>",...]}`; a missing or null `clusters` is an empty list. */
function clusterListFromBody(ctx: RequestContext): string[] {
  if (!hasBody(ctx)) throw badRequest(NO_BODY);
  // Go decodes into a struct: `null` leaves it empty, any other non-object is a type error
  const value = jsonBody(ctx);
  if (value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw badType();
  const list = field(value as Record<string, unknown>, 'clusters');
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw badType();
  return stringList(list);
}

export function reportsRoutes(deps: ApiDeps): RouteDef[] {
  // Only SQL storage has data; without it every read finds nothing.
  const queries = deps.ocp ? new ReportQueries(deps.ocp) : null;

  const clusterReports = async (org: number, requested: string[]) => {
    for (const id of requested) {
      const err = uuidError(id);
      if (err !== null) throw badRequest(`invalid cluster ID: '${id}'. Error: ${err}`);
    }
    const rows = requested.length > 0 && queries ? await queries.readReportsForClusters(requested) : [];
    const orgs = new Set(rows.map((r) => Number(r.org_id)));
    if (orgs.size > 1 || (orgs.size === 1 && !orgs.has(org))) throw badRequest('Improper organization ID');
    const stored = new Map(rows.map((r) => [r.cluster, r.report]));
    return { raw: renderClusterReports(requested, stored), contentType: JSON_TYPE };
  };

  return [
    {
      method: 'GET',
      path: 'organizations/{org_id}/clusters/{cluster}/users/{user_id}/report',
      options: true,
      handler: async (ctx) => {
        const cluster = parseClusterId(ctx.params.cluster);
        const user = parseUserId(ctx.params.user_id);
        const org = parseOrgId(ctx.params.org_id);
        const report = queries ? await queries.readReportWithHits(org, cluster, user) : undefined;
        if (report === undefined) throw notFound(org, cluster);
        return { raw: renderReport(report), contentType: JSON_TYPE };
      },
    },
    {
      method: 'GET',
      path: 'organizations/{org_id}/clusters/{cluster}/users/{user_id}/report/info',
      options: true,
      handler: async (ctx) => {
        const cluster = parseClusterId(ctx.params.cluster);
        const org = parseOrgId(ctx.params.org_id);
        const row = queries ? await queries.readReportInfo(org, cluster) : undefined;
        if (row === undefined) throw notFound(org, cluster);
        const count = Number(row.hit_count ?? 0);
        return {
          json: {
            metainfo: {
              count: count === 0 ? -1 : count,
              last_checked_at: rfc3339Seconds(row.last_checked_at),
              stored_at: rfc3339Seconds(row.reported_at),
            },
            status: 'ok',
          } satisfies ReportInfoResponse,
        };
      },
    },
    {
      method: 'GET',
      path: 'organizations/{org_id}/clusters/{cluster}/users/{user_id}/rules/{rule_id}',
      options: true,
      handler: async (ctx) => {
        const cluster = parseClusterId(ctx.params.cluster);
        const user = parseUserId(ctx.params.user_id);
        const org = parseOrgId(ctx.params.org_id);
        const { rule, key } = parseRuleWithErrorKey(ctx.params.rule_id);
        const row = queries ? await queries.readSingleRule(org, cluster, rule, key, user) : undefined;
        if (row === undefined) throw notFound(org, cluster, rule, key);
        const toggled = row.toggle_disabled !== null;
        const body =
          `{"report":{"component":${jsonString(rule)},"key":${jsonString(key)}` +
          `,"user_vote":${row.user_vote === null ? 0 : Number(row.user_vote)}` +
          `,"disabled":${toggled && Number(row.toggle_disabled) === 1}` +
          `,"disable_feedback":${row.disable_feedback === null ? '""' : jsonString(row.disable_feedback)}` +
          `,"disabled_at":${toggled ? `"${rfc3339Seconds(row.toggle_disabled_at)}"` : '""'}` +
          `,"details":${detailsJson(row.template_data)}},"status":"ok"}\n`;
        return { raw: body, contentType: JSON_TYPE };
      },
    },
    {
      method: 'GET',
      path: 'organizations/{org_id}/clusters/{cluster_list}/reports',
      handler: async (ctx) => {
        const org = parseOrgId(ctx.params.org_id);
        return clusterReports(org, clusterListFromPath(ctx));
      },
    },
    {
      method: 'POST',
      path: 'organizations/{org_id}/clusters/reports',
      handler: async (ctx) => {
        const org = parseOrgId(ctx.params.org_id);
        return clusterReports(org, clusterListFromBody(ctx));
      },
    },
  ];
}
