/**
 * The lookup tables the proxy derives from the content directory (spec 2.3): rules by (module, error key)
 * and by composite ID `module|EK`, external/internal split, external severities, managed (osd_customer)
 * flags, and the plugin-level contents served by `/content`. Built once per fetched directory and swapped
 * in as a whole (content/service.ts).
 */
import type { RuleContent, RuleContentDirectory } from '#contracts/content.js';

export interface RuleWithContent {
  module: string;
  name: string;
  generic: string;
  summary: string;
  reason: string;
  resolution: string;
  more_info: string;
  error_key: string;
  description: string;
  total_risk: number;
  resolution_risk: number;
  impact: number;
  likelihood: number;
  /** RFC 3339 UTC (`0001-01-01T00:00:00Z` when empty). */
  publish_date: string;
  active: boolean;
  internal: boolean;
  tags: string[];
  osd_customer: boolean;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** `YYYY-MM-DD HH:MM:SS` (UTC) or RFC 3339 -> RFC 3339 UTC seconds; '' -> zero time; null when invalid. */
export function parsePublishDate(text: string): string | null {
  if (text === '') return ZERO_TIME;
  const plain = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (plain) return `${plain[1]}-${plain[2]}-${plain[3]}T${plain[4]}:${plain[5]}:${plain[6]}Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Module without a trailing `.report`. */
export const stripReport = (module: string) => (module.endsWith('.report') ? module.slice(0, -'.report'.length) : module);

export const isInternalModule = (module: string) => {
  const second = module.split('.')[1];
  return second === 'internal' || second === 'ocs';
};

export class ContentStore {
  readonly byComposite = new Map<string, RuleWithContent>();
  readonly rules: RuleContent[] = [];
  readonly modules = new Map<string, RuleContent>();
  readonly externalIds: string[] = [];
  readonly internalIds: string[] = [];
  /** External composite ID -> total_risk. */
  readonly externalSeverities = new Map<string, number>();
  /** Distinct external severities, ascending. */
  readonly severityValues: number[];

  constructor(readonly directory: RuleContentDirectory) {
    const severities = new Set<number>();
    for (const rule of Object.values(directory.Rules ?? {})) {
      const module = rule.plugin.python_module;
      const internal = isInternalModule(module);
      for (const [ek, content] of Object.entries(rule.error_keys ?? {})) {
        const status = (content.metadata.status ?? '').trim().toLowerCase();
        if (status !== 'active' && status !== 'inactive' && status !== '') continue;
        const publish = parsePublishDate(content.metadata.publish_date ?? '');
        if (publish === null) continue;
        const impact = content.metadata.impact?.impact ?? 0;
        const totalRisk = Math.floor((impact + content.metadata.likelihood) / 2);
        content.total_risk = totalRisk;
        const tags = content.metadata.tags ?? [];
        const record: RuleWithContent = {
          module,
          name: rule.plugin.name,
          generic: content.generic,
          summary: content.summary,
          reason: content.reason,
          resolution: content.resolution,
          more_info: content.more_info,
          error_key: ek,
          description: content.metadata.description,
          total_risk: totalRisk,
          resolution_risk: content.metadata.resolution_risk,
          impact,
          likelihood: content.metadata.likelihood,
          publish_date: publish,
          active: status === 'active',
          internal,
          tags,
          osd_customer: tags.includes('osd_customer'),
        };
        const id = `${module}|${ek}`;
        this.byComposite.set(id, record);
        if (internal) this.internalIds.push(id);
        else {
          this.externalIds.push(id);
          this.externalSeverities.set(id, totalRisk);
          severities.add(totalRisk);
        }
      }
      this.rules.push(rule);
      this.modules.set(module, rule);
    }
    this.severityValues = [...severities].sort((a, b) => a - b);
  }

  /** By (module with or without `.report`, error key). */
  rule(module: string, errorKey: string): RuleWithContent | undefined {
    return this.byComposite.get(`${stripReport(module)}|${errorKey}`);
  }

  /** By composite ID `module[.report]|EK`. */
  ruleById(compositeId: string): RuleWithContent | undefined {
    const bar = compositeId.indexOf('|');
    if (bar < 0) return undefined;
    return this.rule(compositeId.slice(0, bar), compositeId.slice(bar + 1));
  }

  /** `{"1":0,"2":0,...}` for every distinct external severity. */
  zeroSeverities(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.severityValues) out[String(s)] = 0;
    return out;
  }
}
