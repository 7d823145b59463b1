/**
 * The rules engine (spec 4): runs every rule over one archive and builds the insights-core report. A rule
 * whose requirements are missing is a MISSING_REQUIREMENTS skip; a rule that throws, or that ran past its
 * time budget, is a skip with that reason (never a failed archive).
 */
import type { InsightsReport, ReportInfo, ReportRuleHit } from '#contracts/results.js';
import type { Archive } from './archive.js';
import type { Rule } from './rule.js';

export const EXECUTION_CONTEXT = 'ccx_ocp_core.context.InsightsOperatorContext';
export const PLUGIN_SETS = { ccx_rules_ocp: { version: 'insights-results-ts' }, ccx_ocp_core: { version: 'insights-results-ts' } };

export interface Skip {
  rule_fqdn: string;
  reason: string;
  details: string;
  type: 'skip';
}

export interface EngineReport extends InsightsReport {
  skips: Skip[];
  info: ReportInfo[];
  pass: unknown[];
}

export interface EngineOptions {
  /** A rule that runs longer than this (ms) is reported as a skip (TIMEOUT); default 1000. */
  ruleBudgetMs?: number;
  /** Called for each rule that threw or ran out of time (logs, metrics). */
  onRuleFailure?: (rule: Rule, reason: 'EXCEPTION' | 'TIMEOUT', detail: string) => void;
}

const tail = (module: string) => module.slice(module.lastIndexOf('.') + 1);

export function runRules(archive: Archive, rules: readonly Rule[], options: EngineOptions = {}): EngineReport {
  const budget = options.ruleBudgetMs ?? 1000;
  const start = new Date();
  const report: EngineReport = { system: { metadata: {}, hostname: null }, reports: [], fingerprints: [], skips: [], info: [], pass: [] };
  for (const rule of rules) {
    const fqdn = `${rule.module}.report`;
    const missing = rule.requires.filter((p) => archive.get(p) === undefined);
    if (missing.length > 0) {
      const names = missing.map((p) => `'${p.name}'`).join(', ');
      report.skips.push({ rule_fqdn: fqdn, reason: 'MISSING_REQUIREMENTS', details: `All: [${names}] Any: `, type: 'skip' });
      continue;
    }
    const t0 = performance.now();
    let result: ReturnType<Rule['run']>;
    try {
      result = rule.run(archive);
    } catch (err) {
      const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      options.onRuleFailure?.(rule, 'EXCEPTION', detail);
      report.skips.push({ rule_fqdn: fqdn, reason: 'EXCEPTION', details: detail, type: 'skip' });
      continue;
    }
    const took = performance.now() - t0;
    if (took > budget) {
      const detail = `rule ran ${Math.round(took)} ms, over its ${budget} ms budget`;
      options.onRuleFailure?.(rule, 'TIMEOUT', detail);
      report.skips.push({ rule_fqdn: fqdn, reason: 'TIMEOUT', details: detail, type: 'skip' });
      continue;
    }
    if (result === null) continue;
    const id = `${tail(rule.module)}|${result.key}`;
    if (result.type === 'rule') {
      const hit: ReportRuleHit = {
        rule_id: id,
        component: fqdn,
        type: 'rule',
        key: result.key,
        details: { ...result.details, type: 'rule', error_key: result.key },
        tags: [],
        links: result.links ?? {},
      };
      report.reports.push(hit);
    } else if (result.type === 'info') {
      report.info.push({
        info_id: id,
        component: fqdn,
        type: 'info',
        key: result.key,
        details: { ...result.details, type: 'info', info_key: result.key },
        tags: [],
        links: result.links ?? {},
      } as ReportInfo);
    } else {
      report.pass.push({
        pass_id: id,
        component: fqdn,
        type: 'pass',
        key: result.key,
        details: { ...(result.details ?? {}), type: 'pass', pass_key: result.key },
        tags: [],
        links: {},
      });
    }
  }
  report.analysis_metadata = {
    start: start.toISOString(),
    finish: new Date().toISOString(),
    execution_context: EXECUTION_CONTEXT,
    plugin_sets: PLUGIN_SETS,
  };
  return report;
}
