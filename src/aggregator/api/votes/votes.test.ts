// @requires postgres
/**
 * `PUT clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/users/{user_id}/like|dislike|reset_vote`
 * and the debug `GET .../users/{user_id}/get_vote` (spec 4.4.4), auth off, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { BAD_JSON_TYPE } from '#common/errors.js';
import {
  C1,
  C2,
  C3,
  INVALID_RULE_ID,
  KEY,
  KEY2,
  RULE,
  RULE2,
  UNKNOWN,
  feedbackCount,
  getVotePath,
  parserMessage,
  rawRequest,
  rowCounts,
  votePath,
} from './test-helpers/fixtures.js';
import { seedClusters } from './test-helpers/fixtures.js';

const BASE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/users/{user_id}';
const T = { like: `${BASE}/like`, dislike: `${BASE}/dislike`, reset_vote: `${BASE}/reset_vote` } as const;
const GET_VOTE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/users/{user_id}/get_vote';

for (const backend of backends) {
  describe(`votes (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false, debug: true });
      await seedClusters(api.db);
    });
    after(() => api?.close());

    const feedbackRows = (cluster: string) =>
      api.db.kysely
        .selectFrom('cluster_rule_user_feedback')
        .selectAll()
        .where('cluster_id', '=', cluster)
        .orderBy('rule_id')
        .orderBy('error_key')
        .orderBy('user_id')
        .execute();

    it('like stores vote 1 with the message, org_id as a decimal string, and counts feedback', async () => {
      const before = await feedbackCount(api);
      const res = await api.request('PUT', votePath('like', { cluster: C1, user: '42' }), { body: { message: 'useful <rule> & more' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(res.text, '{"status":"ok"}\n');
      assertMatchesOpenApi('put', T.like, res);
      const rows = await feedbackRows(C1);
      assert.equal(rows.length, 1);
      const row = rows[0];
      assert.deepEqual(
        {
          cluster: row.cluster_id,
          rule: row.rule_id,
          key: row.error_key,
          org: row.org_id,
          user: row.user_id,
          vote: Number(row.user_vote),
          message: row.message,
        },
        { cluster: C1, rule: RULE, key: KEY, org: '1', user: '42', vote: 1, message: 'useful <rule> & more' },
      );
      assert.equal(row.added_at, row.updated_at);
      assert.match(String(row.added_at), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
      assert.equal(await feedbackCount(api), before + 1);

      const vote = await api.request('GET', getVotePath({ cluster: C1, user: '42' }));
      assert.equal(vote.status, 200);
      assert.equal(vote.text, '{"status":"ok","vote":1}\n');
      assertMatchesOpenApi('get', GET_VOTE, vote);
    });

    it('dislike then reset_vote update the same row: vote, message and updated_at; added_at and org_id stay', async () => {
      assert.equal((await api.request('PUT', votePath('like', { cluster: C2, org: 1 }), { body: { message: 'first' } })).status, 200);
      const [first] = await feedbackRows(C2);
      await new Promise((r) => setTimeout(r, 5));
      const dislike = await api.request('PUT', votePath('dislike', { cluster: C2, org: 7 }), { body: { message: 'second' } });
      assert.equal(dislike.status, 200);
      assertMatchesOpenApi('put', T.dislike, dislike);
      let rows = await feedbackRows(C2);
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0].user_vote), -1);
      assert.equal(rows[0].message, 'second');
      assert.equal(rows[0].org_id, '1');
      assert.equal(rows[0].added_at, first.added_at);
      assert.ok(String(rows[0].updated_at) > String(first.updated_at));
      assert.equal((await api.request('GET', getVotePath({ cluster: C2 }))).json.vote, -1);

      const reset = await api.request('PUT', votePath('reset_vote', { cluster: C2 }));
      assert.equal(reset.status, 200);
      assertMatchesOpenApi('put', T.reset_vote, reset);
      rows = await feedbackRows(C2);
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0].user_vote), 0);
      assert.equal(rows[0].message, '', 'no body means message ""');
      assert.equal((await api.request('GET', getVotePath({ cluster: C2 }))).text, '{"status":"ok","vote":0}\n');
    });

    it('a vote is per (cluster, rule_id, error_key, user_id)', async () => {
      for (const t of [{ user: 'a' }, { user: 'b' }, { user: 'a', key: KEY2 }, { user: 'a', rule: RULE2, key: KEY2 }]) {
        assert.equal((await api.request('PUT', votePath('dislike', { cluster: C3, ...t }))).status, 200);
      }
      assert.equal((await api.request('PUT', votePath('like', { cluster: C3, user: 'b' }))).status, 200);
      const rows = await feedbackRows(C3);
      assert.deepEqual(
        rows.map((r) => [r.rule_id, r.error_key, r.user_id, Number(r.user_vote)]),
        [
          [RULE2, KEY2, 'a', -1],
          [RULE, KEY2, 'a', -1],
          [RULE, KEY, 'a', -1],
          [RULE, KEY, 'b', 1],
        ],
      );
    });

    it('the user_id is trimmed; the body may be empty, null, {} or carry a case-insensitive Message key', async () => {
      const cases: [string | undefined, string][] = [
        [undefined, ''],
        ['', ''],
        ['null', ''],
        ['{}', ''],
        ['{"Message":"cased"}', 'cased'],
        ['{"message":null}', ''],
      ];
      for (const [body, expected] of cases) {
        const res = await rawRequest(api, 'PUT', votePath('like', { cluster: C3, user: ' trimmed ' }), { body });
        assert.equal(res.status, 200, `${body}: ${res.text}`);
        const row = await api.db.kysely
          .selectFrom('cluster_rule_user_feedback')
          .selectAll()
          .where('cluster_id', '=', C3)
          .where('user_id', '=', 'trimmed')
          .executeTakeFirstOrThrow();
        assert.equal(row.message, expected);
      }
    });

    it('a message of exactly the limit (255 bytes) is accepted', async () => {
      const message = `${'é'.repeat(127)}x`;
      assert.equal(Buffer.byteLength(message), 255);
      const res = await api.request('PUT', votePath('like', { cluster: C1, user: 'limit' }), { body: { message } });
      assert.equal(res.status, 200);
    });

    it('validation order: cluster, rule_id, cluster existence (404), user_id, org_id, body', async () => {
      const bad = { cluster: 'aaaa', rule: 'bad-rule', user: ' ', org: 'x' };
      const cases: [Record<string, string>, number, string][] = [
        [bad, 400, "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'"],
        [{ ...bad, cluster: UNKNOWN }, 400, `Error during parsing param 'rule_id' with value 'bad-rule'. Error: '${INVALID_RULE_ID}'`],
        [{ ...bad, cluster: UNKNOWN, rule: RULE }, 404, `Item with ID ${UNKNOWN} was not found in the storage`],
        [{ ...bad, cluster: C1, rule: RULE }, 400, 'Missing required param from request: user_id'],
        [
          { cluster: C1, rule: RULE, user: '1', org: 'x' },
          400,
          "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'",
        ],
        [
          { cluster: C1, rule: RULE, user: '1', org: '-1' },
          400,
          "Error during parsing param 'org_id' with value '-1'. Error: 'unsigned integer expected'",
        ],
        [
          { cluster: C1, rule: RULE, user: '1', org: '0' },
          400,
          "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'",
        ],
        [{ cluster: C1, rule: RULE, user: '1', org: '4294967296' }, 400, 'value 4294967296 out of range for uint32'],
        [
          { cluster: '34c3ecc5-624a-49a5-bab8-4fdc5e51a26z', rule: RULE, user: '1', org: '1' },
          400,
          "Error during parsing param 'cluster' with value '34c3ecc5-624a-49a5-bab8-4fdc5e51a26z'. Error: 'invalid UUID format'",
        ],
      ];
      const counts = await rowCounts(api.db);
      for (const action of ['like', 'dislike', 'reset_vote'] as const) {
        for (const [target, status, text] of cases) {
          const res = await api.request('PUT', votePath(action, target), { body: '{"message":' });
          assert.equal(res.status, status, `${action} ${JSON.stringify(target)}: ${res.text}`);
          assert.deepEqual(res.json, { status: text });
          assertMatchesOpenApi('put', T[action], res);
        }
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it('body errors: too long (first N bytes + "..."), syntax errors, wrong JSON types, oversized', async () => {
      const long = 'a'.repeat(300);
      const cut = `${'x'.repeat(254)}€`; // the 3-byte character straddles the limit: its two kept bytes each render as U+FFFD
      const cases: [string, number, string][] = [
        [
          JSON.stringify({ message: long }),
          400,
          `Error during validating param 'message' with value '${'a'.repeat(255)}...'. Error: 'feedback message is longer than 255 bytes'`,
        ],
        [
          JSON.stringify({ message: cut }),
          400,
          `Error during validating param 'message' with value '${'x'.repeat(254)}\uFFFD...'. Error: 'feedback message is longer than 255 bytes'`,
        ],
        [
          JSON.stringify({ message: `${'x'.repeat(253)}€` }),
          400,
          `Error during validating param 'message' with value '${'x'.repeat(253)}\uFFFD\uFFFD...'. Error: 'feedback message is longer than 255 bytes'`,
        ],
        ['{"message":', 400, parserMessage('{"message":')],
        ['nope', 400, parserMessage('nope')],
        ['   ', 400, parserMessage('   ')],
        ['[1]', 400, BAD_JSON_TYPE],
        ['"text"', 400, BAD_JSON_TYPE],
        ['5', 400, BAD_JSON_TYPE],
        ['{"message":5}', 400, BAD_JSON_TYPE],
        ['{"message":["a"]}', 400, BAD_JSON_TYPE],
      ];
      const counts = await rowCounts(api.db);
      const metric = await feedbackCount(api);
      for (const [body, status, text] of cases) {
        const res = await rawRequest(api, 'PUT', votePath('like', { cluster: C1, user: 'body' }), { body });
        assert.equal(res.status, status, `${body.slice(0, 40)}: ${res.text}`);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('put', T.like, res);
      }
      const huge = await rawRequest(api, 'PUT', votePath('dislike', { cluster: C1, user: 'body' }), {
        body: JSON.stringify({ message: 'x'.repeat(1024 * 1024 + 1) }),
      });
      assert.equal(huge.status, 413);
      assertMatchesOpenApi('put', T.dislike, huge);
      assert.deepEqual(await rowCounts(api.db), counts);
      assert.equal(await feedbackCount(api), metric, 'a rejected vote is not counted');
    });

    it('OPTIONS is a CORS preflight: 200, empty body, no vote stored', async () => {
      const counts = await rowCounts(api.db);
      for (const action of ['like', 'dislike', 'reset_vote']) {
        const res = await rawRequest(api, 'OPTIONS', votePath(action, { cluster: C1, user: 'options' }));
        assert.equal(res.status, 200);
        assert.equal(res.text, '');
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it('wrong method: 405', async () => {
      assert.equal((await api.request('POST', votePath('like'))).status, 405);
      assert.equal((await api.request('GET', votePath('like'))).status, 405);
      assert.equal((await api.request('PUT', getVotePath())).status, 405);
    });

    it('get_vote: validation order cluster, rule_id, existence, user_id; no vote gives 404', async () => {
      const cases: [Record<string, string>, number, string][] = [
        [
          { cluster: 'aaaa', rule: 'a-b', user: ' ' },
          400,
          "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'",
        ],
        [
          { cluster: UNKNOWN, rule: 'a-b', user: ' ' },
          400,
          `Error during parsing param 'rule_id' with value 'a-b'. Error: '${INVALID_RULE_ID}'`,
        ],
        [{ cluster: UNKNOWN, user: ' ' }, 404, `Item with ID ${UNKNOWN} was not found in the storage`],
        [{ cluster: C1, user: ' ' }, 400, 'Missing required param from request: user_id'],
        [{ cluster: C1, user: 'nobody' }, 404, `Item with ID ${C1}/${RULE}/nobody was not found in the storage`],
        [{ cluster: C1, user: '42', key: 'OTHER_KEY' }, 404, `Item with ID ${C1}/${RULE}/42 was not found in the storage`],
      ];
      for (const [target, status, text] of cases) {
        const res = await api.request('GET', getVotePath(target));
        assert.equal(res.status, status, `${JSON.stringify(target)}: ${res.text}`);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('get', GET_VOTE, res);
      }
    });
  });
}
