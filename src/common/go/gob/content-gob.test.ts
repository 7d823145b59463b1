// @requires corpus
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '#test/helpers/corpus.js';
import { contentFromGobValue, contentToGobValue, RULE_CONTENT_DIRECTORY_GOB } from '#contracts/content.js';
import { decodeGobValue, encodeGob } from './index.js';

const file = readFileSync(join(CORPUS_DIR, 'content-gob/test_content_gob'));

describe('gob of upstream content (content-gob/test_content_gob, made by upstream Go code)', () => {
  it('decodes into the expected values', () => {
    const dir = contentFromGobValue(decodeGobValue(file).value);
    assert.equal(Object.keys(dir.Config.impact).length, 78);
    assert.equal(dir.Config.impact['Data Loss'], 4);
    assert.equal(dir.Config.impact['Denial Of Service'], 3);
    assert.deepEqual(Object.keys(dir.Rules), ['test_rule']);
    const rule = dir.Rules.test_rule!;
    assert.deepEqual(rule.plugin, {
      name: 'Rule for testing purposes',
      node_id: '',
      product_code: 'OCP4',
      python_module: 'ccx_rules_ocm.test_rule',
    });
    assert.equal(rule.reason, 'some reason\n');
    assert.equal(rule.generic, '');
    assert.equal(rule.HasReason, true);
    assert.deepEqual(Object.keys(rule.error_keys).sort(), [
      'TEST_RULE_CRITICAL_IMPACT',
      'TEST_RULE_IMPORTANT_IMPACT',
      'TEST_RULE_LOW_IMPACT',
      'TEST_RULE_MODERATE_IMPACT',
    ]);
    const critical = rule.error_keys.TEST_RULE_CRITICAL_IMPACT!;
    assert.deepEqual(critical.metadata, {
      description: 'A test rule for E2E tests that depend on this service',
      impact: { name: 'Data Loss', impact: 4 },
      likelihood: 4,
      publish_date: '2020-04-08 00:42:00',
      resolution_risk: 0,
      status: 'active',
      tags: ['openshift', 'service_availability'],
    });
    assert.equal(critical.generic, 'Generic description of the critical impact test rule.\n');
    assert.equal(critical.total_risk, 0);
    assert.equal(rule.error_keys.TEST_RULE_LOW_IMPACT!.metadata.impact.name, 'Hardening');
  });

  it('re-encodes byte for byte, through the wire types it carries and through the contract descriptor', () => {
    const decoded = decodeGobValue(file);
    assert.deepEqual(encodeGob(decoded.type, decoded.value), file);
    // The contract's Go types are exactly the ones of the file (names, fields, ids, order).
    assert.deepEqual(encodeGob(RULE_CONTENT_DIRECTORY_GOB, decoded.value), file);
  });

  it('our encoding of the decoded tree decodes to the same tree', () => {
    const dir = contentFromGobValue(decodeGobValue(file).value);
    const ours = encodeGob(RULE_CONTENT_DIRECTORY_GOB, contentToGobValue(dir));
    assert.equal(ours.length, file.length);
    assert.deepEqual(contentFromGobValue(decodeGobValue(ours).value), dir);
  });
});
