// @requires postgres
/** Every generated message family (test/fixtures/results-messages.ts) through the pipeline into both databases. */
import { benchmarkFiles, familyFiles } from '#test/fixtures/results-messages.js';
import { familyStorageSuites } from './test-helpers/family-storage.js';

familyStorageSuites('generated message families', (family) => (family === 'benchmark_sample' ? benchmarkFiles() : familyFiles(family)), [
  'normal',
  'benchmark_sample',
  'normal_no_version',
  'normal_wrong_version',
]);
