/**
 * Rule content the proxy's tests own (shape of contracts/content.ts): three external rules (one
 * `osd_customer`), one internal rule, one error key with an unparsable publish date (skipped by the store).
 */
import type { RuleContent, RuleContentDirectory, RuleErrorKeyContent } from '#contracts/content.js';

export const NODES = 'ccx_rules_ocp.external.rules.nodes_requirements_check';
export const NODES_EK = 'NODES_MINIMUM_REQUIREMENTS_NOT_MET';
export const BUG = 'ccx_rules_ocp.external.bug_rules.bug_1821905';
export const BUG_EK = 'BUGZILLA_BUG_1821905';
export const SECRET = 'ccx_rules_ocp.internal.rules.secret_rule';
export const SECRET_EK = 'SECRET_RULE';
export const NOCONTENT = 'ccx_rules_ocp.external.rules.unknown_rule';
export const NOCONTENT_EK = 'UNKNOWN';
export const DVO = 'ccx_rules_ocp.external.dvo.an_issue_pod';
export const DVO_EK = 'DVO_AN_ISSUE';

const IMPACTS: Record<number, string> = { 1: 'Hardening', 2: 'Application Failure', 3: 'Hung Task', 4: 'Data Loss' };

function ek(description: string, impact: number, likelihood: number, tags: string[], publish = '2020-04-08 00:42:00'): RuleErrorKeyContent {
  return {
    metadata: {
      description,
      impact: { name: IMPACTS[impact], impact },
      likelihood,
      publish_date: publish,
      resolution_risk: 0,
      status: 'active',
      tags,
    },
    total_risk: 0,
    generic: `Generic text of ${description}.\n`,
    summary: `Summary of ${description}.\n`,
    resolution: 'some resolution\n',
    more_info: 'more info <https://docs.openshift.com/>\n',
    reason: 'some reason\n',
    HasReason: true,
  };
}

function rule(module: string, name: string, errorKeys: Record<string, RuleErrorKeyContent>): RuleContent {
  return {
    plugin: { name, node_id: '', product_code: 'OCP4', python_module: module },
    error_keys: errorKeys,
    generic: '',
    summary: `Summary of ${name}\n`,
    resolution: 'some resolution\n',
    more_info: '',
    reason: 'some reason\n',
    HasReason: true,
  };
}

export function contentFixture(): RuleContentDirectory {
  return {
    Config: { impact: { Hardening: 1, 'Application Failure': 2, 'Hung Task': 3, 'Data Loss': 4 }, resolution_risk: {} },
    Rules: {
      nodes_requirements_check: rule(NODES, 'Nodes requirements', {
        [NODES_EK]: ek('Nodes do not meet the minimum requirements', 3, 2, ['openshift', 'performance']),
        BAD_DATE: ek('An error key with a bad publish date', 1, 1, ['openshift'], 'yesterday'),
      }),
      bug_1821905: rule(BUG, 'Bug 1821905', {
        [BUG_EK]: ek('Cluster upgrade will fail when default SCC gets changed', 4, 4, [
          'openshift',
          'osd_customer',
          'service_availability',
        ]),
      }),
      an_issue_pod: rule(DVO, 'DVO issue', { [DVO_EK]: ek('Pod has an issue', 2, 1, ['openshift', 'dvo']) }),
      secret_rule: rule(SECRET, 'Secret rule', { [SECRET_EK]: ek('An internal rule', 2, 2, ['openshift', 'security']) }),
    },
  };
}

export const GROUPS = [
  { title: 'Performance', description: 'High utilization, proactive capacity management.', tags: ['performance'] },
  { title: 'Service Availability', description: 'Operator degraded.', tags: ['service_availability'] },
];
