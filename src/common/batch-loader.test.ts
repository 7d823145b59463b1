import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchLoader } from './batch-loader.js';

/** A fetch whose batches the test completes by hand. */
function manualFetch() {
  const calls: { keys: number[]; done: (values: string[] | Error) => void }[] = [];
  const fetch = (keys: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ keys, done: (v) => (v instanceof Error ? reject(v) : resolve(v)) });
    });
  return { calls, fetch };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('BatchLoader', () => {
  it('sends a lone load at once, and keys of one tick in one batch', async () => {
    const { calls, fetch } = manualFetch();
    const loader = new BatchLoader(fetch);
    const a = loader.load(1);
    await tick();
    assert.deepEqual(
      calls.map((c) => c.keys),
      [[1]],
    );
    calls[0].done(['one']);
    assert.equal(await a, 'one');
    const [b, c] = [loader.load(2), loader.load(3)];
    await tick();
    assert.deepEqual(
      calls.map((x) => x.keys),
      [[1], [2, 3]],
    );
    calls[1].done(['two', 'three']);
    assert.deepEqual(await Promise.all([b, c]), ['two', 'three']);
  });

  it('queues keys while a batch runs and sends them together when it ends', async () => {
    const { calls, fetch } = manualFetch();
    const loader = new BatchLoader(fetch, { maxInFlight: 1 });
    const first = loader.load(1);
    await tick();
    const later = [2, 3, 4].map((k) => loader.load(k));
    await tick();
    assert.equal(calls.length, 1, 'nothing more is sent while the first batch runs');
    calls[0].done(['1']);
    assert.equal(await first, '1');
    await tick();
    assert.deepEqual(calls[1].keys, [2, 3, 4]);
    calls[1].done(['2', '3', '4']);
    assert.deepEqual(await Promise.all(later), ['2', '3', '4']);
  });

  it('respects maxBatch and maxInFlight', async () => {
    const { calls, fetch } = manualFetch();
    const loader = new BatchLoader(fetch, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5].map((k) => loader.load(k));
    await tick();
    assert.deepEqual(
      calls.map((c) => c.keys),
      [
        [1, 2],
        [3, 4],
      ],
    );
    calls[0].done(['a', 'b']);
    await tick();
    assert.deepEqual(
      calls.map((c) => c.keys),
      [[1, 2], [3, 4], [5]],
    );
    calls[1].done(['c', 'd']);
    calls[2].done(['e']);
    assert.deepEqual(await Promise.all(all), ['a', 'b', 'c', 'd', 'e']);
  });

  it('a batch failing on one key answers every other key on its own (no key fails another)', async () => {
    // The fetch refuses key 2 (as PostgreSQL refuses a NUL byte): the whole statement fails.
    const fetched: number[][] = [];
    const loader = new BatchLoader(async (keys: number[]) => {
      fetched.push(keys);
      if (keys.includes(2)) throw new Error('invalid byte sequence');
      return keys.map(String);
    });
    const loads = [1, 2, 3].map((k) => loader.load(k));
    const settled = await Promise.allSettled(loads);
    assert.deepEqual(fetched[0], [1, 2, 3]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
      ['1', 'invalid byte sequence', '3'],
    );
  });

  it('a batch failing transiently rejects its own loads only (no retry per key); the next batch still runs', async () => {
    const { calls, fetch } = manualFetch();
    const loader = new BatchLoader(fetch, { maxInFlight: 1 });
    const failing = [loader.load(1), loader.load(2)];
    await tick();
    const next = loader.load(3);
    calls[0].done(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }));
    for (const p of failing) await assert.rejects(p, /connection lost/);
    await tick();
    calls[1].done(['three']);
    assert.equal(await next, 'three');
  });

  it('a fetch that answers the wrong number of values rejects the batch', async () => {
    const loader = new BatchLoader(async (keys: number[]) => keys.slice(1).map(String));
    await assert.rejects(Promise.all([loader.load(1), loader.load(2)]), /values for 1 key/);
  });
});
