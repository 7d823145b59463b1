/** TextWriter: the bytes of the joined parts as UTF-8, across growth, for any text (surrogates included). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextWriter } from './text-writer.js';

describe('TextWriter', () => {
  it('gives Buffer.from(parts.join("")) across growth and for text beyond ASCII', () => {
    const parts = ['{"a":', '"x<y"', ',"é":"\u2028"', ',"emoji":"\u{1F600}"', ',"lone":"\uD800"', 'z'.repeat(5_000), '}\n'];
    for (const initial of [1, 16, 64 * 1024]) {
      const out = new TextWriter(initial);
      for (let round = 0; round < 30; round++) for (const p of parts) out.write(p);
      assert.deepEqual(out.bytes(), Buffer.from(Array.from({ length: 30 }, () => parts.join('')).join('')), `initial ${initial}`);
    }
    assert.equal(new TextWriter().bytes().length, 0);
  });
});
