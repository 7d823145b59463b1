/**
 * The merged report's `data` array written as JSON text (spec 2.7 V1-9, 2.8 V2-1), byte for byte what
 * `goJson` gives for mergeReport's objects (merge.ts: same filters, same key order, same count rule), with
 * the rule content's part of each entry serialised once per content generation: a rule's fragments are
 * kept per RuleWithContent object, and a new content store (a poll) has new objects.
 */
import type { RuleHitJson } from '#contracts/aggregator-api.js';
import { goEscape, jsonString } from '#common/http/envelope.js';
import type { ContentStore, RuleWithContent } from '../content/store.js';
import { stripReport } from '../content/store.js';
import { type MergeOptions, validImpacted } from './merge.js';

interface Fragments {
  /** `"created_at":…,"description":…,"details":…,"reason":…,"resolution":…,"more_info":…,"total_risk":…` */
  head: string;
  /** `"internal":…` */
  internal: string;
  /** `"tags":[…]` */
  tags: string;
}

const fragments = new WeakMap<RuleWithContent, Fragments>();

/** A value as `goJson` writes it inside an object: Go-escaped JSON (plain strings, integers and booleans directly). */
export function jsonValue(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return Object.is(value, -0) ? '0' : `${value}`;
  return goEscape(JSON.stringify(value));
}

/** `"key":value` and the separator before it, or '' when the value is undefined (JSON.stringify drops the key). */
export function field(key: string, value: unknown, first = false): string {
  if (value === undefined) return '';
  return `${first ? '' : ','}"${key}":${jsonValue(value)}`;
}

function fragmentsOf(content: RuleWithContent): Fragments {
  let f = fragments.get(content);
  if (!f) {
    f = {
      head:
        field('created_at', content.publish_date) +
        field('description', content.description) +
        field('details', content.generic) +
        field('reason', content.reason) +
        field('resolution', content.resolution) +
        field('more_info', content.more_info) +
        field('total_risk', content.total_risk),
      internal: field('internal', content.internal),
      tags: field('tags', content.tags),
    };
    fragments.set(content, f);
  }
  return f;
}

/** One hit with its content as JSON text (the RuleWithContentResponse of merge.ts). */
export function writeRule(
  hit: Omit<RuleHitJson, 'impacted'> & { impacted?: string },
  disabled: boolean,
  content: RuleWithContent,
  withImpacted: boolean,
): string {
  const f = fragmentsOf(content);
  let out =
    `{${field('rule_id', hit.component, true)}${f.head}` +
    `${field('disabled', disabled)}${field('disable_feedback', hit.disable_feedback)}${field('disabled_at', hit.disabled_at)}` +
    `${f.internal}${field('user_vote', hit.user_vote)}${field('extra_data', hit.details)}${f.tags}`;
  if (withImpacted) {
    const impacted = validImpacted(hit.impacted);
    if (impacted) out += field('impacted', impacted);
  }
  return `${out}}`;
}

/** The report's `data` array as JSON text, and the count (mergeReport's rule). */
export function writeReportData(hits: RuleHitJson[], store: ContentStore, opts: MergeOptions): { data: string; count: number } {
  const parts: string[] = [];
  let noContent = 0;
  let disabledCount = 0;
  for (const hit of hits) {
    const disabled = hit.disabled || opts.acked.has(`${stripReport(hit.component)}|${hit.key}`);
    if (disabled) {
      disabledCount++;
      if (!opts.getDisabled) continue;
    }
    const content = store.rule(hit.component, hit.key);
    if (!content) {
      noContent++;
      continue;
    }
    if (opts.managed && !content.osd_customer) continue;
    parts.push(writeRule(hit, disabled, content, opts.withImpacted));
  }
  const count = parts.length === 0 && noContent > 0 && disabledCount === 0 ? 0 : parts.length + noContent;
  return { data: `[${parts.join(',')}]`, count };
}
