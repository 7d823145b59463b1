// @requires postgres
/**
 * Votes with `server.auth` on (401, the 403 org check against the cluster's owner), with debug off
 * (no get_vote route), and SQL-injection strings in every path parameter and the body (spec 4.4.4).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import {
  C1,
  C2,
  C_OTHER,
  INJECTIONS,
  ORG,
  OTHER_ORG,
  RULE,
  feedbackCount,
  getVotePath,
  rawRequest,
  rowCounts,
  seedClusters,
  votePath,
} from './test-helpers/fixtures.js';

const BASE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/users/{user_id}';
const LIKE = `${BASE}/like`;
const GET_VOTE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/users/{user_id}/get_vote';
const mismatch = (owner: number, token: number) =>
  `you have no permissions to get or change info about the organization with ID ${owner}; you can access info about organization with ID ${token}`;
/** Ours (hardening): a foreign cluster's 403 does not name its owner. */
const foreign = (token: number) =>
  `you have no permissions to get or change info about this cluster; you can access info about organization with ID ${token}`;

for (const backend of backends) {
  describe(`votes with auth (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true, debug: true });
      await seedClusters(api.db);
    });
    after(() => api?.close());

    it('without identity: 401 Missing auth token, nothing stored', async () => {
      const counts = await rowCounts(api.db);
      for (const action of ['like', 'dislike', 'reset_vote']) {
        const res = await api.request('PUT', votePath(action), { body: { message: 'x' } });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi('put', `${BASE}/${action}`, res);
      }
      const res = await api.request('GET', getVotePath());
      assert.equal(res.status, 401);
      assertMatchesOpenApi('get', GET_VOTE, res);
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it('OPTIONS skips authentication but runs nothing', async () => {
      const counts = await rowCounts(api.db);
      const res = await rawRequest(api, 'OPTIONS', votePath('like'));
      assert.equal(res.status, 200);
      assert.equal(res.text, '');
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it("a token of another org than the cluster's owner: 403 without naming the owner's org, nothing stored", async () => {
      const counts = await rowCounts(api.db);
      const metric = await feedbackCount(api);
      for (const action of ['like', 'dislike', 'reset_vote']) {
        // The path org matching the token does not help: the owner of the cluster is what counts.
        const res = await api.request('PUT', votePath(action, { cluster: C1, org: OTHER_ORG }), { org: OTHER_ORG, body: { message: 'x' } });
        assert.equal(res.status, 403);
        assert.deepEqual(res.json, { status: foreign(OTHER_ORG) });
        assertMatchesOpenApi('put', `${BASE}/${action}`, res);
      }
      const other = await api.request('PUT', votePath('like', { cluster: C_OTHER, org: ORG }), { org: ORG });
      assert.equal(other.status, 403);
      assert.deepEqual(other.json, { status: foreign(ORG) });
      const vote = await api.request('GET', getVotePath({ cluster: C1 }), { org: OTHER_ORG });
      assert.equal(vote.status, 403);
      assert.deepEqual(vote.json, { status: foreign(OTHER_ORG) });
      assertMatchesOpenApi('get', GET_VOTE, vote);
      assert.deepEqual(await rowCounts(api.db), counts);
      assert.equal(await feedbackCount(api), metric);
    });

    it('an unparsable org_id comes first, then the org check (before the other parameters: ours), then the body', async () => {
      const cases: [Record<string, string | number>, string | undefined, number, string][] = [
        [{ org: 'x' }, undefined, 400, "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'"],
        [{ user: ' ' }, undefined, 403, mismatch(ORG, OTHER_ORG)],
        [{ rule: 'a b' }, undefined, 403, mismatch(ORG, OTHER_ORG)],
        [{}, '{"message":', 403, mismatch(ORG, OTHER_ORG)],
        [{}, JSON.stringify({ message: 'z'.repeat(256) }), 403, mismatch(ORG, OTHER_ORG)],
      ];
      for (const [target, body, status, text] of cases) {
        const res = await rawRequest(api, 'PUT', votePath('like', target), { org: OTHER_ORG, body });
        assert.equal(res.status, status, `${JSON.stringify(target)}: ${res.text}`);
        assert.deepEqual(res.json, { status: text });
      }
    });

    it("the owner's token may vote; the path user_id is what is stored, another org in the path is a 403", async () => {
      const elsewhere = await api.request('PUT', votePath('dislike', { cluster: C2, org: 99, user: 'path-user' }), { org: ORG });
      assert.equal(elsewhere.status, 403);
      assert.deepEqual(elsewhere.json, { status: mismatch(99, ORG) });
      const res = await api.request('PUT', votePath('dislike', { cluster: C2, org: ORG, user: 'path-user' }), {
        org: ORG,
        user: 'token-user',
        body: { message: 'm' },
      });
      assert.equal(res.status, 200);
      assertMatchesOpenApi('put', `${BASE}/dislike`, res);
      const row = await api.db.kysely
        .selectFrom('cluster_rule_user_feedback')
        .selectAll()
        .where('cluster_id', '=', C2)
        .executeTakeFirstOrThrow();
      assert.equal(row.user_id, 'path-user');
      assert.equal(row.org_id, String(ORG));
      const vote = await api.request('GET', getVotePath({ cluster: C2, user: 'path-user' }), { org: ORG });
      assert.deepEqual(vote.json, { status: 'ok', vote: -1 });
      assertMatchesOpenApi('get', GET_VOTE, vote);
    });

    it('SQL injection in validated path parameters (cluster, rule_id, org_id): 400, nothing changes', async () => {
      const counts = await rowCounts(api.db);
      for (const evil of INJECTIONS) {
        for (const target of [{ cluster: evil }, { rule: evil }, { org: evil }]) {
          const res = await api.request('PUT', votePath('like', target), { org: ORG });
          assert.equal(res.status, 400, `${JSON.stringify(target)}: ${res.text}`);
          assertMatchesOpenApi('put', LIKE, res);
        }
        const res = await api.request('GET', getVotePath({ rule: evil }), { org: ORG });
        assert.equal(res.status, 400);
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it('SQL injection in unvalidated values (error_key, user_id, message) is stored verbatim as data', async () => {
      const counts = await rowCounts(api.db);
      for (const evil of INJECTIONS) {
        const res = await api.request('PUT', votePath('like', { cluster: C1, key: evil, user: evil }), {
          org: ORG,
          body: { message: evil },
        });
        assert.equal(res.status, 200, res.text);
        const vote = await api.request('GET', getVotePath({ cluster: C1, key: evil, user: evil }), { org: ORG });
        assert.deepEqual(vote.json, { status: 'ok', vote: 1 });
      }
      const rows = await api.db.kysely.selectFrom('cluster_rule_user_feedback').selectAll().where('cluster_id', '=', C1).execute();
      assert.deepEqual(
        rows.map((r) => [r.rule_id, r.error_key, r.user_id, r.message]).sort(),
        INJECTIONS.map((e) => [RULE, e, e, e]).sort(),
      );
      const after = await rowCounts(api.db);
      assert.deepEqual({ ...after, cluster_rule_user_feedback: 0 }, { ...counts, cluster_rule_user_feedback: 0 });
      assert.equal(after.cluster_rule_user_feedback, counts.cluster_rule_user_feedback + INJECTIONS.length);
    });
  });

  describe(`votes with debug off (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false, debug: false });
      await seedClusters(api.db);
    });
    after(() => api?.close());

    it('get_vote is not registered; voting still works', async () => {
      assert.equal((await api.request('PUT', votePath('like'))).status, 200);
      const res = await api.request('GET', getVotePath());
      assert.equal(res.status, 404);
      assert.equal(res.text, '404 page not found\n');
    });
  });
}
