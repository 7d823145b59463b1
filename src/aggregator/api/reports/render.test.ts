import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goEscape, jsonString } from '#common/http/envelope.js';

describe('jsonString', () => {
  it('writes every character as Go does (the plain fast path included, beyond ASCII too)', () => {
    const samples = [
      'ccx_rules_ocp.external.rules.nodes_kubelet_version_check',
      'NODE_KUBELET_VERSION',
      '',
      'a b',
      '\u2028',
      'é',
      '😀',
      '\u2029',
      '\ud800',
      'a\udc00b',
      'ü€ ø',
    ];
    for (let c = 0; c < 0x80; c++) samples.push(`x${String.fromCharCode(c)}y`);
    for (const s of samples) assert.equal(jsonString(s), goEscape(JSON.stringify(s)), JSON.stringify(s));
    assert.equal(jsonString('a<b>&"c\\'), '"a\\u003cb\\u003e\\u0026\\"c\\\\"');
  });
});
