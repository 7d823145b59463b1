// @requires postgres
// @requires redis
/**
 * Report routes end to end (spec 2.7 V1-9..V1-13, 2.8 V2-1..V2-3): the real aggregator process on
 * PostgreSQL and SQLite, content over HTTP (gob), the AMS fake; auth on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { goJson } from '#common/http/envelope.js';
import { backends } from '#test/helpers/databases.js';
import { BUG, BUG_EK, NODES, NODES_EK, SECRET } from '#test/helpers/proxy/content-fixture.js';
import { C1, C2, C3, C4, ORG, seedAggregator, seedAms } from '#test/helpers/proxy/seed.js';
import { Stack } from '#test/helpers/proxy/stack.js';

for (const backend of backends) {
  describe(`smart proxy reports (${backend.name})`, () => {
    let stack: Stack;
    before(async () => {
      stack = await Stack.start(backend, seedAggregator);
      seedAms(stack.ams);
    });
    after(() => stack?.close());

    it('v2 report: AMS name, content merged, aggregator order, impacted, gathered_at', async () => {
      const res = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      const { meta, data } = res.json.report;
      assert.deepEqual(Object.keys(meta), ['cluster_name', 'managed', 'count', 'last_checked_at', 'gathered_at']);
      assert.equal(meta.cluster_name, 'Production cluster 1');
      assert.equal(meta.managed, false);
      assert.equal(meta.count, 3);
      assert.equal(meta.last_checked_at, '2024-05-02T10:11:12Z');
      assert.equal(meta.gathered_at, '2024-05-02T10:05:00Z');
      const direct = await fetch(`${stack.aggregator.url}organizations/${ORG}/clusters/${C1}/users/1/report`).then((r) => r.json());
      assert.deepEqual(
        data.map((r: { rule_id: string }) => r.rule_id),
        direct.report.reports.map((r: { component: string }) => r.component),
        "the aggregator's order",
      );
      assert.deepEqual(
        data.map((r: { rule_id: string }) => r.rule_id).sort(),
        [`${NODES}.report`, `${BUG}.report`, `${SECRET}.report`].sort(),
      );
      const nodes = data.find((r: { rule_id: string }) => r.rule_id === `${NODES}.report`);
      assert.deepEqual(Object.keys(nodes), [
        'rule_id',
        'created_at',
        'description',
        'details',
        'reason',
        'resolution',
        'more_info',
        'total_risk',
        'disabled',
        'disable_feedback',
        'disabled_at',
        'internal',
        'user_vote',
        'extra_data',
        'tags',
        'impacted',
      ]);
      assert.equal(nodes.total_risk, 2);
      assert.equal(nodes.created_at, '2020-04-08T00:42:00Z');
      assert.equal(nodes.impacted, '2024-04-30T08:00:00Z');
      assert.deepEqual(nodes.extra_data, { error_key: NODES_EK, type: 'rule' });
      assert.equal(data.find((r: { rule_id: string }) => r.rule_id === `${SECRET}.report`).internal, true);
      assert.match(res.text, /more info \\u003chttps:\/\/docs.openshift.com\/\\u003e/, 'Go escapes < and >');
    });

    it('v2 report of a managed cluster keeps osd_customer rules only', async () => {
      const res = await stack.request('GET', `/api/v2/cluster/${C2}/reports`, { org: ORG });
      assert.equal(res.status, 200);
      assert.equal(res.json.report.meta.managed, true);
      assert.deepEqual(
        res.json.report.data.map((r: { rule_id: string }) => r.rule_id),
        [`${BUG}.report`],
      );
    });

    it('v1 report: osd_eligible filters, user agent insights-operator asks AMS', async () => {
      const plain = await stack.request('GET', `/api/v1/clusters/${C2}/report`, { org: ORG });
      assert.equal(plain.json.report.data.length, 2);
      assert.deepEqual(Object.keys(plain.json.report.meta), ['count', 'last_checked_at']);
      const osd = await stack.request('GET', `/api/v1/clusters/${C2}/report?osd_eligible=true`, { org: ORG });
      assert.equal(osd.json.report.data.length, 1);
      const bad = await stack.request('GET', `/api/v1/clusters/${C2}/report?osd_eligible=maybe`, { org: ORG });
      assert.equal(bad.json.report.data.length, 2, 'unparsable osd_eligible is false (kept quirk)');
      const io = await stack.request('GET', `/api/v1/clusters/${C2}/report`, {
        org: ORG,
        headers: { 'user-agent': 'insights-operator/abc' },
      });
      assert.equal(io.json.report.data.length, 1);
      const alias = await stack.request('GET', `/api/v1/report/1/${C1}`, { org: ORG });
      assert.equal(alias.status, 200);
      assert.equal(alias.json.report.data.length, 3);
    });

    it('acks and per-cluster disables hide rules unless get_disabled; bad get_disabled is 400', async () => {
      const ack = await stack.request('POST', '/api/v2/ack', { org: ORG, body: { rule_id: `${NODES}|${NODES_EK}`, justification: 'no' } });
      assert.equal(ack.status, 201, ack.text);
      assert.deepEqual(Object.keys(ack.json), ['rule', 'justification', 'created_by', 'created_at', 'updated_at']);
      const again = await stack.request('POST', '/api/v2/ack', {
        org: ORG,
        body: { rule_id: `${NODES}|${NODES_EK}`, justification: 'no' },
      });
      assert.equal(again.status, 200);
      const hidden = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG });
      assert.equal(hidden.json.report.data.length, 2);
      const shown = await stack.request('GET', `/api/v2/cluster/${C1}/reports?get_disabled=true`, { org: ORG });
      const acked = shown.json.report.data.find((r: { rule_id: string }) => r.rule_id === `${NODES}.report`);
      assert.equal(acked.disabled, true);
      const bad = await stack.request('GET', `/api/v2/cluster/${C1}/reports?get_disabled=yes`, { org: ORG });
      assert.equal(bad.status, 400);
      assert.match(bad.json.status, /get_disabled/);
      const list = await stack.request('GET', '/api/v2/ack', { org: ORG });
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.match(list.text, /^\{\n\t"meta"/);
      assert.equal(list.json.meta.count, 1);
      const del = await stack.request('DELETE', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG });
      assert.equal(del.status, 204);
      const gone = await stack.request('GET', `/api/v2/ack/${NODES}|${NODES_EK}`, { org: ORG });
      assert.equal(gone.status, 404);
      assert.equal(gone.text, '');
      const back = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG });
      assert.equal(back.json.report.data.length, 3);
    });

    it('single rule (v1), report info, multi-cluster reports passed through', async () => {
      const one = await stack.request('GET', `/api/v1/clusters/${C1}/rules/${BUG}.report|${BUG_EK}/report`, { org: ORG });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.json.report.rule_id, `${BUG}.report`);
      const badId = await stack.request('GET', `/api/v1/clusters/${C1}/rules/${BUG}/report`, { org: ORG });
      assert.equal(badId.status, 400);
      const info = await stack.request('GET', `/api/v1/clusters/${C1}/report/info`, { org: ORG });
      assert.equal(info.status, 200, info.text);
      assert.deepEqual(Object.keys(info.json.metainfo), ['count', 'last_checked_at', 'stored_at']);
      const many = await stack.request('GET', `/api/v1/clusters/${C1},${C3}/reports`, { org: ORG });
      assert.equal(many.status, 200);
      assert.deepEqual(many.json.clusters, [C1]);
      assert.deepEqual(many.json.errors, [C3]);
      const post = await stack.request('POST', '/api/v1/clusters/reports', { org: ORG, body: { clusters: [C1] } });
      assert.equal(post.status, 200);
      assert.deepEqual(post.json.clusters, [C1]);
    });

    it("the aggregator's 404 for an unknown cluster is passed through", async () => {
      const res = await stack.request('GET', `/api/v2/cluster/${C3}/reports`, { org: ORG });
      assert.equal(res.status, 404);
      assert.match(res.json.status, new RegExp(C3));
    });

    it('v2 clusters view: every AMS cluster, pre-filled severities, managed filter, versions', async () => {
      const res = await stack.request('GET', '/api/v2/clusters', { org: ORG });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.meta.count, 3);
      const byId = Object.fromEntries(res.json.data.map((c: { cluster_id: string }) => [c.cluster_id, c]));
      assert.deepEqual(byId[C1].hits_by_total_risk, { 1: 0, 2: 1, 4: 1 });
      assert.equal(byId[C1].total_hit_count, 2, 'the internal rule is not counted');
      assert.equal(byId[C1].cluster_version, '4.14.6');
      assert.equal(byId[C2].total_hit_count, 1, 'managed: osd_customer only');
      assert.equal(byId[C3].total_hit_count, 0);
      assert.equal(byId[C3].last_checked_at, undefined);
      assert.equal(byId[C3].cluster_name, C3, 'empty display name is the ID');
      assert.equal(byId[C4], undefined);
      // Written a row at a time: the bytes are still Go's marshalling of the whole value.
      assert.equal(res.text, goJson(res.json));
    });

    it('v1 org clusters and org_overview', async () => {
      const list = await stack.request('GET', `/api/v1/organizations/${ORG}/clusters`, { org: ORG });
      assert.equal(list.status, 200);
      assert.deepEqual(list.json.clusters.sort(), [C1, C2, C3].sort());
      const other = await stack.request('GET', '/api/v1/organizations/5/clusters', { org: ORG });
      assert.equal(other.status, 403);
      const overview = await stack.request('GET', '/api/v1/org_overview', { org: ORG });
      assert.equal(overview.status, 200, overview.text);
      assert.equal(overview.json.overview.clusters_hit, 2);
      assert.deepEqual(overview.json.overview.hit_by_risk, { 2: 2, 4: 2 }, 'rule hits, internal ones included (V1-14)');
      assert.equal(overview.json.overview.hit_by_tag.performance, 1);
    });
  });
}
