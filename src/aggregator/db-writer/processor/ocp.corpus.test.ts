// @requires corpus
/** Conformance: the OCP processor against every message of the upstream corpus (../shared/testdata/messages). */
import { describe } from 'node:test';
import { familyChecks } from './test-helpers/family-checks.js';
import { messageFiles } from './test-helpers/messages.js';

describe('OCP processor: the shared upstream messages', () => {
  familyChecks(messageFiles, ['normal', 'results_tutorial', 'benchmark_sample', 'normal_no_version', 'normal_wrong_version'], {
    family: 'normal',
    name: 'tutorial_only.json',
  });
});
