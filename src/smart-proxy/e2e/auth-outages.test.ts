// @requires postgres
// @requires redis
/**
 * Identity, RBAC, metrics, routing conventions, bad input and outages end to end (spec 2.4, 2.5, 3.3,
 * Part 7 points 2, 8, 9, 10): the real aggregator and content service processes, the AMS and RBAC fakes.
 * The outage cases stop and restart the upstream processes on the same ports while the proxy runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { NODES, NODES_EK } from '#test/helpers/proxy/content-fixture.js';
import { C1, ORG, seedAggregator, seedAms } from '#test/helpers/proxy/seed.js';
import { Stack } from '#test/helpers/proxy/stack.js';

const b64 = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64');
const serviceAccount = (clientId: string) =>
  b64({
    identity: {
      account_number: '1',
      org_id: String(ORG),
      type: 'ServiceAccount',
      service_account: { client_id: clientId, username: clientId },
    },
  });

async function until(what: string, check: () => Promise<boolean>, attempts = 600): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} never happened`);
}

describe('smart proxy: auth, RBAC, conventions, bad input, outages', () => {
  let stack: Stack;
  before(async () => {
    stack = await Stack.start({ create: createPostgresDatabase }, seedAggregator, {
      configure: (c) => {
        c.server.use_rbac = true;
        c.rbac.enforce = true;
        c.server.enable_cors = true;
        c.services.groups_poll_time = 300;
      },
    });
    seedAms(stack.ams);
    const many = Array.from({ length: 150 }, (_, i) => `ocp-advisor:thing-${i}:read`);
    many[120] = 'ocp-advisor:recommendation-results:read';
    stack.rbac.permissions.set('allowed-sa', many);
    stack.rbac.permissions.set('denied-sa', ['ocp-advisor:something-else:read', 'inventory:*:*']);
  });
  after(() => stack?.close());

  it('identity failures are 403 with the upstream texts', async () => {
    const missing = await stack.request('GET', '/api/v2/clusters');
    assert.equal(missing.status, 403);
    assert.equal(missing.json.status, 'Missing auth token');
    const malformed = await stack.request('GET', '/api/v2/clusters', { identity: 'not base64!' });
    assert.equal(malformed.status, 403);
    assert.equal(malformed.json.status, 'Malformed authentication token');
    const noOrg = await stack.request('GET', '/api/v2/clusters', {
      identity: b64({ identity: { account_number: '7', user: { user_id: '1' } } }),
    });
    assert.equal(noOrg.status, 403);
    assert.match(noOrg.json.status, /^error retrieving requester org_id from token\. account_number \[7\]/);
  });

  it('exempt paths: v1 metrics, openapi.json, info; v2 metrics and info with a query need an identity', async () => {
    assert.equal((await stack.request('GET', '/api/v1/metrics')).status, 200);
    assert.equal((await stack.request('GET', '/api/v1/openapi.json')).status, 200);
    assert.equal((await stack.request('GET', '/api/v2/openapi.json')).status, 200);
    const info = await stack.request('GET', '/api/v1/info');
    assert.equal(info.status, 200);
    assert.deepEqual(Object.keys(info.json.info), ['SmartProxy', 'Aggregator', 'ContentService']);
    assert.equal(info.json.info.Aggregator.status, 'ok');
    assert.equal(info.json.info.ContentService.status, 'ok');
    assert.equal((await stack.request('GET', '/api/v2/metrics')).status, 403);
    assert.equal((await stack.request('GET', '/api/v1/info?x=1')).status, 403);
  });

  it('RBAC: a service account with the permission (second page) passes, one without is refused; users pass', async () => {
    const ok = await stack.request('GET', '/api/v2/clusters', { identity: serviceAccount('allowed-sa') });
    assert.equal(ok.status, 200, ok.text);
    const pages = stack.rbac.server.requests.filter((r) => r.url.pathname.endsWith('/access/'));
    assert.ok(
      pages.some((r) => r.url.searchParams.get('offset') === '100'),
      'followed links.next',
    );
    const denied = await stack.request('GET', '/api/v2/clusters', { identity: serviceAccount('denied-sa') });
    assert.equal(denied.status, 403);
    assert.equal(denied.json.status, 'Account does not have the required permissions');
    const user = await stack.request('GET', '/api/v2/clusters', { org: ORG, headers: { 'user-agent': 'curl/8.0' } });
    assert.equal(user.status, 200);
    const metrics = (await stack.request('GET', '/api/v1/metrics')).text;
    assert.match(metrics, /smart_proxy_rbac_service_accounts_rejected 1|\nrbac_service_accounts_rejected 1/);
    assert.match(metrics, /rbac_identity_type\{type="ServiceAccount"\} 2/);
    assert.match(metrics, /api_endpoints_user_agent\{endpoint="\/api\/v2\/clusters",user_agent="curl"\} 1/);
    assert.match(metrics, /api_endpoints_requests\{endpoint="\/api\/v2\/clusters"\}/);
  });

  it('CORS preflight on every route, 301 for a trailing slash, 405 for a wrong method', async () => {
    for (const path of ['/api/v2/rule', '/api/v2/ack', '/api/v2/clusters', `/api/v2/cluster/${C1}/reports`]) {
      const res = await stack.request('OPTIONS', path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    }
    const slash = await stack.request('GET', '/api/v2/clusters/', { org: ORG });
    assert.equal(slash.status, 301);
    assert.equal(slash.headers.get('location'), '/api/v2/clusters');
    assert.equal((await stack.request('DELETE', '/api/v2/clusters', { org: ORG })).status, 405);
  });

  it('bad input gives 4xx with the contract text and changes nothing upstream', async () => {
    const before = stack.aggregator.output.length;
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/v2/cluster/foo/reports'],
      ['GET', '/api/v1/clusters/foo/report'],
      ['GET', `/api/v1/clusters/${C1},nope/reports`],
      ['GET', '/api/v2/rule/bad id/content'],
      ['GET', '/api/v2/rule/a.b|c|d'],
      ['GET', '/api/v2/ack/not-composite'],
      ['PUT', `/api/v1/clusters/${C1}/rules/bad-rule!/error_key/EK/like`],
      ['POST', '/api/v2/rating', '[1,2'],
      ['POST', '/api/v2/ack', '{"rule_id":"x y|z"}'],
      ['POST', '/api/v1/clusters/reports'],
      ['GET', '/api/v1/organizations/abc/clusters'],
      ['GET', '/api/v1/organizations/0/clusters'],
      ['GET', '/api/v2/rule?impacting=2'],
      ['GET', `/api/v2/namespaces/dvo/${'n'.repeat(300)}/cluster/${C1}`],
    ];
    for (const [method, path, body] of cases) {
      const res = await stack.request(method, path, { org: ORG, body: body as string | undefined });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status} ${res.text}`);
    }
    const uuid = await stack.request('GET', '/api/v2/cluster/foo/reports', { org: ORG });
    assert.equal(uuid.json.status, "Error during parsing param 'cluster' with value 'foo'. Error: 'invalid UUID length: 3'");
    const acks = await stack.request('GET', '/api/v2/ack', { org: ORG });
    assert.equal(acks.json.meta.count, 0, 'no ack was written');
    assert.equal(stack.aggregator.output.slice(before).includes('"level":50'), false);
  });

  it('auth off: content routes work, org-bound routes answer 403 token is not provided', async () => {
    const open = await stack.launchProxy({ auth: false });
    try {
      const content = await stack.request('GET', `/api/v2/rule/${NODES}|${NODES_EK}/content`, { base: open.url });
      assert.equal(content.status, 200, content.text);
      const report = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { base: open.url });
      assert.equal(report.status, 403);
      assert.equal(report.json.status, 'token is not provided');
    } finally {
      await open.proxy.stop();
    }
  });

  it('aggregator stopped: 503 with the contract text, then normal answers without a proxy restart', async () => {
    await stack.aggregator.stop();
    const down = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG });
    assert.equal(down.status, 503);
    assert.equal(down.json.status, 'Aggregator service is unreachable');
    const vote = await stack.request('PUT', `/api/v1/clusters/${C1}/rules/${NODES}.report/error_key/${NODES_EK}/like`, { org: ORG });
    assert.equal(vote.status, 503);
    const info = await stack.request('GET', '/api/v1/info');
    assert.equal(info.status, 200);
    assert.equal(info.json.info.Aggregator.status, 'Aggregator service is unreachable');
    await stack.aggregator.start();
    const back = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG });
    assert.equal(back.status, 200, back.text);
  });

  it('content service stopped: content served from the last good copy, groups 503, then back', async () => {
    await stack.content.stop();
    await until('groups fail', async () => (await stack.request('GET', '/api/v2/groups', { org: ORG })).status === 503);
    const groups = await stack.request('GET', '/api/v2/groups', { org: ORG });
    assert.equal(groups.json.status, 'Content service is unreachable');
    const report = await stack.request('GET', `/api/v2/cluster/${C1}/reports`, { org: ORG });
    assert.equal(report.status, 200);
    assert.equal(report.json.report.data.length, 3, 'last good content');
    await stack.content.start();
    await until('groups back', async () => (await stack.request('GET', '/api/v2/groups', { org: ORG })).status === 200);
  });

  it('AMS unreachable: 503 AMS API is unreachable, then back', async () => {
    await stack.ams.server.stop();
    const down = await stack.request('GET', '/api/v2/clusters', { org: ORG });
    assert.equal(down.status, 503);
    assert.equal(down.json.status, 'AMS API is unreachable');
    await stack.ams.server.start();
    assert.equal((await stack.request('GET', '/api/v2/clusters', { org: ORG })).status, 200);
  });

  it('cold start: 503 after content_directory_timeout; a waiting request is woken by the first load', async () => {
    await stack.content.stop();
    const cold = await stack.launchProxy({ configure: (c) => (c.services.content_directory_timeout = 200) });
    try {
      const res = await stack.request('GET', '/api/v2/content', { org: ORG, base: cold.url });
      assert.equal(res.status, 503);
      assert.equal(res.json.status, 'Content directory cache has been empty for too long time; timeout triggered');
    } finally {
      await cold.proxy.stop();
    }
    const waiting = await stack.launchProxy({
      configure: (c) => {
        c.services.content_directory_timeout = 600_000;
        c.services.groups_poll_time = 200;
      },
    });
    try {
      const pending = stack.request('GET', '/api/v2/content', { org: ORG, base: waiting.url });
      await stack.content.start();
      const res = await pending;
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.content.length, 4, 'every rule: no internal-rule gate here');
    } finally {
      await waiting.proxy.stop();
    }
  });
});
