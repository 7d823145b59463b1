// @requires postgres
// @requires redis
/**
 * `amsclient.cluster_list_caching` (docs/compatibility.md; upstream reads the key and caches nothing):
 * off, every request reads AMS; on, an org's cluster list is read once per `cluster_list_cache_ttl` for
 * v2/clusters and v2/rule, shared by concurrent requests, bounded to `cluster_list_cache_orgs` orgs, and
 * names the clusters of the v2 report without the any-org lookup. Real aggregator on PostgreSQL, AMS fake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { seedReport } from '#test/helpers/seed.js';
import { NODES, NODES_EK } from '#test/helpers/proxy/content-fixture.js';
import { C1, C2, C4, ORG, OTHER_ORG, seedAggregator, seedAms } from '#test/helpers/proxy/seed.js';
import { Stack, type StackOptions } from '#test/helpers/proxy/stack.js';
import type { Config } from '../config.js';
import type { RunningProxy } from '../service.js';

/** A cluster with a report in ORG that AMS does not list in ORG. */
const UNLISTED = '66666666-6666-4666-8666-666666666666';

describe('smart proxy: amsclient.cluster_list_caching', () => {
  let stack: Stack;
  const launched: RunningProxy[] = [];
  const launch = async (configure: (c: Config) => void) => {
    const options: StackOptions = { configure };
    const { proxy, url } = await stack.launchProxy(options);
    launched.push(proxy);
    await proxy.deps.content.content();
    return url;
  };
  const amsRequests = () => stack.ams.server.requests;
  /** Cluster-list reads so far (each starts with the org lookup) and any-org single-cluster lookups. */
  const counts = () => ({
    listReads: amsRequests().filter((r) => r.url.pathname === '/api/accounts_mgmt/v1/organizations').length,
    anyOrg: amsRequests().filter(
      (r) =>
        r.url.pathname === '/api/accounts_mgmt/v1/subscriptions' &&
        (r.url.searchParams.get('search') ?? '').startsWith('external_cluster_id ='),
    ).length,
  });
  const delta = (from: ReturnType<typeof counts>) => {
    const now = counts();
    return { listReads: now.listReads - from.listReads, anyOrg: now.anyOrg - from.anyOrg };
  };
  const get = async (base: string, path: string, org = ORG) => {
    const res = await stack.request('GET', path, { org, base });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res;
  };

  before(async () => {
    stack = await Stack.start({ create: createPostgresDatabase }, async (db) => {
      await seedAggregator(db);
      await seedReport(db, { org: ORG, cluster: UNLISTED, hits: [{ component: `${NODES}.report`, key: NODES_EK }] });
    });
    seedAms(stack.ams);
  });
  after(async () => {
    for (const proxy of launched) await proxy.stop();
    await stack?.close();
  });

  it('off (the default, as upstream): one AMS read per request', async () => {
    assert.equal(stack.config.amsclient.cluster_list_caching, false);
    const from = counts();
    await get(stack.url, '/api/v2/clusters');
    await get(stack.url, '/api/v2/clusters');
    await get(stack.url, '/api/v2/rule');
    await get(stack.url, `/api/v2/cluster/${C1}/reports`);
    await get(stack.url, `/api/v2/cluster/${C1}/reports`);
    assert.deepEqual(delta(from), { listReads: 3, anyOrg: 2 });
  });

  it('on: the list is read once for v2/clusters and v2/rule, and the v2 report is named from it with the same bytes', async () => {
    const base = await launch((c) => {
      c.amsclient.cluster_list_caching = true;
    });
    const from = counts();
    const clusters = await get(base, '/api/v2/clusters');
    const rules = await get(base, '/api/v2/rule');
    await get(base, '/api/v2/clusters');
    assert.deepEqual(delta(from), { listReads: 1, anyOrg: 0 });
    // The same answers as the proxy without the cache.
    assert.equal(clusters.text, (await get(stack.url, '/api/v2/clusters')).text);
    assert.equal(rules.text, (await get(stack.url, '/api/v2/rule')).text);

    const again = counts();
    for (const cluster of [C1, C2]) {
      const cached = await get(base, `/api/v2/cluster/${cluster}/reports`);
      const uncached = await get(stack.url, `/api/v2/cluster/${cluster}/reports`);
      assert.equal(cached.text, uncached.text, cluster);
    }
    assert.equal((await get(base, `/api/v2/cluster/${C2}/reports`)).json.report.meta.cluster_name, 'Managed one');
    // Two any-org lookups: the uncached proxy's; the caching one made none.
    assert.deepEqual(delta(again), { listReads: 0, anyOrg: 2 });

    // A cluster outside the org's cached list: the any-org lookup, as without the cache.
    const outside = counts();
    const unlisted = await get(base, `/api/v2/cluster/${UNLISTED}/reports`);
    assert.equal(unlisted.json.report.meta.cluster_name, UNLISTED);
    assert.deepEqual(delta(outside), { listReads: 0, anyOrg: 1 });
  });

  it('on: a report of an org whose list is not cached makes the any-org lookup and does not read the list', async () => {
    const base = await launch((c) => {
      c.amsclient.cluster_list_caching = true;
    });
    const from = counts();
    await get(base, `/api/v2/cluster/${C1}/reports`);
    await get(base, `/api/v2/cluster/${C1}/reports`);
    assert.deepEqual(delta(from), { listReads: 0, anyOrg: 2 });
  });

  it('on: concurrent requests of a cold org share one read', async () => {
    const base = await launch((c) => {
      c.amsclient.cluster_list_caching = true;
    });
    const from = counts();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => get(base, i % 2 ? '/api/v2/rule' : '/api/v2/clusters')));
    assert.equal(answers.length, 6);
    assert.deepEqual(delta(from), { listReads: 1, anyOrg: 0 });
  });

  it('on: a list older than cluster_list_cache_ttl is read again', async () => {
    const ttl = 400;
    const base = await launch((c) => {
      c.amsclient.cluster_list_caching = true;
      c.amsclient.cluster_list_cache_ttl = ttl;
    });
    const from = counts();
    await get(base, '/api/v2/clusters');
    // The list was asked for before this answer: past done + TTL it has expired, however slow the machine.
    const done = Date.now();
    assert.deepEqual(delta(from), { listReads: 1, anyOrg: 0 });
    await new Promise((r) => setTimeout(r, Math.max(0, done + ttl + 20 - Date.now())));
    const expired = counts();
    await get(base, `/api/v2/cluster/${C1}/reports`);
    assert.deepEqual(delta(expired), { listReads: 0, anyOrg: 1 }, 'an expired list does not name the cluster');
    await get(base, '/api/v2/clusters');
    assert.deepEqual(delta(expired), { listReads: 1, anyOrg: 1 }, 'an expired list is read again');
  });

  it('on: at most cluster_list_cache_orgs orgs are kept, the least recently used goes first', async () => {
    const base = await launch((c) => {
      c.amsclient.cluster_list_caching = true;
      c.amsclient.cluster_list_cache_orgs = 1;
    });
    const from = counts();
    await get(base, '/api/v2/clusters', ORG);
    await get(base, '/api/v2/clusters', ORG);
    assert.deepEqual(delta(from), { listReads: 1, anyOrg: 0 });
    const other = await get(base, '/api/v2/clusters', OTHER_ORG);
    assert.deepEqual(
      other.json.data.map((r: { cluster_id: string }) => r.cluster_id),
      [C4],
    );
    await get(base, '/api/v2/clusters', ORG);
    assert.deepEqual(delta(from), { listReads: 3, anyOrg: 0 }, 'ORG was evicted by OTHER_ORG');
  });
});
