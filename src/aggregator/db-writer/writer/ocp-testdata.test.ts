// @requires postgres
// @requires corpus
/** Conformance: every upstream corpus message (../shared/testdata/messages) through the pipeline into both databases. */
import { familyStorageSuites } from './test-helpers/family-storage.js';
import { messageFiles } from './test-helpers/db.js';

familyStorageSuites('shared upstream messages', messageFiles, [
  'normal',
  'results_tutorial',
  'benchmark_sample',
  'normal_no_version',
  'normal_wrong_version',
]);
