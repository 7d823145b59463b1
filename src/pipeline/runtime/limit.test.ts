/** The process-wide bound on archives in flight: never more than `limit` at once, waiters served in order, failures free their slot. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Limiter } from './limit.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Limiter', () => {
  it('runs at most `limit` tasks at once across callers, in arrival order', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) =>
      limiter.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        for (let k = 0; k < 3; k++) await tick();
        running--;
        return i;
      });
    // Two "partitions" submitting their batches side by side.
    const a = Promise.all([0, 1, 2, 3, 4].map(task));
    const b = Promise.all([5, 6, 7, 8, 9].map(task));
    assert.deepEqual(await Promise.all([a, b]), [
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ]);
    assert.equal(most, 3);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(limiter.active, 0);
  });

  it('a task that throws frees its slot', async () => {
    const limiter = new Limiter(1);
    await assert.rejects(
      limiter.run(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limiter.run(async () => 'next'), 'next');
    assert.equal(limiter.active, 0);
  });
});
