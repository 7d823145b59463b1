// @requires postgres
// @requires redis
/**
 * The ways the proxy gets an organisation's clusters (spec 2.6.3): AMS with an offline token (refresh-token
 * grant, client `cloud-services`, a new access token when the old one expires; a refused token is a 500,
 * the proxy keeps serving), and without AMS: `org_clusters_fallback` on (the aggregator's list, names = IDs,
 * not managed) or off (500); routes that need AMS itself answer 503. Real aggregator on PostgreSQL, AMS fake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { C1, C2, C3, C4, ORG, seedAggregator, seedAms } from '#test/helpers/proxy/seed.js';
import { Stack } from '#test/helpers/proxy/stack.js';
import type { RunningProxy } from '../service.js';

describe('smart proxy cluster sources', () => {
  let stack: Stack;
  const launched: RunningProxy[] = [];
  const launch = async (options: Parameters<Stack['launchProxy']>[0]) => {
    const { proxy, url } = await stack.launchProxy(options);
    launched.push(proxy);
    await proxy.deps.content.content();
    return url;
  };
  const tokenRequests = () =>
    stack.ams.server.requests.filter((r) => r.url.pathname === '/token').map((r) => Object.fromEntries(new URLSearchParams(r.body)));

  before(async () => {
    stack = await Stack.start({ create: createPostgresDatabase }, seedAggregator);
    seedAms(stack.ams);
  });
  after(async () => {
    for (const proxy of launched) await proxy.stop();
    await stack?.close();
  });

  describe('AMS with an offline token', () => {
    const offline = (token: string) => ({
      configure: (c: Parameters<NonNullable<Parameters<Stack['launchProxy']>[0]['configure']>>[0]) => {
        Object.assign(c.amsclient, { client_id: '', client_secret: '', token });
      },
    });

    it('lists the org’s clusters with an access token from the refresh-token grant, renewed when it expires', async () => {
      stack.ams.tokenLifetimeSeconds = 31; // inside the client's 30 s margin after one second
      const before = tokenRequests().length;
      const base = await launch(offline('offline-token'));
      const res = await stack.request('GET', `/api/v1/organizations/${ORG}/clusters`, { org: ORG, base });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.clusters.sort(), [C1, C2, C3].sort());
      const grants = tokenRequests().slice(before);
      assert.ok(grants.length >= 1);
      assert.deepEqual(grants[0], { grant_type: 'refresh_token', client_id: 'cloud-services', refresh_token: 'offline-token' });
      await new Promise((r) => setTimeout(r, 1100));
      const again = await stack.request('GET', `/api/v2/cluster/${C1}/info`, { org: ORG, base });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.cluster.display_name, 'Production cluster 1');
      assert.ok(tokenRequests().length - before > grants.length, 'a new access token after expiry');
      stack.ams.tokenLifetimeSeconds = 900;
    });

    it('a refused offline token: 500 with a JSON status, and the proxy keeps serving', async () => {
      const base = await launch(offline('revoked-token'));
      const res = await stack.request('GET', `/api/v2/clusters`, { org: ORG, base });
      assert.equal(res.status, 500, res.text);
      assert.equal(typeof res.json.status, 'string');
      const report = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG, base });
      assert.equal(report.status, 200, 'the report decoration tolerates the AMS failure');
      assert.equal(report.json.report.meta.cluster_name, C1);
    });
  });

  describe('no AMS client', () => {
    it('org_clusters_fallback on: the aggregator’s clusters, named by ID, not managed', async () => {
      const base = await launch({ noAms: true, fallback: true });
      const list = await stack.request('GET', `/api/v1/organizations/${ORG}/clusters`, { org: ORG, base });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.clusters.sort(), [C1, C2].sort(), 'clusters with data in the org, C4 is another org’s');
      const view = await stack.request('GET', '/api/v2/clusters', { org: ORG, base });
      assert.equal(view.status, 200, view.text);
      const rows = view.json.data as { cluster_id: string; cluster_name: string; managed: boolean; total_hit_count: number }[];
      assert.deepEqual(rows.map((r) => r.cluster_id).sort(), [C1, C2].sort());
      for (const row of rows) {
        assert.equal(row.cluster_name, row.cluster_id);
        assert.equal(row.managed, false);
      }
      assert.ok(rows.find((r) => r.cluster_id === C2)!.total_hit_count > 0, 'C2 counted as not managed');
      const info = await stack.request('GET', `/api/v2/cluster/${C1}/info`, { org: ORG, base });
      assert.equal(info.status, 503);
      assert.deepEqual(info.json, { status: 'AMS API is unreachable' });
      assert.ok(!list.json.clusters.includes(C4));
    });

    it('org_clusters_fallback off: cluster lists are a 500, reports still work', async () => {
      const base = await launch({ noAms: true, fallback: false });
      const list = await stack.request('GET', `/api/v1/organizations/${ORG}/clusters`, { org: ORG, base });
      assert.equal(list.status, 500, list.text);
      const report = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG, base });
      assert.equal(report.status, 200, report.text);
      assert.equal(report.json.report.meta.cluster_name, C1);
      assert.equal(report.json.report.meta.managed, false);
    });
  });
});
