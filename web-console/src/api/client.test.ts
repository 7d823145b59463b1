// The typed client against the contract: exact paths, methods, bodies and headers (a recording fetch), and its
// answers and errors against the dev data server speaking the proxy contract over real HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type DataServer, startDataServer } from '../../dev/server.ts';
import { ApiError, encodeIdentity, ProxyClient, reportRuleId, splitRuleId } from './client.ts';

const RULE = 'ccx_rules_ocp.external.rules.nodes_requirements_check|NODES_MINIMUM_REQUIREMENTS_NOT_MET';
const CLUSTER = '34c3ecc5-624a-49a5-bab8-4fdc5e51a266';
const identity = { org_id: '1', user_id: '42' };

let server: DataServer;
before(async () => {
  server = await startDataServer();
});
after(() => server.close());

function recording(status = 200, body = '{}') {
  const calls: { url: string; method: string; body?: string; headers: Record<string, string> }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      body: init.body as string | undefined,
      headers: init.headers as Record<string, string>,
    });
    return new Response(status === 204 ? null : body, { status });
  }) as typeof globalThis.fetch;
  return { calls, client: new ProxyClient({ fetch, identity }) };
}

test('paths follow the Advisor UI calls of spec Part 7 point 12, under the upstream prefixes', async () => {
  const { calls, client } = recording();
  await client.recommendations(true);
  await client.recommendation(RULE);
  await client.clustersDetail(RULE);
  await client.clusters();
  await client.clusterReport(CLUSTER);
  await client.gatheringRequests(CLUSTER);
  await client.createAck(RULE, 'why');
  await client.rate(RULE, -1);
  await client.clusterRule(CLUSTER, RULE, 'disable');
  await client.disableFeedback(CLUSTER, RULE, 'noise');
  await client.clusterRule(CLUSTER, `${RULE.replace('|', '.report|')}`, 'like');
  const v1 = '/api/insights-results-aggregator/v1/';
  const v2 = '/api/insights-results-aggregator/v2/';
  const enc = encodeURIComponent(RULE);
  const toggles = `${v1}clusters/${CLUSTER}/rules/ccx_rules_ocp.external.rules.nodes_requirements_check.report/error_key/NODES_MINIMUM_REQUIREMENTS_NOT_MET`;
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.url}`),
    [
      `GET ${v2}rule?impacting=true`,
      `GET ${v2}rule/${enc}`,
      `GET ${v2}rule/${enc}/clusters_detail`,
      `GET ${v2}clusters`,
      `GET ${v2}cluster/${CLUSTER}/reports?get_disabled=false`,
      `GET ${v2}cluster/${CLUSTER}/requests`,
      `POST ${v2}ack`,
      `POST ${v2}rating`,
      `PUT ${toggles}/disable`,
      `POST ${toggles}/disable_feedback`,
      `PUT ${toggles}/like`,
    ],
  );
  assert.deepEqual(JSON.parse(calls[6]!.body!), { rule_id: RULE, justification: 'why' });
  assert.deepEqual(JSON.parse(calls[7]!.body!), { rule: RULE, rating: -1 });
  assert.deepEqual(JSON.parse(calls[9]!.body!), { message: 'noise' });
  assert.equal(calls[6]!.headers['content-type'], 'application/json');
  const decoded = JSON.parse(Buffer.from(calls[0]!.headers['x-rh-identity']!, 'base64').toString('utf8'));
  assert.equal(decoded.identity.org_id, '1');
  assert.equal(decoded.identity.user.user_id, '42');
});

test('workloads (v2 namespaces/dvo) and the upload (ingress, multipart `file` of the IO content type)', async () => {
  const { calls, client } = recording();
  await client.workloads();
  await client.workload('ns uid/1', CLUSTER);
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.url}`),
    [
      'GET /api/insights-results-aggregator/v2/namespaces/dvo',
      `GET /api/insights-results-aggregator/v2/namespaces/dvo/ns%20uid%2F1/cluster/${CLUSTER}`,
    ],
  );
  const sent: { url: string; init: RequestInit }[] = [];
  const uploader = new ProxyClient({
    identity,
    uploadPath: '/upload-here',
    fetch: (async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response('{"request_id":"abc","upload":{"org_id":"1"}}', { status: 202 });
    }) as typeof fetch,
  });
  assert.deepEqual(await uploader.upload(new Blob(['bytes']), 'io.tar.gz'), { request_id: 'abc', upload: { org_id: '1' } });
  assert.equal(sent[0]!.url, '/upload-here');
  assert.equal(sent[0]!.init.method, 'POST');
  const file = (sent[0]!.init.body as FormData).get('file') as File;
  assert.equal(file.type, 'application/vnd.redhat.openshift.periodic+tar');
  assert.equal(file.name, 'io.tar.gz');
  assert.equal(await file.text(), 'bytes');
  assert.ok((sent[0]!.init.headers as Record<string, string>)['x-rh-identity'], 'the identity goes to the ingress too');
  const refused = new ProxyClient({
    fetch: (async () => new Response('{"status":"Upload type not supported"}', { status: 415 })) as typeof fetch,
  });
  await assert.rejects(refused.upload(new Blob(['x'])), (e: ApiError) => e.httpStatus === 415 && e.service === 'The upload endpoint');
  const down = new ProxyClient({ fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch });
  await assert.rejects(
    down.upload(new Blob(['x'])),
    (e: ApiError) => e.kind === 'unreachable' && e.transient && /upload endpoint/.test(e.message),
  );
});

