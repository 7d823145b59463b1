/**
 * v1 report routes (spec 2.7 V1-9..V1-13): the merged report (and its legacy alias), report info, the
 * single-rule report, and the multi-cluster reports passed through from the aggregator.
 */
import { AppError, badRequest } from '#common/errors.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { JSON_CONTENT_TYPE } from '#common/http/envelope.js';
import { parseClusterId } from '#common/ids.js';
import type { ReportInfoResponse, ReportResponse, SingleRuleResponse } from '#contracts/aggregator-api.js';
import { okJson, passThrough } from '../aggregator/client.js';
import { checkInternal, requireIdentity } from '../auth/identity.js';
import type { ProxyDeps } from '../deps.js';
import { ackedIds } from '../reports/acks.js';
import { ruleResponse } from '../reports/merge.js';
import { field, writeReportData } from '../reports/write.js';
import { boolParam, parseCompositeRuleId } from '../reports/params.js';
import { early } from '../upstream/early.js';

/** Managed flag of v1: AMS for the insights-operator agent (Part 7 point 11: false without AMS), else `osd_eligible`. */
async function v1Managed(deps: ProxyDeps, ctx: RequestContext, org: number, cluster: string): Promise<boolean> {
  const agent = String(ctx.headers['user-agent'] ?? '').split('/')[0];
  if (agent === 'insights-operator') {
    if (!deps.ams) return false;
    return (await deps.ams.clusterInOrg(org, cluster)).managed;
  }
  return boolParam(ctx, 'osd_eligible', false, true);
}

export function v1ReportRoutes(deps: ProxyDeps): RouteDef[] {
  const report = async (ctx: RequestContext) => {
    const id = requireIdentity(ctx);
    const cluster = parseClusterId(ctx.params.cluster);
    const getDisabled = boolParam(ctx, 'get_disabled', false);
    const report = early(deps.aggregator.report(id.orgId, cluster, id.userId));
    const managedP = early(v1Managed(deps, ctx, id.orgId, cluster));
    const ackedP = early(ackedIds(deps.aggregator, id.orgId));
    const storeP = early(deps.content.content());
    const body = okJson<ReportResponse>(await report);
    const managed = await managedP;
    const acked = await ackedP;
    const store = await storeP;
    const { data, count } = writeReportData(body.report.reports ?? [], store, { managed, getDisabled, acked, withImpacted: false });
    const meta = field('count', count, true) + field('last_checked_at', body.report.meta.last_checked_at);
    return { raw: `{"report":{"meta":{${meta}},"data":${data}},"status":"ok"}\n`, contentType: JSON_CONTENT_TYPE };
  };
  return [
    { method: 'GET', path: 'clusters/{cluster}/report', handler: report },
    // org_id is ignored (spec V1-9): no check against the identity's org.
    { method: 'GET', path: 'report/{org_id}/{cluster}', handler: report, orgCheck: false },
    {
      method: 'GET',
      path: 'clusters/{cluster}/report/info',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const body = okJson<ReportInfoResponse>(await deps.aggregator.reportInfo(id.orgId, cluster, id.userId));
        return { json: { metainfo: body.metainfo, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'clusters/{cluster}/rules/{rule_id}/report',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const cluster = parseClusterId(ctx.params.cluster);
        const [module, ek] = parseCompositeRuleId(ctx.params.rule_id);
        const body = okJson<SingleRuleResponse>(await deps.aggregator.singleRule(id.orgId, cluster, id.userId, `${module}|${ek}`));
        const managed = await v1Managed(deps, ctx, id.orgId, cluster);
        const store = await deps.content.content();
        const merged = ruleResponse(body.report, store, false);
        if (!merged || (managed && !merged.osdCustomer)) throw new AppError('not_found', 'Rule was not found');
        checkInternal(deps.internalRulesOrgs, ctx, merged.rule.internal);
        return { json: { report: merged.rule, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'clusters/{clusters}/reports',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const list = (ctx.params.clusters ?? '').split(',');
        for (const c of list) parseClusterId(c, 'clusters');
        return passThrough(await deps.aggregator.clusterReports(id.orgId, list.join(',')));
      },
    },
    {
      method: 'POST',
      path: 'clusters/reports',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        if (ctx.body === undefined || ctx.body === '') throw badRequest("client didn't provide request body");
        return passThrough(await deps.aggregator.postClusterReports(id.orgId, ctx.body));
      },
    },
  ];
}
