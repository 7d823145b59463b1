import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PartitionWork } from './partition-work.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PartitionWork', () => {
  it('a released batch lets the next one start; the later one commits only after the earlier finished', async () => {
    const events: string[] = [];
    const work = new PartitionWork(2, () => {});
    const first = deferred<boolean>();
    let releaseFirst!: () => void;
    work.run(0, true, async (previous, release) => {
      releaseFirst = release;
      assert.equal(await previous, true);
      const ok = await first.promise;
      events.push('commit 1');
      return ok;
    });
    assert.equal(work.canStart(0), false, 'a batch of the partition is being handled');
    assert.equal(work.canStart(1), true, 'other partitions are free');
    releaseFirst();
    assert.equal(work.canStart(0), true, 'released: the next batch may start');
    const second = deferred<void>();
    work.run(0, true, async (previous) => {
      events.push('handled 2');
      second.resolve();
      if (!(await previous)) return false;
      events.push('commit 2');
      return true;
    });
    await second.promise;
    assert.equal(work.canStart(0), false, 'two unfinished batches: the depth is reached');
    assert.deepEqual(events, ['handled 2']);
    first.resolve(true);
    await work.settled();
    assert.deepEqual(events, ['handled 2', 'commit 1', 'commit 2']);
    assert.equal(work.busy(0), false);
    assert.equal(work.size, 0);
  });

  it('after a failed batch the later ones do not commit', async () => {
    const commits: number[] = [];
    const work = new PartitionWork(2, () => {});
    work.run(0, true, async (_previous, release) => {
      release();
      await Promise.resolve();
      throw new Error('storing failed');
    });
    work.run(0, true, async (previous) => {
      if (!(await previous)) return false;
      commits.push(2);
      return true;
    });
    await work.settled();
    assert.deepEqual(commits, []);
  });

  it('counts the batches being handled over all partitions and calls back on release and on finish', async () => {
    const after: number[] = [];
    const work = new PartitionWork(2, (p) => after.push(p));
    const hold = deferred<boolean>();
    let release!: () => void;
    work.run(3, true, async (_p, r) => {
      release = r;
      return hold.promise;
    });
    work.run(4, false, async () => true);
    assert.equal(work.handling, 1, 'a commit unit is not handling');
    release();
    assert.equal(work.handling, 0);
    assert.deepEqual(after, [3]);
    hold.resolve(true);
    await work.settled();
    assert.deepEqual(after.sort(), [3, 3, 4]);
  });

  it('a release inside the unit that starts the next unit at once (as the consumer does) still orders the commits', async () => {
    const events: string[] = [];
    const first = deferred<boolean>();
    let started = false;
    const work: PartitionWork = new PartitionWork(2, (p) => {
      if (started || !work.canStart(p)) return;
      started = true;
      work.run(p, true, async (previous) => {
        events.push('handled 2');
        if (!(await previous)) return false;
        events.push('commit 2');
        return true;
      });
    });
    work.run(0, true, async (_previous, release) => {
      release();
      const ok = await first.promise;
      events.push('commit 1');
      return ok;
    });
    assert.deepEqual(events, ['handled 2']);
    first.resolve(true);
    await work.settled();
    assert.deepEqual(events, ['handled 2', 'commit 1', 'commit 2']);
  });
});
