/**
 * v2 recommendation routes (spec 2.8 V2-4..V2-8): the list with impacted counts, a rule's content (and
 * user data), the clusters a rule hits or is disabled on, and all content with groups.
 */
import { type AppError, notFound } from '#common/errors.js';
import { JSON_CONTENT_TYPE } from '#common/http/envelope.js';
import type { RouteDef } from '#common/http/routes.js';
import { parseRuleSelector } from '#common/ids.js';
import { okJson } from '../aggregator/client.js';
import { checkInternal, maySeeInternal, requireIdentity } from '../auth/identity.js';
import { isInternalModule, type RuleWithContent } from '../content/store.js';
import type { ProxyDeps } from '../deps.js';
import { ackedIds, disabledByCluster, type SystemWideAck } from '../reports/acks.js';
import { boolParam, parseCompositeRuleId, query } from '../reports/params.js';
import { ruleContentOut } from '../v1/content.js';
import { field, jsonValue } from '../reports/write.js';
import { early } from '../upstream/early.js';
import { rfc3339 } from './rfc3339.js';

export function contentOut(r: RuleWithContent) {
  return {
    rule_id: `${r.module}|${r.error_key}`,
    description: r.description,
    generic: r.generic,
    reason: r.reason,
    resolution: r.resolution,
    more_info: r.more_info,
    total_risk: r.total_risk,
    impact: r.impact,
    likelihood: r.likelihood,
    publish_date: r.publish_date,
    tags: r.tags,
  };
}

/** contentOut's JSON text without its closing brace, written once per content generation (per rule object). */
const contentTexts = new WeakMap<RuleWithContent, string>();
function contentJson(r: RuleWithContent): string {
  let text = contentTexts.get(r);
  if (text === undefined) {
    text = jsonValue(contentOut(r)).slice(0, -1);
    contentTexts.set(r, text);
  }
  return text;
}

/** `{...contentOut(content), resolution_risk, disabled, impacted_clusters_count}` of v2/rule, as goJson writes it. */
export function ruleEntryJson(content: RuleWithContent, disabled: boolean, impacted: number): string {
  return `${contentJson(content)}${field('resolution_risk', content.resolution_risk)}${field('disabled', disabled)},"impacted_clusters_count":${impacted}}`;
}

