// @requires postgres
/**
 * The two paths of the list routes' queries (lists.ts) give the same answers: the aggregated path (one
 * statement, one text per group) and the row path (a row per hit), on generated data of both databases;
 * the aggregated path steps aside only for a value holding its separator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { seedReport } from '#test/helpers/seed.js';
import { RecommendationLists } from './lists.js';
import { type ClusterRuleIds, type RuleClusters, renderClusters as clustersBytes, renderList as listBytes } from './render.js';

// The answers as text (the routes send the bytes).
const renderList = (entries: RuleClusters[]) => listBytes(entries).toString('utf8');
const renderClusters = (entries: ClusterRuleIds[]) => clustersBytes(entries).toString('utf8');
const text = async (bytes: Promise<Buffer>) => (await bytes).toString('utf8');

const ORG = 3;
const cluster = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
const RULES = Array.from({ length: 12 }, (_, r) => `ccx_rules_ocp.external.rules.rule_${r}`);

/** 60 clusters: 7 hits from 12 rules each except every 9th (none), every 5th without report_info, every 7th
 * with a NULL last_checked_at; 5 more clusters with hits but no report (list counts them, clusters does not). */
async function seedGenerated(api: TestApi): Promise<string[]> {
  const ids = Array.from({ length: 65 }, (_, i) => cluster(i + 1));
  for (const [i, id] of ids.slice(0, 60).entries()) {
    const hits =
      i % 9 === 0
        ? []
        : Array.from({ length: 7 }, (_, h) => ({ component: `${RULES[(i * 5 + h * 7) % RULES.length]}.report`, key: `KEY_${h % 3}` }));
    await seedReport(api.db, {
      org: ORG,
      cluster: id,
      hits,
      lastCheckedAt: `2024-05-${String((i % 28) + 1).padStart(2, '0')} 10:11:12.${String(i * 1013).padStart(6, '0')}`,
      ...(i % 5 === 0 ? {} : { version: `4.${i % 17}.${i}` }),
    });
    if (i % 7 === 0) await api.db.kysely.updateTable('report').set({ last_checked_at: null }).where('cluster', '=', id).execute();
  }
  for (const id of ids.slice(60)) {
    await api.db.kysely
      .insertInto('recommendation')
      .values({
        org_id: ORG,
        cluster_id: id,
        rule_fqdn: RULES[0],
        error_key: 'KEY_0',
        rule_id: `${RULES[0]}|KEY_0`,
        created_at: null,
        impacted_since: null,
      })
      .execute();
  }
  return ids;
}

for (const backend of backends) {
  describe(`recommendation list queries (${backend.name})`, () => {
    let api: TestApi;
    let lists: RecommendationLists;
    let ids: string[];
    before(async () => {
      api = await startApi(backend);
      ids = await seedGenerated(api);
      lists = new RecommendationLists(api.db);
    });
    after(() => api?.close());

    it('the aggregated path answers plain data, byte for byte as the row path', async () => {
      // all clusters, a subset in another order, duplicates, unknown IDs
      const requests = [ids, [...ids].reverse().filter((_, i) => i % 3 === 0), [ids[4], ids[4], ids[61], 'unknown', ids[9]]];
      for (const request of requests) {
        const byRule = await lists.listAggregated(ORG, request);
        assert.ok(byRule !== null && byRule.length > 0);
        assert.equal(renderList(byRule), renderList(await lists.listRows(ORG, request)));
        const byCluster = await lists.clustersAggregated(ORG, request);
        assert.ok(byCluster !== null && byCluster.length > 0);
        assert.equal(renderClusters(byCluster), renderClusters(await lists.clustersRows(ORG, request)));
      }
      const all = JSON.parse(await text(lists.clustersJson(ORG, ids)));
      assert.equal(Object.keys(all.clusters).length, 60);
      assert.deepEqual(all.clusters[ids[7]].created_at, '0001-01-01T00:00:00Z');
      assert.deepEqual(all.clusters[ids[9]].recommendations, []);
      assert.equal(Object.values(JSON.parse(await text(lists.listJson(ORG, ids))).recommendations).flat().length, (60 - 7) * 7 + 5);
    });

    it('a list longer than the row path chunk (one bound parameter)', async () => {
      const many = [...Array.from({ length: 12_000 }, (_, i) => `x-${i}`), ...ids];
      assert.equal(await text(lists.listJson(ORG, many)), await text(lists.listJson(ORG, ids)));
      assert.equal(await text(lists.clustersJson(ORG, many)), await text(lists.clustersJson(ORG, ids)));
    });

    it('text beyond plain ASCII stays on the aggregated path; a value holding the separator goes to the row path', async () => {
      const odd = ['c<1>', 'c-\u00e9', 'c-\u{1F600}', 'c-\uFF21'];
      for (const id of odd) {
        await seedReport(api.db, { org: 4, cluster: id, hits: [{ component: `${RULES[1]}.report`, key: 'KEY&1' }] });
      }
      const byRule = await lists.listAggregated(4, odd);
      assert.ok(byRule !== null);
      assert.equal(renderList(byRule), renderList(await lists.listRows(4, odd)));
      assert.equal(
        renderList(byRule),
        '{"recommendations":{"ccx_rules_ocp.external.rules.rule_1|KEY\\u00261":' +
          '["c-\u00e9","c-\u{1F600}","c-\uFF21","c\\u003c1\\u003e"]},"status":"ok"}\n',
      );
      const byCluster = await lists.clustersAggregated(4, odd);
      assert.ok(byCluster !== null);
      assert.equal(renderClusters(byCluster), renderClusters(await lists.clustersRows(4, odd)));

      const held = ['c\u0001x'];
      await seedReport(api.db, { org: 4, cluster: held[0], hits: [{ component: `${RULES[2]}.report`, key: 'K\u0001' }] });
      assert.equal(await lists.listAggregated(4, held), null);
      assert.equal(await lists.clustersAggregated(4, held), null);
      assert.equal(
        await text(lists.listJson(4, held)),
        '{"recommendations":{"ccx_rules_ocp.external.rules.rule_2|K\\u0001":["c\\u0001x"]},"status":"ok"}\n',
      );
      assert.equal(
        await text(lists.clustersJson(4, held)),
        '{"clusters":{"c\\u0001x":{"created_at":"2020-04-02T09:00:05Z","meta":{"cluster_version":""},' +
          '"recommendations":["ccx_rules_ocp.external.rules.rule_2|K\\u0001"]}},"status":"ok"}\n',
      );
    });

    it('map keys that look like array indexes keep Go order (sorted as strings)', async () => {
      for (const id of ['9', '10']) await seedReport(api.db, { org: 6, cluster: id, lastCheckedAt: '2024-01-02 03:04:05' });
      await api.db.kysely
        .insertInto('recommendation')
        .values(
          ['9', '10'].map((r) => ({
            org_id: 6,
            cluster_id: '9',
            rule_fqdn: r,
            error_key: 'K',
            rule_id: r,
            created_at: null,
            impacted_since: null,
          })),
        )
        .execute();
      assert.equal(await text(lists.listJson(6, ['9', '10'])), '{"recommendations":{"10":["9"],"9":["9"]},"status":"ok"}\n');
      assert.equal(
        await text(lists.clustersJson(6, ['9', '10'])),
        '{"clusters":{"10":{"created_at":"2024-01-02T03:04:05Z","meta":{"cluster_version":""},"recommendations":[]},' +
          '"9":{"created_at":"2024-01-02T03:04:05Z","meta":{"cluster_version":""},"recommendations":["10","9"]}},"status":"ok"}\n',
      );
    });
  });
}
