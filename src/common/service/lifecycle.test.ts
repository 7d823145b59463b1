/** A service of concurrent tasks: one ending stops all; the exit code says what failed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../logger.js';
import { superviseTasks } from './lifecycle.js';

function task(name: string, opts: { failStop?: boolean; stopFailureCode?: number } = {}) {
  let end!: (err?: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    end = (err) => (err ? reject(err) : resolve());
  });
  const state = { stopped: 0 };
  return {
    state,
    end,
    task: {
      name,
      done,
      stopFailureCode: opts.stopFailureCode,
      stop: async () => {
        state.stopped += 1;
        end();
        if (opts.failStop) throw new Error(`${name} cannot stop`);
      },
    },
  };
}

describe('superviseTasks', () => {
  it('stops every task and closes once when one task ends; exit 0', async () => {
    const a = task('a');
    const b = task('b');
    let closed = 0;
    const service = superviseTasks([a.task, b.task], silentLogger, async () => {
      closed += 1;
    });
    a.end();
    assert.equal(await service.stopped, 0);
    assert.deepEqual([a.state.stopped, b.state.stopped, closed], [1, 1, 1]);
    assert.equal(await service.stop(), 0); // a second stop is the same stop
    assert.equal(closed, 1);
  });

  it('a failed task is exit 1; failed stops add their codes', async () => {
    const a = task('a');
    const b = task('b', { failStop: true, stopFailureCode: 4 });
    const service = superviseTasks([a.task, b.task], silentLogger);
    a.end(new Error('boom'));
    assert.equal(await service.stopped, 1 + 4);
  });

  it('stop() ends a running service with 0', async () => {
    const a = task('a');
    const service = superviseTasks([a.task], silentLogger);
    assert.equal(await service.stop('test'), 0);
    assert.equal(await service.stopped, 0);
  });
});
