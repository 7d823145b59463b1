/**
 * On-demand data gathering routes of API v2 (spec V2-12), used by the Insights Operator (strict backward
 * compatibility): a cluster's requests (GET: all stored, POST: the listed ones), a request's status and its
 * simplified report, read from the records the valkey-writer keeps in Redis/Valkey (store.ts).
 * Org from the token only (403 `token is not provided` with auth off). Redis unavailable: 503 for these
 * routes only.
 */
import { AppError, badRequest, notFound, paramParseError } from '#common/errors.js';
import { BAD_BODY, jsonBodyOrBadBody } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseClusterId } from '#common/ids.js';
import type { RequestListResponse, RequestReportResponse, RequestReportRule, RequestStatusResponse } from '#contracts/requests.js';
import { requireIdentity } from '../auth/identity.js';
import type { RequestStore } from './store.js';

export const REQUESTS_NOT_FOUND = 'Requests for cluster not found';
export const REQUEST_ID_NOT_FOUND = 'Request ID not found for given org_id and cluster_id';
export const REQUEST_ID_PARAM = 'request_id';
const REQUEST_ID_RE = /^[a-zA-Z0-9]+$/;

/** What the routes need, explicitly (the feature builds it from ProxyDeps). */
export interface RequestRouteDeps {
  store: RequestStore;
  /** Org-wide acks (A15) as composite IDs `module|KEY` (module without `.report`). */
  ackedRules(orgId: number): Promise<ReadonlySet<string>>;
  /** Rules disabled for the cluster (A8 with a one-element list), composite IDs without `.report`. */
  disabledRules(orgId: number, cluster: string): Promise<ReadonlySet<string>>;
  /** Content of a composite rule ID, undefined when there is none. */
  ruleContent(compositeId: string): Promise<{ generic: string; total_risk: number } | undefined>;
}

export function parseRequestId(value: string): string {
  if (!REQUEST_ID_RE.test(value)) throw paramParseError(REQUEST_ID_PARAM, value, `invalid request ID: '${value}'`);
  return value;
}

/** The POST body: a JSON array of request IDs (Go's json.Decoder into []string). */
function requestIdList(ctx: RequestContext): string[] {
  const value = jsonBodyOrBadBody(ctx);
  if (value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && v !== null)) throw badRequest(BAD_BODY);
  return value.map((v) => parseRequestId((v as string | null) ?? ''));
}

export function requestRoutes(deps: RequestRouteDeps): RouteDef[] {
  const { store } = deps;
  return [
    {
      method: 'GET',
      path: 'cluster/{cluster}/requests',
      handler: async (ctx) => {
        const { orgId } = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const ids = await store.requestIds(orgId, cluster);
        if (ids.length === 0) throw new AppError('not_found', REQUESTS_NOT_FOUND);
        const body: RequestListResponse = { cluster, requests: await store.timestamps(orgId, cluster, ids, true), status: 'ok' };
        return { json: body };
      },
    },
    {
      method: 'POST',
      path: 'cluster/{cluster}/requests',
      handler: async (ctx) => {
        const { orgId } = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const ids = requestIdList(ctx);
        const body: RequestListResponse = { cluster, requests: await store.timestamps(orgId, cluster, ids, false), status: 'ok' };
        return { json: body };
      },
    },
    {
      method: 'GET',
      path: 'cluster/{cluster}/request/{request_id}/status',
      handler: async (ctx) => {
        const { orgId } = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const requestId = parseRequestId(ctx.params.request_id ?? '');
        if (!(await store.exists(orgId, cluster, requestId))) throw new AppError('not_found', REQUEST_ID_NOT_FOUND);
        const body: RequestStatusResponse = { cluster, requestID: requestId, status: 'processed' };
        return { json: body };
      },
    },
    {
      method: 'GET',
      path: 'cluster/{cluster}/request/{request_id}/report',
      handler: async (ctx) => {
        const { orgId } = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const requestId = parseRequestId(ctx.params.request_id ?? '');
        const hits = await store.ruleHits(orgId, cluster, requestId);
        if (hits === null) throw notFound(requestId);
        const [acked, disabled] = await Promise.all([deps.ackedRules(orgId), deps.disabledRules(orgId, cluster)]);
        const report: RequestReportRule[] = [];
        for (const id of hits) {
          if (acked.has(id) || disabled.has(id)) continue;
          const content = await deps.ruleContent(id);
          if (!content) continue;
          const bar = id.indexOf('|');
          report.push({
            rule_fqdn: id.slice(0, bar),
            error_key: id.slice(bar + 1),
            description: content.generic,
            total_risk: content.total_risk,
          });
        }
        const body: RequestReportResponse = { cluster, requestID: requestId, status: 'processed', report };
        return { json: body };
      },
    },
  ];
}
