// @requires corpus
/** Conformance: the OCP processor against every message of the upstream corpus (../shared/testdata/messages). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedMessages } from '#test/helpers/corpus.js';
import { familyChecks } from './test-helpers/family-checks.js';
import { messageFiles } from './test-helpers/messages.js';
import { decodeEnvelope } from './message.js';
import { OCP_MESSAGE_SHAPE, processOcpEnvelope } from './ocp.js';

describe('OCP processor: the shared upstream messages', () => {
  familyChecks(messageFiles, ['normal', 'results_tutorial', 'benchmark_sample', 'normal_no_version', 'normal_wrong_version'], {
    family: 'normal',
    name: 'tutorial_only.json',
  });

  it('decides every message the same with the shaped parse as with the whole tree', () => {
    const decide = (text: string, shaped: boolean) => {
      const decoded = decodeEnvelope(text, shaped ? OCP_MESSAGE_SHAPE : 'full');
      return decoded.ok ? processOcpEnvelope(decoded.env, { allowlist: null }) : decoded;
    };
    const messages = sharedMessages();
    assert.ok(messages.length > 300, `${messages.length} messages`);
    for (const m of messages) {
      const text = m.content.toString('utf8');
      assert.deepEqual(decide(text, true), decide(text, false), `${m.folder}/${m.name}`);
    }
  });
});
