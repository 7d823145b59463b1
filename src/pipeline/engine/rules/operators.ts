/** Rules over the cluster operators' conditions (`config/clusteroperator/<name>.json`). */
import { type ClusterOperator, ClusterOperatorsParser, type Condition, ProxyParser } from '../parsers.js';
import { need, type Rule } from '../rule.js';

export const SAMPLES_KCS = 'https://access.redhat.com/solutions/4563171';
export const AUTH_PROXY_KCS = 'https://access.redhat.com/solutions/4569191';

const condition = (op: ClusterOperator | undefined, type: string): Condition | undefined => op?.conditions.find((c) => c.type === type);
const isTrue = (c: Condition | undefined) => c?.status === 'True';

export const samplesFailedImageImport: Rule = {
  module: 'ccx_rules_ocp.external.rules.samples_op_failed_image_import_check',
  keys: ['SAMPLES_FAILED_IMAGE_IMPORT_ERR'],
  requires: [ClusterOperatorsParser],
  run(archive) {
    const degraded = condition(need(archive, ClusterOperatorsParser).get('openshift-samples'), 'Degraded');
    if (!isTrue(degraded) || degraded?.reason !== 'FailedImageImports') return null;
    return {
      type: 'rule',
      key: 'SAMPLES_FAILED_IMAGE_IMPORT_ERR',
      details: {
        info: {
          name: 'openshift-samples',
          condition: 'Degraded',
          reason: degraded.reason,
          message: degraded.message,
          lastTransitionTime: degraded.lastTransitionTime,
        },
        kcs: SAMPLES_KCS,
      },
      links: { kcs: [SAMPLES_KCS] },
    };
  },
};

/** A condition as the hit shows it: status true/false, null when Unknown or absent. */
function conditionDetails(c: Condition | undefined) {
  return {
    message: c?.message ? c.message : null,
    reason: c?.reason ? c.reason : 'NoData',
    status: c?.status === 'True' ? true : c?.status === 'False' ? false : null,
    last_trans_time: c?.lastTransitionTime ? c.lastTransitionTime : null,
  };
}

export const clusterWideProxyAuthCheck: Rule = {
  module: 'ccx_rules_ocp.external.rules.cluster_wide_proxy_auth_check',
  keys: ['AUTH_OPERATOR_PROXY_ERROR'],
  requires: [ProxyParser, ClusterOperatorsParser],
  run(archive) {
    if (!need(archive, ProxyParser).configured) return null;
    const auth = need(archive, ClusterOperatorsParser).get('authentication');
    const degraded = condition(auth, 'Degraded');
    if (!auth || !isTrue(degraded) || !/well-?known/i.test(`${degraded?.reason} ${degraded?.message}`)) return null;
    return {
      type: 'rule',
      key: 'AUTH_OPERATOR_PROXY_ERROR',
      details: {
        op: {
          available: conditionDetails(condition(auth, 'Available')),
          degraded: conditionDetails(degraded),
          name: 'authentication',
          progressing: conditionDetails(condition(auth, 'Progressing')),
          upgradeable: conditionDetails(condition(auth, 'Upgradeable')),
          version: auth.version || null,
        },
        kcs: AUTH_PROXY_KCS,
      },
      links: { kcs: [AUTH_PROXY_KCS] },
    };
  },
};

const INSTALLER_OPERATORS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

export const nodeInstallerDegraded: Rule = {
  module: 'ccx_rules_ocp.external.rules.node_installer_degraded',
  keys: ['NODE_INSTALLER_DEGRADED'],
  requires: [ClusterOperatorsParser],
  run(archive) {
    const operators = need(archive, ClusterOperatorsParser);
    const degraded = [];
    for (const name of INSTALLER_OPERATORS) {
      const c = condition(operators.get(name), 'Degraded');
      if (isTrue(c) && c?.reason.includes('NodeInstallerDegraded')) {
        degraded.push({ name, reason: c.reason, message: c.message, lastTransitionTime: c.lastTransitionTime });
      }
    }
    if (degraded.length === 0) return null;
    return { type: 'rule', key: 'NODE_INSTALLER_DEGRADED', details: { degraded_operators: degraded } };
  },
};
