/** The OCP rules the pipeline runs, in report order. */
import type { Rule } from '../rule.js';
import { nodesKubeletVersionCheck, nodesRequirementsCheck } from './nodes.js';
import { clusterWideProxyAuthCheck, nodeInstallerDegraded, samplesFailedImageImport } from './operators.js';
import { bug1766907, bug1821905, tutorialRule, versionInfo } from './version.js';

export const OCP_RULES: readonly Rule[] = [
  nodesRequirementsCheck,
  bug1766907,
  nodesKubeletVersionCheck,
  samplesFailedImageImport,
  clusterWideProxyAuthCheck,
  nodeInstallerDegraded,
  bug1821905,
  tutorialRule,
  versionInfo,
];