export function v2RuleRoutes(deps: ProxyDeps): RouteDef[] {
  const ruleContent = async (ruleId: string | undefined, ctx: Parameters<RouteDef['handler']>[0]) => {
    const [module, ek] = parseCompositeRuleId(ruleId);
    const store = await deps.content.content();
    const rule = store.rule(module, ek);
    if (!rule) throw notFound(`${module}|${ek}`);
    checkInternal(deps.internalRulesOrgs, ctx, rule.internal);
    return rule;
  };
  return [
    {
      method: 'GET',
      path: 'rule',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const impactingText = query(ctx).get('impacting');
        const impacting = impactingText === null ? null : boolParam(ctx, 'impacting', false);
        // Acks and content need no cluster list: started with it; the two calls on the list run together.
        const ackedP = early(ackedIds(deps.aggregator, id.orgId));
        const storeP = early(deps.content.content());
        const clusters = await deps.clusters.list(id.orgId);
        const ids = clusters.map((c) => c.cluster_id);
        const managed = new Set(clusters.filter((c) => c.managed).map((c) => c.cluster_id));
        const idsJson = JSON.stringify(ids); // one body for both calls
        const recsP = early(deps.aggregator.recommendationsList(id.orgId, id.userId, idsJson));
        const disabledP = early(disabledByCluster(deps.aggregator, id.orgId, ctx.log, idsJson));
        const recs = okJson<{ recommendations?: Record<string, string[]> | null }>(await recsP);
        const acked = await ackedP;
        const disabled = await disabledP;
        const store = await storeP;
        const hitting = recs.recommendations ?? {};
        const ruleIds = impacting === true ? Object.keys(hitting) : store.externalIds.filter((r) => impacting === null || !(r in hitting));
        const out: string[] = [];
        for (const ruleId of ruleIds) {
          const content = store.ruleById(ruleId);
          if (!content) continue;
          let impacted = 0;
          for (const c of hitting[ruleId] ?? []) {
            if (!disabled.get(c)?.has(ruleId) && (content.osd_customer || !managed.has(c))) impacted++;
          }
          out.push(ruleEntryJson(content, acked.has(ruleId), impacted));
        }
        return { raw: `{"recommendations":[${out.join(',')}],"status":"ok"}\n`, contentType: JSON_CONTENT_TYPE };
      },
    },
    {
      method: 'GET',
      path: 'rule/{rule_id}/content',
      handler: async (ctx) => {
        const rule = await ruleContent(ctx.params.rule_id, ctx);
        return { json: { content: contentOut(rule), groups: deps.content.currentGroups(), status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'rule/{rule_id}',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const rule = await ruleContent(ctx.params.rule_id, ctx);
        const composite = `${rule.module}|${rule.error_key}`;
        const ratingRes = await deps.aggregator.rating(id.orgId, composite);
        const rating = ratingRes.status === 200 ? (ratingRes.json<{ rating?: { rating?: number } }>().rating?.rating ?? 0) : 0;
        let disabled = false;
        try {
          disabled = (await deps.aggregator.ack(id.orgId, rule.module, rule.error_key)).status === 200;
        } catch {
          disabled = false;
        }
        return {
          json: {
            content: { ...contentOut(rule), rating, hosts_acked_count: 0, disabled, resolution_risk: rule.resolution_risk },
            groups: deps.content.currentGroups(),
            status: 'ok',
          },
        };
      },
    },
    {
      method: 'GET',
      path: 'rule/{rule_selector}/clusters_detail',
      handler: async (ctx) => {
        const id = requireIdentity(ctx);
        const selector = parseRuleSelector(ctx.params.rule_selector);
        const bar = selector.lastIndexOf('|');
        const module = selector.slice(0, bar);
        const ek = selector.slice(bar + 1);
        const store = await deps.content.content();
        const rule = store.rule(module, ek);
        if (!rule) throw notFound(selector);
        let clusters: Awaited<ReturnType<typeof deps.clusters.list>> | null = null;
        try {
          clusters = await deps.clusters.list(id.orgId);
        } catch (err) {
          if ((err as AppError).kind === 'not_found') throw err;
          ctx.log.warn({ err: (err as Error).message }, 'cluster list failed; clusters_detail in fallback mode');
        }
        if (clusters && !rule.osd_customer) clusters = clusters.filter((c) => !c.managed);
        const names = new Map((clusters ?? []).map((c) => [c.cluster_id, c.display_name]));
        type Impacted = { cluster: string; cluster_name: string; last_checked_at: string; impacted: string; meta: unknown };
        let impacted: Impacted[] = [];
        if (clusters === null || clusters.length > 0) {
          const res = await deps.aggregator.clustersDetail(
            id.orgId,
            id.userId,
            `${module}|${ek}`,
            clusters === null ? null : clusters.map((c) => c.cluster_id),
          );
          if (res.status === 200) impacted = res.json<{ clusters?: Impacted[] | null }>().clusters ?? [];
        }
        const disabledRes = await deps.aggregator.disabledClustersOfRule(id.orgId, module, ek);
        type Disabled = { cluster_id: string; cluster_name: string; disabled_at: string; justification: string };
        const disabledList = disabledRes.status === 200 ? (disabledRes.json<{ clusters?: Disabled[] | null }>().clusters ?? []) : [];
        const ackRes = await deps.aggregator.ack(id.orgId, module, ek);
        const ack = ackRes.status === 200 ? ackRes.json<{ disabledRule?: SystemWideAck }>().disabledRule : undefined;
        const disabledIds = new Set(disabledList.map((d) => d.cluster_id));
        const disabled = disabledList
          .filter((d) => clusters === null || names.has(d.cluster_id))
          .map((d) => ({ ...d, cluster_name: names.get(d.cluster_id) ?? d.cluster_name }));
        const enabled = [];
        for (const c of impacted) {
          if (disabledIds.has(c.cluster)) continue;
          const named = { ...c, cluster_name: names.get(c.cluster) ?? c.cluster_name };
          if (ack) {
            disabled.push({
              cluster_id: c.cluster,
              cluster_name: named.cluster_name,
              disabled_at: ack.created_at.Valid ? rfc3339(ack.created_at.Time) : '',
              justification: ack.justification,
            });
          } else enabled.push(named);
        }
        return { json: { data: { enabled, disabled }, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'content',
      handler: async (ctx) => {
        const store = await deps.content.content();
        const all = maySeeInternal(deps.internalRulesOrgs, ctx);
        const rules = store.rules.filter((r) => all || !isInternalModule(r.plugin.python_module)).map((r) => ruleContentOut(r, true));
        return { json: { content: rules, groups: deps.content.currentGroups(), status: 'ok' } };
      },
    },
  ];
}
