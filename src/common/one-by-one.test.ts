import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withOneByOneFallback } from './one-by-one.js';

class Transient extends Error {}
const isTransient = (err: unknown) => err instanceof Transient;

describe('withOneByOneFallback', () => {
  it('returns the batch result when the batch succeeds; never calls one()', async () => {
    const out = await withOneByOneFallback(
      [1, 2, 3],
      async (xs) => xs.map((x) => x * 10),
      async () => assert.fail('one() called'),
      { isTransient },
    );
    assert.deepEqual(out, [10, 20, 30]);
  });

  it('a non-transient batch failure: each item on its own, in order, with the failure; onFallback once', async () => {
    const seen: string[] = [];
    const fallbacks: unknown[] = [];
    const boom = new Error('bad row');
    const out = await withOneByOneFallback(
      ['a', 'b'],
      async () => {
        throw boom;
      },
      async (x, i, failure) => {
        seen.push(`${x}${i}`);
        assert.equal(failure, boom);
        return x.toUpperCase();
      },
      { isTransient, onFallback: (f) => fallbacks.push(f) },
    );
    assert.deepEqual(out, ['A', 'B']);
    assert.deepEqual(seen, ['a0', 'b1']);
    assert.deepEqual(fallbacks, [boom]);
  });

  it('a result count that does not match the items also falls back', async () => {
    const out = await withOneByOneFallback(
      [1, 2],
      async () => [1],
      async (x, _i, failure) => {
        assert.match(String(failure), /1 results for 2 items/);
        return x;
      },
      { isTransient },
    );
    assert.deepEqual(out, [1, 2]);
  });

  it('a transient batch failure propagates (the caller retries the batch)', async () => {
    await assert.rejects(
      withOneByOneFallback(
        [1],
        async () => {
          throw new Transient('database down');
        },
        async () => assert.fail('one() called'),
        { isTransient },
      ),
      Transient,
    );
  });
});
