/** The OCP migration steps, in order: step n is element n-1. */
import type { MigrationStep } from '../support.js';
import step01 from './01-report.js';
import step02 from './02-rule-content.js';
import step03 from './03-cluster-rule-user-feedback.js';
import step04 from './04-feedback-foreign-keys.js';
import step05 from './05-consumer-error.js';
import step06 from './06-rule-error-key-cascade.js';
import step07 from './07-cluster-rule-toggle.js';
import step08 from './08-report-kafka-offset.js';
import step09 from './09-report-kafka-offset-index.js';
import step10 from './10-rule-error-key-tags.js';
import step11 from './11-drop-rule-content.js';
import step12 from './12-cluster-user-rule-disable-feedback.js';
import step13 from './13-rule-hit.js';
import step14 from './14-toggle-primary-key.js';
import step15 from './15-error-key-columns.js';
import step16 from './16-recommendation.js';
import step17 from './17-rule-disable.js';
import step18 from './18-advisor-ratings.js';
import step19 from './19-recommendation-rule-id.js';
import step20 from './20-advisor-ratings-rule-fqdn.js';
import step21 from './21-report-gathered-at.js';
import step22 from './22-delete-non-report-rule-ids.js';
import step23 from './23-report-info.js';
import step24 from './24-rule-hit-created-at.js';
import step25 from './25-recommendation-impacted-since.js';
import step26 from './26-org-id-columns.js';
import step27 from './27-delete-org-id-zero.js';
import step28 from './28-rule-disable-primary-key.js';
import step29 from './29-toggle-drop-user-id.js';
import step30 from './30-rule-disable-drop-user-id.js';
import step31 from './31-advisor-ratings-org-key.js';
import step32 from './32-delete-toggles-empty-error-key.js';

export const ocpSteps: readonly MigrationStep[] = [
  step01,
  step02,
  step03,
  step04,
  step05,
  step06,
  step07,
  step08,
  step09,
  step10,
  step11,
  step12,
  step13,
  step14,
  step15,
  step16,
  step17,
  step18,
  step19,
  step20,
  step21,
  step22,
  step23,
  step24,
  step25,
  step26,
  step27,
  step28,
  step29,
  step30,
  step31,
  step32,
];
