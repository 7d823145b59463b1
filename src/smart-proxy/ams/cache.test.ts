/**
 * The cluster-list cache of `amsclient.cluster_list_caching` (cache.ts) on a clock the test moves: a list
 * is read once per TTL, concurrent callers share a read, a failed read is not kept, an expired list names
 * no cluster, and the least recently used org is dropped past the bound. End to end: e2e/cluster-list-cache.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterListCache } from './cache.js';
import type { ClusterInfo } from './client.js';

const info = (id: string, managed = false): ClusterInfo => ({ cluster_id: id, display_name: `name of ${id}`, managed, status: 'Active' });

function setup(ttlMs = 1_000, maxOrgs = 10) {
  let now = 0;
  const reads: number[] = [];
  let fail = false;
  const cache = new ClusterListCache(
    async (org) => {
      reads.push(org);
      if (fail) throw new Error('AMS said no');
      return [info(`c-${org}-1`), info(`c-${org}-2`, true)];
    },
    ttlMs,
    maxOrgs,
    () => now,
  );
  return {
    cache,
    reads,
    advance: (ms: number) => {
      now += ms;
    },
    failing: (on: boolean) => {
      fail = on;
    },
  };
}

describe('cluster list cache', () => {
  it('reads an org once per TTL and names its clusters while the list is kept', async () => {
    const { cache, reads, advance } = setup(1_000);
    assert.equal(cache.cluster(1, 'c-1-1'), undefined, 'nothing kept yet');
    const first = await cache.list(1);
    advance(999);
    assert.equal(await cache.list(1), first);
    assert.deepEqual(reads, [1]);
    assert.deepEqual(cache.cluster(1, 'c-1-2'), info('c-1-2', true));
    assert.equal(cache.cluster(1, 'c-2-1'), undefined, "another org's cluster");
    assert.equal(cache.cluster(2, 'c-1-1'), undefined, 'an org not kept');
    advance(1);
    assert.equal(cache.cluster(1, 'c-1-1'), undefined, 'expired');
    await cache.list(1);
    assert.deepEqual(reads, [1, 1]);
  });

  it('concurrent callers share one read; a failed read is not kept', async () => {
    const { cache, reads, failing } = setup();
    failing(true);
    const results = await Promise.allSettled([cache.list(7), cache.list(7), cache.list(7)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.deepEqual(reads, [7]);
    failing(false);
    const [a, b] = await Promise.all([cache.list(7), cache.list(7)]);
    assert.equal(a, b);
    assert.deepEqual(reads, [7, 7]);
  });

  it('keeps at most maxOrgs orgs, dropping the least recently used', async () => {
    const { cache, reads } = setup(60_000, 2);
    await cache.list(1);
    await cache.list(2);
    await cache.list(1); // 1 is now the most recently used
    await cache.list(3); // drops 2
    assert.equal(cache.size, 2);
    await cache.list(1);
    await cache.list(2);
    assert.deepEqual(reads, [1, 2, 3, 2]);
  });
});
