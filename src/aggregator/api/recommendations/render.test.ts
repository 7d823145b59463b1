/** sortedJsonArray: a listAgg text as Go's JSON array of its values sorted by code units. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sortedJsonArray } from './render.js';

const agg = (values: string[]) => `${values.length}\u0001${values.join('\u0001')}`;

describe('sortedJsonArray', () => {
  it('values in order, out of order, duplicates, empty values, prefixes', () => {
    const cases: [string[], string][] = [
      [['a'], '["a"]'],
      [['a', 'b', 'c'], '["a","b","c"]'],
      [['c', 'a', 'b'], '["a","b","c"]'],
      [['b', 'a', 'b', 'a'], '["a","a","b","b"]'],
      [['ab', 'a'], '["a","ab"]'],
      [['a', 'ab'], '["a","ab"]'],
      [[''], '[""]'],
      [['', ''], '["",""]'],
      [['b', ''], '["","b"]'],
      [['', 'b'], '["","b"]'],
      [['x.y|z|K', 'a.b|K'], '["a.b|K","x.y|z|K"]'],
      [['rule_1|EK', 'rule_10|EK'], '["rule_10|EK","rule_1|EK"]'],
    ];
    for (const [values, expected] of cases) assert.equal(sortedJsonArray(agg(values)), expected, JSON.stringify(values));
  });

  it('Go escaping and code-unit order beyond ASCII', () => {
    assert.equal(
      sortedJsonArray(agg(['\uFF21', '\u{1F600}', 'a<&>', 'q"\\', 'k\u2028'])),
      '["a\\u003c\\u0026\\u003e","k\\u2028","q\\"\\\\","\u{1F600}","\uFF21"]',
    );
  });

  it('a value holding the separator: null (the count does not match)', () => {
    assert.equal(sortedJsonArray(`1\u0001a\u0001b`), null);
    assert.equal(sortedJsonArray(`2\u0001a\u0001b\u0001c`), null);
    assert.equal(sortedJsonArray(`1\u0001\u0001`), null);
  });
});
