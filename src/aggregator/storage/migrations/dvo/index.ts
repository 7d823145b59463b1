/** The DVO migration steps, in order: step n is element n-1. */
import type { MigrationStep } from '../support.js';
import step01 from './01-dvo-report.js';
import step02 from './02-dvo-report-indexes.js';
import step03 from './03-delete-buggy-reports.js';
import step04 from './04-rule-hits-count.js';

export const dvoSteps: readonly MigrationStep[] = [step01, step02, step03, step04];
