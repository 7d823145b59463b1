import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseClusterId, parseOrgId, parseRuleId, parseRuleSelector, parseUserId, uuidError } from './ids.js';

const msg = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('identifier validators (spec 4.3)', () => {
  it('org IDs', () => {
    assert.equal(parseOrgId('42'), 42);
    assert.equal(parseOrgId('4294967295'), 4294967295);
    assert.equal(
      msg(() => parseOrgId('x')),
      "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'",
    );
    assert.equal(
      msg(() => parseOrgId('-1')),
      "Error during parsing param 'org_id' with value '-1'. Error: 'unsigned integer expected'",
    );
    assert.equal(
      msg(() => parseOrgId('0')),
      "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'",
    );
    assert.equal(
      msg(() => parseOrgId('4294967296')),
      'value 4294967296 out of range for uint32',
    );
    assert.equal(
      msg(() => parseOrgId('x', 'organization')),
      "Error during parsing param 'organization' with value 'x'. Error: 'unsigned integer expected'",
    );
  });

  it('UUIDs as Go uuid.Parse', () => {
    assert.equal(uuidError('84f7eedc-0dd8-49cd-9d4d-f6646df3a5bc'), null);
    assert.equal(uuidError('84F7EEDC0DD849CD9D4DF6646DF3A5BC'), null);
    assert.equal(uuidError('{84f7eedc-0dd8-49cd-9d4d-f6646df3a5bc}'), null);
    assert.equal(uuidError('urn:uuid:84f7eedc-0dd8-49cd-9d4d-f6646df3a5bc'), null);
    assert.equal(uuidError('urx:uuid:84f7eedc-0dd8-49cd-9d4d-f6646df3a5bc'), 'invalid urn prefix: "urx:uuid:"');
    assert.equal(uuidError('84f7eedc_0dd8-49cd-9d4d-f6646df3a5bc'), 'invalid UUID format');
    assert.equal(
      msg(() => parseClusterId('aaaa')),
      "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'",
    );
    assert.equal(parseClusterId('84F7EEDC-0DD8-49CD-9D4D-F6646DF3A5BC'), '84F7EEDC-0DD8-49CD-9D4D-F6646DF3A5BC');
  });

  it('user IDs, rule IDs and selectors', () => {
    assert.equal(parseUserId(' 12 '), '12');
    assert.equal(
      msg(() => parseUserId('  ')),
      'Missing required param from request: user_id',
    );
    assert.equal(parseRuleId('ccx_rules_ocp.external.rules.a.report'), 'ccx_rules_ocp.external.rules.a.report');
    assert.match(
      msg(() => parseRuleId("x'; DROP TABLE report;--")),
      /invalid rule ID, it must contain only from latin characters, number, underscores or dots/,
    );
    assert.equal(parseRuleSelector('ccx_rules_ocp.external.rules.a|KEY'), 'ccx_rules_ocp.external.rules.a|KEY');
    assert.match(
      msg(() => parseRuleSelector('nodot|KEY')),
      /Param rule_selector is not a valid rule selector \(plugin_name\|error_key\)/,
    );
  });
});
