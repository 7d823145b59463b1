// @requires postgres
/**
 * `PUT .../organizations/{org_id}/disable|enable` and `POST .../users/{user_id}/disable_feedback`
 * (spec 4.4.5), auth off, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
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
  feedbackPath,
  parserMessage,
  rawRequest,
  rowCounts,
  seedClusters,
  togglePath,
} from '../votes/test-helpers/fixtures.js';

/** Spec 4.1's error texts, literally (not the implementation's constants). */
const NO_BODY = "client didn't provide request body";
const BAD_JSON_TYPE = 'bad type in json data';

const BASE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}';
const DISABLE = `${BASE}/disable`;
const ENABLE = `${BASE}/enable`;
const FEEDBACK = `${BASE}/users/{user_id}/disable_feedback`;

for (const backend of backends) {
  describe(`per-cluster toggles (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: false });
      await seedClusters(api.db);
    });
    after(() => api?.close());

    const toggles = (cluster: string) =>
      api.db.kysely
        .selectFrom('cluster_rule_toggle')
        .selectAll()
        .where('cluster_id', '=', cluster)
        .orderBy('rule_id')
        .orderBy('error_key')
        .execute();

    it('disable inserts (disabled=1, disabled_at=now, enabled_at NULL); enable flips it on the same row', async () => {
      const res = await api.request('PUT', togglePath('disable', { cluster: C1 }));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(res.text, '{"status":"ok"}\n');
      assertMatchesOpenApi('put', DISABLE, res);
      let rows = await toggles(C1);
      assert.equal(rows.length, 1);
      assert.deepEqual(
        {
          rule: rows[0].rule_id,
          key: rows[0].error_key,
          org: rows[0].org_id,
          disabled: Number(rows[0].disabled),
          enabledAt: rows[0].enabled_at,
        },
        { rule: RULE, key: KEY, org: '1', disabled: 1, enabledAt: null },
      );
      assert.equal(rows[0].disabled_at, rows[0].updated_at);
      const disabledAt = rows[0].disabled_at;

      await new Promise((r) => setTimeout(r, 5));
      const enable = await api.request('PUT', togglePath('enable', { cluster: C1, org: 3 }));
      assert.equal(enable.status, 200);
      assertMatchesOpenApi('put', ENABLE, enable);
      rows = await toggles(C1);
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0].disabled), 0);
      assert.equal(rows[0].disabled_at, null);
      assert.equal(rows[0].enabled_at, rows[0].updated_at);
      assert.ok(String(rows[0].updated_at) > String(disabledAt));
      assert.equal(rows[0].org_id, '3', 'org_id is set from the path on every toggle');

      assert.equal((await api.request('PUT', togglePath('disable', { cluster: C1 }))).status, 200);
      rows = await toggles(C1);
      assert.equal(Number(rows[0].disabled), 1);
      assert.equal(rows[0].enabled_at, null);
      assert.notEqual(rows[0].disabled_at, null);
    });

    it('enable without a previous disable inserts an enabled row; toggles are per (cluster, rule_id, error_key)', async () => {
      assert.equal((await api.request('PUT', togglePath('enable', { cluster: C2 }))).status, 200);
      assert.equal((await api.request('PUT', togglePath('disable', { cluster: C2, key: KEY2 }))).status, 200);
      assert.equal((await api.request('PUT', togglePath('disable', { cluster: C2, rule: RULE2, key: KEY2 }))).status, 200);
      const rows = await toggles(C2);
      assert.deepEqual(
        rows.map((r) => [r.rule_id, r.error_key, Number(r.disabled)]),
        [
          [RULE2, KEY2, 1],
          [RULE, KEY2, 1],
          [RULE, KEY, 0],
        ],
      );
    });

    it('toggle validation order: cluster, rule_id, existence (404), org_id (auth off); nothing changes', async () => {
      const cases: [Record<string, string>, number, string][] = [
        [
          { cluster: 'aaaa', rule: 'x-y', org: '0' },
          400,
          "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'",
        ],
        [
          { cluster: UNKNOWN, rule: 'x-y', org: '0' },
          400,
          `Error during parsing param 'rule_id' with value 'x-y'. Error: '${INVALID_RULE_ID}'`,
        ],
        [{ cluster: UNKNOWN, org: '0' }, 404, `Item with ID ${UNKNOWN} was not found in the storage`],
        [{ cluster: C3, org: '0' }, 400, "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'"],
        [{ cluster: C3, org: 'abc' }, 400, "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'"],
        [{ cluster: C3, org: '99999999999' }, 400, 'value 99999999999 out of range for uint32'],
      ];
      const counts = await rowCounts(api.db);
      for (const action of ['disable', 'enable'] as const) {
        for (const [target, status, text] of cases) {
          const res = await api.request('PUT', togglePath(action, target));
          assert.equal(res.status, status, `${action} ${JSON.stringify(target)}: ${res.text}`);
          assert.deepEqual(res.json, { status: text });
          assertMatchesOpenApi('put', action === 'disable' ? DISABLE : ENABLE, res);
        }
      }
      assert.deepEqual(await rowCounts(api.db), counts);
    });

    it('OPTIONS on disable/enable is a preflight; the body of a toggle is ignored; > 1 MiB gives 413', async () => {
      const counts = await rowCounts(api.db);
      for (const action of ['disable', 'enable'] as const) {
        const res = await rawRequest(api, 'OPTIONS', togglePath(action, { cluster: C3 }));
        assert.equal(res.status, 200);
        assert.equal(res.text, '');
        const huge = await rawRequest(api, 'PUT', togglePath(action, { cluster: C3 }), { body: 'x'.repeat(1024 * 1024 + 1) });
        assert.equal(huge.status, 413);
        assertMatchesOpenApi('put', action === 'disable' ? DISABLE : ENABLE, huge);
      }
      assert.deepEqual(await rowCounts(api.db), counts);
      const withBody = await rawRequest(api, 'PUT', togglePath('disable', { cluster: C3 }), { body: 'not json' });
      assert.equal(withBody.status, 200);
    });

    it('disable_feedback stores the message, echoes it, updates on conflict and counts feedback', async () => {
      const metric = await feedbackCount(api);
      const res = await api.request('POST', feedbackPath({ cluster: C1, user: '7' }), { body: { message: 'not <relevant> & old' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(res.text, '{"message":"not \\u003crelevant\\u003e \\u0026 old","status":"ok"}\n');
      assertMatchesOpenApi('post', FEEDBACK, res);
      const read = () => api.db.kysely.selectFrom('cluster_user_rule_disable_feedback').selectAll().where('cluster_id', '=', C1).execute();
      let rows = await read();
      assert.equal(rows.length, 1);
      assert.deepEqual(
        { rule: rows[0].rule_id, key: rows[0].error_key, user: rows[0].user_id, org: rows[0].org_id, message: rows[0].message },
        { rule: RULE, key: KEY, user: '7', org: '1', message: 'not <relevant> & old' },
      );
      assert.equal(rows[0].added_at, rows[0].updated_at);
      const added = rows[0].added_at;
      await new Promise((r) => setTimeout(r, 5));
      const again = await api.request('POST', feedbackPath({ cluster: C1, user: '7', org: 5 }), { body: { Message: 'second' } });
      assert.deepEqual(again.json, { message: 'second', status: 'ok' });
      rows = await read();
      assert.equal(rows.length, 1);
      assert.equal(rows[0].message, 'second');
      assert.equal(rows[0].added_at, added);
      assert.equal(rows[0].org_id, '1', 'org_id is set on insert only');
      assert.ok(String(rows[0].updated_at) > String(added));
      assert.equal(await feedbackCount(api), metric + 2);
      const empty = await api.request('POST', feedbackPath({ cluster: C1, user: '8' }), { body: '{}' });
      assert.deepEqual(empty.json, { message: '', status: 'ok' });
    });

    it('disable_feedback validation order: cluster, rule_id, existence, user_id, org_id, then the required body', async () => {
      const bad = { cluster: 'aaaa', rule: 'x y', user: '  ', org: '-5' };
      const cases: [Record<string, string>, string | undefined, number, string][] = [
        [bad, undefined, 400, "Error during parsing param 'cluster' with value 'aaaa'. Error: 'invalid UUID length: 4'"],
        [
          { ...bad, cluster: UNKNOWN },
          undefined,
          400,
          `Error during parsing param 'rule_id' with value 'x y'. Error: '${INVALID_RULE_ID}'`,
        ],
        [{ ...bad, cluster: UNKNOWN, rule: RULE }, undefined, 404, `Item with ID ${UNKNOWN} was not found in the storage`],
        [{ ...bad, cluster: C3, rule: RULE }, undefined, 400, 'Missing required param from request: user_id'],
        [
          { cluster: C3, user: 'u', org: '-5' },
          undefined,
          400,
          "Error during parsing param 'org_id' with value '-5'. Error: 'unsigned integer expected'",
        ],
        [{ cluster: C3, user: 'u' }, undefined, 400, NO_BODY],
        [{ cluster: C3, user: 'u' }, '', 400, NO_BODY],
        [{ cluster: C3, user: 'u' }, '{"message":"abc', 400, parserMessage('{"message":"abc')],
        [{ cluster: C3, user: 'u' }, '["a"]', 400, BAD_JSON_TYPE],
        [{ cluster: C3, user: 'u' }, '{"message":true}', 400, BAD_JSON_TYPE],
        [
          { cluster: C3, user: 'u' },
          JSON.stringify({ message: 'ü'.repeat(128) }),
          400,
          `Error during validating param 'message' with value '${'ü'.repeat(127)}\uFFFD...'. Error: 'feedback message is longer than 255 bytes'`,
        ],
      ];
      const counts = await rowCounts(api.db);
      const metric = await feedbackCount(api);
      for (const [target, body, status, text] of cases) {
        const res = await rawRequest(api, 'POST', feedbackPath(target), { body });
        assert.equal(res.status, status, `${JSON.stringify(target)} ${body}: ${res.text}`);
        assert.deepEqual(res.json, { status: text });
        assertMatchesOpenApi('post', FEEDBACK, res);
      }
      const huge = await rawRequest(api, 'POST', feedbackPath({ cluster: C3 }), {
        body: JSON.stringify({ message: 'y'.repeat(1024 * 1024 + 1) }),
      });
      assert.equal(huge.status, 413);
      assertMatchesOpenApi('post', FEEDBACK, huge);
      assert.deepEqual(await rowCounts(api.db), counts);
      assert.equal(await feedbackCount(api), metric);
    });

    it('disable_feedback has no OPTIONS route and other methods give 405', async () => {
      assert.equal((await rawRequest(api, 'OPTIONS', feedbackPath())).status, 405);
      assert.equal((await api.request('PUT', feedbackPath())).status, 405);
      assert.equal((await api.request('GET', togglePath('disable'))).status, 405);
    });
  });
}
