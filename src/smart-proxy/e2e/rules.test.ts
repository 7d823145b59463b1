// @requires postgres
// @requires redis
/**
 * Content and recommendation routes end to end (spec 2.7 V1-5..V1-7, V1-16; 2.8 V2-4..V2-10): the real
 * aggregator on PostgreSQL and SQLite, content over HTTP, the AMS fake; internal rules restricted to the
 * orgs of the allow-list CSV.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backends } from '#test/helpers/databases.js';
import { BUG, BUG_EK, DVO, NODES, NODES_EK, SECRET, SECRET_EK } from '#test/helpers/proxy/content-fixture.js';
import { C1, C2, C3, ORG, seedAggregator, seedAms } from '#test/helpers/proxy/seed.js';
import { Stack } from '#test/helpers/proxy/stack.js';

const ALLOWED_ORG = ORG;
const csvDir = mkdtempSync(join(tmpdir(), 'proxy-internal-'));
const csv = join(csvDir, 'orgs.csv');
writeFileSync(csv, `OrgID,Name\n${ALLOWED_ORG},Allowed\n`);

for (const backend of backends) {
  describe(`smart proxy rules and content (${backend.name})`, () => {
    let stack: Stack;
    before(async () => {
      stack = await Stack.start(backend, seedAggregator, {
        configure: (c) => {
          c.server.enable_internal_rules_organizations = true;
          c.setup.internal_rules_organizations_csv_file = csv;
        },
      });
      seedAms(stack.ams);
    });
    after(() => stack?.close());

    it('v2 rule list: all external rules, impacting=true/false, managed clusters counted for osd_customer rules only', async () => {
      const all = await stack.request('GET', '/api/v2/rule', { org: ORG });
      assert.equal(all.status, 200, all.text);
      const byId = Object.fromEntries(all.json.recommendations.map((r: { rule_id: string }) => [r.rule_id, r]));
      assert.deepEqual(Object.keys(byId).sort(), [`${BUG}|${BUG_EK}`, `${DVO}|DVO_AN_ISSUE`, `${NODES}|${NODES_EK}`].sort());
      assert.equal(byId[`${NODES}|${NODES_EK}`].impacted_clusters_count, 1, 'C2 is managed and the rule is not osd_customer');
      assert.equal(byId[`${BUG}|${BUG_EK}`].impacted_clusters_count, 2);
      assert.deepEqual(Object.keys(byId[`${BUG}|${BUG_EK}`]), [
        'rule_id',
        'description',
        'generic',
        'reason',
        'resolution',
        'more_info',
        'total_risk',
        'impact',
        'likelihood',
        'publish_date',
        'tags',
        'resolution_risk',
        'disabled',
        'impacted_clusters_count',
      ]);
      const impacting = await stack.request('GET', '/api/v2/rule?impacting=true', { org: ORG });
      const ids = impacting.json.recommendations.map((r: { rule_id: string }) => r.rule_id).sort();
      assert.deepEqual(ids, [`${BUG}|${BUG_EK}`, `${NODES}|${NODES_EK}`, `${SECRET}|${SECRET_EK}`].sort(), 'internal rules when they hit');
      const notImpacting = await stack.request('GET', '/api/v2/rule?impacting=false', { org: ORG });
      assert.deepEqual(
        notImpacting.json.recommendations.map((r: { rule_id: string }) => r.rule_id),
        [`${DVO}|DVO_AN_ISSUE`],
      );
      const bad = await stack.request('GET', '/api/v2/rule?impacting=often', { org: ORG });
      assert.equal(bad.status, 400);
    });

    it('v2 rule content and detail: groups, rating, ack state; 404 and 400; internal rule for allowed org only', async () => {
      const content = await stack.request('GET', `/api/v2/rule/${BUG}|${BUG_EK}/content`, { org: ORG });
      assert.equal(content.status, 200, content.text);
      assert.equal(content.json.content.total_risk, 4);
      assert.equal(content.json.content.publish_date, '2020-04-08T00:42:00Z');
      assert.equal(content.json.groups.length, 2);
      const rate = await stack.request('POST', '/api/v2/rating', { org: ORG, body: { rule: `${BUG}|${BUG_EK}`, rating: 1 } });
      assert.equal(rate.status, 200, rate.text);
      assert.deepEqual(rate.json, { rule: `${BUG}|${BUG_EK}`, rating: 1 });
      const badRate = await stack.request('POST', '/api/v2/rating', { org: ORG, body: '{"rule":' });
      assert.equal(badRate.status, 400);
      assert.equal(badRate.json.status, "client didn't provide a valid request body");
      const detail = await stack.request('GET', `/api/v2/rule/${BUG}|${BUG_EK}`, { org: ORG });
      assert.equal(detail.status, 200, detail.text);
      assert.equal(detail.json.content.rating, 1);
      assert.equal(detail.json.content.hosts_acked_count, 0);
      assert.equal(detail.json.content.disabled, false);
      const missing = await stack.request('GET', `/api/v2/rule/${BUG}|NOPE/content`, { org: ORG });
      assert.equal(missing.status, 404);
      const notComposite = await stack.request('GET', `/api/v2/rule/${BUG}/content`, { org: ORG });
      assert.equal(notComposite.status, 400);
      const internalAllowed = await stack.request('GET', `/api/v2/rule/${SECRET}|${SECRET_EK}/content`, { org: ALLOWED_ORG });
      assert.equal(internalAllowed.status, 200);
      const internalDenied = await stack.request('GET', `/api/v2/rule/${SECRET}|${SECRET_EK}/content`, { org: 5 });
      assert.equal(internalDenied.status, 403);
      assert.equal(internalDenied.json.status, 'This organization is not allowed to access this recommendation');
    });

    it('v1 content, rule content and rule_ids filter internal rules for other orgs', async () => {
      const one = await stack.request('GET', `/api/v1/rules/${NODES}.report/content`, { org: ORG });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.json.content.error_keys[NODES_EK].metadata.impact, 'Hung Task');
      assert.equal(one.json.content.error_keys[NODES_EK].total_risk, 2);
      const ids = await stack.request('GET', '/api/v1/rule_ids', { org: 5 });
      assert.ok(!ids.json.rules.includes(SECRET));
      const idsAllowed = await stack.request('GET', '/api/v1/rule_ids', { org: ORG });
      assert.ok(idsAllowed.json.rules.includes(SECRET));
      const all = await stack.request('GET', '/api/v2/content', { org: 5 });
      assert.equal(all.json.content.length, 3);
      assert.equal(typeof all.json.content[0].error_keys[Object.keys(all.json.content[0].error_keys)[0]].metadata.impact, 'number');
      const unknown = await stack.request('GET', '/api/v1/rules/ccx_rules_ocp.nothing/content', { org: ORG });
      assert.equal(unknown.status, 404);
    });

    it('clusters_detail: impacted clusters named from AMS, disabled ones, org-wide ack moves all to disabled', async () => {
      const res = await stack.request('GET', `/api/v2/rule/${BUG}|${BUG_EK}/clusters_detail`, { org: ORG });
      assert.equal(res.status, 200, res.text);
      const enabled = res.json.data.enabled.map((c: { cluster: string; cluster_name: string }) => [c.cluster, c.cluster_name]);
      assert.deepEqual(enabled.sort(), [
        [C1, 'Production cluster 1'],
        [C2, 'Managed one'],
      ]);
      const nodes = await stack.request('GET', `/api/v2/rule/${NODES}|${NODES_EK}/clusters_detail`, { org: ORG });
      assert.deepEqual(
        nodes.json.data.enabled.map((c: { cluster: string }) => c.cluster),
        [C1],
        'managed clusters dropped for a non-osd_customer rule',
      );
      const disable = await stack.request('PUT', `/api/v1/clusters/${C1}/rules/${BUG}.report/error_key/${BUG_EK}/disable`, { org: ORG });
      assert.equal(disable.status, 200, disable.text);
      const after1 = await stack.request('GET', `/api/v2/rule/${BUG}|${BUG_EK}/clusters_detail`, { org: ORG });
      assert.deepEqual(
        after1.json.data.disabled.map((c: { cluster_id: string }) => c.cluster_id),
        [C1],
      );
      assert.equal(after1.json.data.disabled[0].cluster_name, 'Production cluster 1');
      await stack.request('POST', '/api/v2/ack', { org: ORG, body: { rule_id: `${BUG}|${BUG_EK}`, justification: 'known' } });
      const acked = await stack.request('GET', `/api/v2/rule/${BUG}|${BUG_EK}/clusters_detail`, { org: ORG });
      assert.equal(acked.json.data.enabled.length, 0);
      assert.equal(acked.json.data.disabled.length, 2);
      assert.ok(acked.json.data.disabled.some((c: { justification: string }) => c.justification === 'known'));
      const enable = await stack.request('PUT', `/api/v1/clusters/${C1}/rules/${BUG}.report/error_key/${BUG_EK}/enable`, { org: ORG });
      assert.equal(enable.status, 200);
      assert.equal((await stack.request('DELETE', `/api/v2/ack/${BUG}|${BUG_EK}`, { org: ORG })).status, 204);
      const bad = await stack.request('GET', '/api/v2/rule/nodot|EK/clusters_detail', { org: ORG });
      assert.equal(bad.status, 400);
    });

    it('votes are proxied with org and user from the token; unknown rule 404 without an upstream call', async () => {
      const like = await stack.request('PUT', `/api/v1/clusters/${C1}/rules/${NODES}.report/error_key/${NODES_EK}/like`, {
        org: ORG,
        user: '7',
      });
      assert.equal(like.status, 200, like.text);
      const report = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG, user: '7' });
      const hit = report.json.report.data.find((r: { rule_id: string }) => r.rule_id === `${NODES}.report`);
      assert.equal(hit.user_vote, 1);
      const other = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG, user: '8' });
      assert.equal(other.json.report.data.find((r: { rule_id: string }) => r.rule_id === `${NODES}.report`).user_vote, 0);
      const unknown = await stack.request('PUT', `/api/v1/clusters/${C1}/rules/${NODES}.report/error_key/NOPE/like`, { org: ORG });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.status, `Item with ID ${NODES}/NOPE was not found in the storage`);
      const feedback = await stack.request('POST', `/api/v1/clusters/${C1}/rules/${NODES}.report/error_key/${NODES_EK}/disable_feedback`, {
        org: ORG,
        body: { message: 'too noisy' },
      });
      assert.equal(feedback.status, 200, feedback.text);
    });

    it('ack PUT/POST errors keep upstream shapes', async () => {
      const put404 = await stack.request('PUT', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG, body: { justification: 'x' } });
      assert.equal(put404.status, 404);
      assert.equal(put404.json.status, `Item with ID ${NODES}|${NODES_EK} was not found in the storage`);
      const putBad = await stack.request('PUT', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG, body: 'nope' });
      assert.equal(putBad.status, 400);
      assert.equal(putBad.json.status, 'Missing required param from request: justification');
      const postBad = await stack.request('POST', '/api/v2/ack', { org: ORG, body: '{' });
      assert.equal(postBad.status, 400);
      assert.equal(postBad.headers.get('content-type'), 'text/plain; charset=utf-8');
      await stack.request('POST', '/api/v2/ack', { org: ORG, body: { rule_id: `${NODES}|${NODES_EK}`, justification: 'a' } });
      const put = await stack.request('PUT', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG, body: { justification: 'b' } });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.json.justification, 'b');
      assert.equal((await stack.request('GET', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG })).json.justification, 'b');
      await stack.request('DELETE', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG });
    });

    it('v2 cluster info from AMS; 404 outside the org', async () => {
      const info = await stack.request('GET', `/api/v2/cluster/${C3}/info`, { org: ORG });
      assert.equal(info.status, 200, info.text);
      assert.deepEqual(info.json.cluster, { cluster_id: C3, display_name: C3, managed: false, status: 'Active' });
      const other = await stack.request('GET', `/api/v2/cluster/${C1}/info`, { org: 5 });
      assert.equal(other.status, 404);
      const unknownOrg = await stack.request('GET', '/api/v2/clusters', { org: 999 });
      assert.equal(unknownOrg.status, 404);
      assert.equal(unknownOrg.json.status, 'Item with ID 999 was not found in the storage');
    });
  });
}
