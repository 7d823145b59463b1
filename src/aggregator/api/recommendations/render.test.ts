/**
 * sortedJsonArray: a listAgg text as Go's JSON array of its values sorted by code units; rankedJsonArray:
 * the same bytes by the ranks of the requested cluster IDs, or null where it cannot say.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterRanks, rankedJsonArray, sortedJsonArray } from './render.js';

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

describe('rankedJsonArray', () => {
  const uuid = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

  it("gives sortedJsonArray's bytes for values among the requested IDs, in any order, with duplicates", () => {
    const requested = [uuid(30), uuid(2), 'B', 'a', 'aa', '', uuid(2), 'rule_1|EK', 'rule_10|EK'];
    const ranks = clusterRanks(requested);
    assert.deepEqual(
      ranks.json,
      [...new Set(requested)].sort().map((id) => JSON.stringify(id)),
    );
    const cases = [[uuid(30), uuid(2)], ['a', 'B', 'aa', 'a'], [''], ['', 'B'], ['rule_1|EK', 'rule_10|EK'], [...requested].reverse()];
    for (const values of cases) {
      const text = agg(values);
      assert.equal(rankedJsonArray(text, ranks), sortedJsonArray(text), JSON.stringify(values));
    }
    // Generated: random subsets of 300 IDs in random order.
    const many = Array.from({ length: 300 }, (_, i) => uuid((i * 7919) % 1009));
    const manyRanks = clusterRanks(many);
    for (let round = 0; round < 20; round++) {
      const values = many.filter((_, i) => (i * 31 + round * 17) % 5 < 2).sort(() => Math.sin(round * 1000 + many.length) - 0.5);
      const text = agg(values);
      assert.equal(rankedJsonArray(text, manyRanks), sortedJsonArray(text));
    }
  });

  it('null where it cannot say: a value not requested, a count that does not match, nothing ranked', () => {
    const ranks = clusterRanks(['a', 'b', 'x\u0001y']);
    assert.equal(rankedJsonArray(agg(['a', 'c']), ranks), null);
    assert.equal(rankedJsonArray('1\u0001a\u0001b', ranks), null);
    assert.equal(rankedJsonArray('3\u0001a\u0001b', ranks), null);
    assert.equal(rankedJsonArray('0\u0001', ranks), null);
    // A requested ID holding the separator: its halves are no requested IDs (sortedJsonArray then says null too).
    assert.equal(rankedJsonArray(agg(['a', 'x\u0001y']), ranks), null);
  });

  it('IDs that need escaping: escaped and ordered as sortedJsonArray does', () => {
    const odd = ['a<b', 'q"', 'k\u2028', '\uFF21', '\u{1F600}', 'back\\slash', 'plain'];
    const ranks = clusterRanks([...odd, 'unused']);
    for (const values of [odd, [...odd].reverse(), ['plain', 'a<b', 'plain']]) {
      const text = agg(values);
      assert.equal(rankedJsonArray(text, ranks), sortedJsonArray(text), JSON.stringify(values));
    }
  });
});
