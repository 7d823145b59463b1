/**
 * v1 content routes (spec 2.7 V1-5..V1-8): one rule's plugin-level content (impact as its name, no
 * resolution_risk), all of them, the module list (internal ones only for allowed orgs), and the org's
 * cluster list.
 */
import { AppError, notFound } from '#common/errors.js';
import { orgMismatch } from '#common/http/identity.js';
import type { RouteDef } from '#common/http/routes.js';
import { parseOrgId, parseRuleId } from '#common/ids.js';
import { checkInternal, maySeeInternal } from '../auth/identity.js';
import { isInternalModule, stripReport } from '../content/store.js';
import type { RuleContent } from '#contracts/content.js';
import type { ProxyDeps } from '../deps.js';

/** RuleContentV1 (v1) or RuleContentV2 (v2: metadata.impact an integer). */
export function ruleContentOut(rule: RuleContent, impactAsInt: boolean): unknown {
  const errorKeys: Record<string, unknown> = {};
  for (const [ek, c] of Object.entries(rule.error_keys ?? {})) {
    const m = c.metadata;
    errorKeys[ek] = {
      metadata: {
        description: m.description,
        impact: impactAsInt ? (m.impact?.impact ?? 0) : (m.impact?.name ?? ''),
        likelihood: m.likelihood,
        publish_date: m.publish_date,
        status: m.status,
        tags: m.tags,
      },
      total_risk: c.total_risk,
      generic: c.generic,
      summary: c.summary,
      resolution: c.resolution,
      more_info: c.more_info,
      reason: c.reason,
      HasReason: c.HasReason,
    };
  }
  return {
    plugin: rule.plugin,
    generic: rule.generic,
    summary: rule.summary,
    resolution: rule.resolution,
    more_info: rule.more_info,
    reason: rule.reason,
    HasReason: rule.HasReason,
    error_keys: errorKeys,
  };
}

export function v1ContentRoutes(deps: ProxyDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      path: 'rules/{rule_id}/content',
      handler: async (ctx) => {
        const ruleId = parseRuleId(ctx.params.rule_id);
        const module = stripReport(ruleId);
        const store = await deps.content.content();
        const rule = store.modules.get(module);
        if (!rule) throw notFound(ruleId);
        checkInternal(deps.internalRulesOrgs, ctx, isInternalModule(module));
        return { json: { content: ruleContentOut(rule, false), status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'content',
      handler: async (ctx) => {
        const store = await deps.content.content();
        const all = maySeeInternal(deps.internalRulesOrgs, ctx);
        const rules = store.rules.filter((r) => all || !isInternalModule(r.plugin.python_module));
        return { json: { content: rules.length === 0 ? null : rules.map((r) => ruleContentOut(r, false)), status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'rule_ids',
      handler: async (ctx) => {
        const store = await deps.content.content();
        const all = maySeeInternal(deps.internalRulesOrgs, ctx);
        const rules = store.rules.map((r) => r.plugin.python_module).filter((m) => all || !isInternalModule(m));
        return { json: { rules, status: 'ok' } };
      },
    },
    {
      method: 'GET',
      path: 'organizations/{organization}/clusters',
      handler: async (ctx) => {
        const org = parseOrgId(ctx.params.organization, 'organization');
        if (deps.config.server.auth) {
          if (!ctx.identity) throw new AppError('forbidden', 'token is not provided');
          if (ctx.identity.orgId !== org) throw orgMismatch(org, ctx.identity.orgId);
        }
        const clusters = await deps.clusters.list(org);
        return { json: { clusters: clusters.map((c) => c.cluster_id), status: 'ok' } };
      },
    },
  ];
}
