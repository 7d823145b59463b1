/**
 * The AMS fake keeps its search answers as bytes (test/fakes/ams.ts): they must follow the data (pushes,
 * addOrg, changed()) and keep paging and filters.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeAms } from './ams.js';

const ams = new FakeAms();
let token = '';

before(async () => {
  await ams.server.start();
  ams.addOrg(7, 'int-7');
  for (let i = 0; i < 5; i++) ams.subscriptions.push({ organization_id: 'int-7', external_cluster_id: `c${i}`, cluster_id: `id${i}` });
  const res = await fetch(ams.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'proxy-client', client_secret: 'proxy-secret' }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
after(() => ams.server.stop());

async function get(path: string, query: Record<string, string>) {
  const res = await fetch(`${ams.url}/api/accounts_mgmt/v1/${path}?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.headers.get('content-type'), 'application/json');
  return { status: res.status, body: (await res.json()) as { total: number; size: number; items: Record<string, unknown>[] } };
}

const orgSearch = { search: "organization_id in ('int-7') and cluster_id != ''", size: '2', page: '2' };

test('a repeated search gives the same answer, paged', async () => {
  const first = await get('subscriptions', orgSearch);
  const second = await get('subscriptions', orgSearch);
  assert.deepEqual(second, first);
  assert.equal(first.body.total, 5);
  assert.deepEqual(
    first.body.items.map((i) => i.external_cluster_id),
    ['c2', 'c3'],
  );
});

test('a pushed subscription and a new org show in the next answers', async () => {
  ams.subscriptions.push({ organization_id: 'int-7', external_cluster_id: 'c5', cluster_id: 'id5' });
  assert.equal((await get('subscriptions', orgSearch)).body.total, 6);
  assert.equal((await get('organizations', { search: 'external_id = 8' })).body.size, 0);
  ams.addOrg(8, 'int-8');
  assert.deepEqual(
    (await get('organizations', { search: 'external_id = 8' })).body.items.map((i) => i.id),
    ['int-8'],
  );
});

test('an entry edited in place shows after changed()', async () => {
  const one = { search: "external_cluster_id = 'c1'" };
  assert.equal((await get('subscriptions', one)).body.items[0]?.display_name, '');
  const sub = ams.subscriptions.find((s) => s.external_cluster_id === 'c1');
  assert.ok(sub);
  sub.display_name = 'renamed';
  ams.changed();
  assert.equal((await get('subscriptions', one)).body.items[0]?.display_name, 'renamed');
});

test('a request without a valid token is refused, cached answers or not', async () => {
  const res = await fetch(`${ams.url}/api/accounts_mgmt/v1/subscriptions?${new URLSearchParams(orgSearch)}`, {
    headers: { authorization: 'Bearer nope' },
  });
  assert.equal(res.status, 401);
});
