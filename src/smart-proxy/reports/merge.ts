/**
 * A cluster's report with rule content (spec 2.7 V1-9 and 2.8 V2-1): the aggregator's hits in its order,
 * disabled ones (per-cluster or acked org-wide) dropped unless `get_disabled`, content looked up by
 * (module, EK), managed clusters shown `osd_customer` rules only, the count rule for missing content.
 */
import type { RuleHitJson } from '#contracts/aggregator-api.js';
import type { ContentStore } from '../content/store.js';
import { stripReport } from '../content/store.js';

export interface RuleWithContentResponse {
  rule_id: string;
  created_at: string;
  description: string;
  details: string;
  reason: string;
  resolution: string;
  more_info: string;
  total_risk: number;
  disabled: boolean;
  disable_feedback: string;
  disabled_at: string;
  internal: boolean;
  user_vote: number;
  extra_data: unknown;
  tags: string[];
  impacted?: string;
}

export interface MergeOptions {
  managed: boolean;
  getDisabled: boolean;
  acked: ReadonlySet<string>;
  /** v2: the hit's `impacted` when it is a non-zero RFC 3339 time. */
  withImpacted: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function validImpacted(text: string | undefined): string | undefined {
  if (!text || !RFC3339.test(text) || text.startsWith('0001-01-01T00:00:00')) return undefined;
  return Number.isNaN(Date.parse(text)) ? undefined : text;
}

/** One hit with its content; null when the content is missing. */
export function ruleResponse(hit: Omit<RuleHitJson, 'impacted'> & { impacted?: string }, store: ContentStore, withImpacted: boolean) {
  const content = store.rule(hit.component, hit.key);
  if (!content) return null;
  const out: RuleWithContentResponse = {
    rule_id: hit.component,
    created_at: content.publish_date,
    description: content.description,
    details: content.generic,
    reason: content.reason,
    resolution: content.resolution,
    more_info: content.more_info,
    total_risk: content.total_risk,
    disabled: hit.disabled,
    disable_feedback: hit.disable_feedback,
    disabled_at: hit.disabled_at,
    internal: content.internal,
    user_vote: hit.user_vote,
    extra_data: hit.details,
    tags: content.tags,
  };
  if (withImpacted) {
    const impacted = validImpacted(hit.impacted);
    if (impacted) out.impacted = impacted;
  }
  return { rule: out, osdCustomer: content.osd_customer };
}

/**
 * The merged report as objects. The routes write the same thing as text (write.ts: the content's part once
 * per content generation); this form is the reference that write.test.ts and bench/proxy/assembly-cpu.ts
 * compare it with.
 */
export function mergeReport(
  hits: RuleHitJson[],
  store: ContentStore,
  opts: MergeOptions,
): { data: RuleWithContentResponse[]; count: number } {
  const data: RuleWithContentResponse[] = [];
  let noContent = 0;
  let disabledCount = 0;
  for (const hit of hits) {
    const acked = opts.acked.has(`${stripReport(hit.component)}|${hit.key}`);
    const disabled = hit.disabled || acked;
    if (disabled) {
      disabledCount++;
      if (!opts.getDisabled) continue;
    }
    const merged = ruleResponse({ ...hit, disabled }, store, opts.withImpacted);
    if (!merged) {
      noContent++;
      continue;
    }
    if (opts.managed && !merged.osdCustomer) continue;
    data.push(merged.rule);
  }
  const count = data.length === 0 && noContent > 0 && disabledCount === 0 ? 0 : data.length + noContent;
  return { data, count };
}