test('configurable prefixes; no identity header when none is configured', async () => {
  const calls: string[] = [];
  const headers: Record<string, string>[] = [];
  const client = new ProxyClient({
    v1Prefix: '/api/v1',
    v2Prefix: '/api/v2/',
    fetch: (async (url: string, init: RequestInit) => {
      calls.push(url);
      headers.push(init.headers as Record<string, string>);
      return new Response('{}');
    }) as typeof fetch,
  });
  await client.clusters();
  await client.clusterRule(CLUSTER, RULE, 'enable');
  assert.equal(calls[0], '/api/v2/clusters');
  assert.match(calls[1]!, /^\/api\/v1\/clusters\/.*\/enable$/);
  assert.equal(headers[0]!['x-rh-identity'], undefined);
});

test('errors: the proxy status text, plain-text bodies, unreachable; 404 ack and requests are null', async () => {
  const json = recording(503, '{"status":"Aggregator service is unreachable"}');
  const e1 = await json.client.clusters().catch((e: unknown) => e);
  assert.ok(e1 instanceof ApiError);
  assert.equal(e1.kind, 'http');
  assert.equal(e1.serviceUnavailable, true);
  assert.equal(e1.message, 'Aggregator service is unreachable');
  const text = recording(400, "invalid character 'x' looking for beginning of value\n");
  const e2 = await text.client.createAck(RULE, '').catch((e: unknown) => e);
  assert.ok(e2 instanceof ApiError);
  assert.equal(e2.message, "invalid character 'x' looking for beginning of value");
  const down = new ProxyClient({ fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch });
  const e3 = await down.clusters().catch((e: unknown) => e);
  assert.ok(e3 instanceof ApiError);
  assert.equal(e3.kind, 'unreachable');
  assert.equal(await recording(404, '').client.ack(RULE), null);
  assert.equal(await recording(404, '{"status":"Requests for cluster not found"}').client.gatheringRequests(CLUSTER), null);
  await assert.rejects(recording(500, '').client.ack(RULE), ApiError);
});

test('against the data server: ack, per-cluster disable and votes change what the lists say', async () => {
  const client = new ProxyClient({ origin: server.url, identity });
  const count = async () => (await client.recommendations()).recommendations!.find((r) => r.rule_id === RULE)!.impacted_clusters_count;
  assert.equal(await count(), 2);
  await client.clusterRule(CLUSTER, RULE, 'disable');
  await client.disableFeedback(CLUSTER, RULE, 'not for this one');
  assert.equal(await count(), 1);
  const detail = await client.clustersDetail(RULE);
  assert.deepEqual(
    detail.data.disabled!.map((d) => [d.cluster_id, d.justification]),
    [[CLUSTER, 'not for this one']],
  );
  const report = await client.clusterReport(CLUSTER, true);
  const hit = report.report.data!.find((r) => reportRuleId(r) === RULE)!;
  assert.equal(hit.disabled, true);
  assert.equal(hit.rule_id, 'ccx_rules_ocp.external.rules.nodes_requirements_check.report');
  assert.equal(
    (await client.clusterReport(CLUSTER)).report.data!.some((r) => reportRuleId(r) === RULE),
    false,
  );
  await client.clusterRule(CLUSTER, RULE, 'enable');
  assert.equal(await count(), 2);

  assert.equal(await client.ack(RULE), null);
  const ack = await client.createAck(RULE, 'known');
  assert.equal(ack.rule, RULE);
  assert.equal(ack.created_by, '42');
  assert.equal((await client.recommendation(RULE)).content.disabled, true);
  assert.equal((await client.clustersDetail(RULE)).data.enabled!.length, 0);
  await client.deleteAck(RULE);
  assert.equal(await client.ack(RULE), null);

  assert.deepEqual(await client.rate(RULE, 1), { rule: RULE, rating: 1 });
  assert.equal((await client.recommendation(RULE)).content.rating, 1);
});

test('against the data server: identity required, bad IDs are 400, unknown cluster 404', async () => {
  const anonymous = new ProxyClient({ origin: server.url });
  await assert.rejects(anonymous.clusters(), (e: ApiError) => e.httpStatus === 403 && e.message === 'Missing auth token');
  const client = new ProxyClient({ origin: server.url, identity });
  await assert.rejects(client.clusterReport('not-a-uuid'), (e: ApiError) => e.httpStatus === 400);
  await assert.rejects(client.recommendation('no bar'), (e: ApiError) => e.httpStatus === 400);
  await assert.rejects(client.clusterReport('8f9e0d1c-2b3a-4c5d-8e7f-9a0b1c2d3e4f'), (e: ApiError) => e.httpStatus === 404);
  server.setMode('down');
  await assert.rejects(client.clusters(), (e: ApiError) => e.kind === 'unreachable');
  server.setMode('unavailable');
  await assert.rejects(client.clusters(), (e: ApiError) => e.serviceUnavailable);
  server.setMode('up');
  assert.equal((await client.clusters()).meta.count, 5);
});

test('rule ID helpers', () => {
  assert.deepEqual(splitRuleId('m.x.report|EK'), { module: 'm.x', errorKey: 'EK' });
  assert.throws(() => splitRuleId('m.x'));
  assert.equal(reportRuleId({ rule_id: 'm.x.report', extra_data: { error_key: 'EK' } }), 'm.x|EK');
  assert.equal(JSON.parse(atob(encodeIdentity({ org_id: '7', user_id: '1' }))).identity.org_id, '7');
});
