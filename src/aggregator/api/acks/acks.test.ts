// @requires postgres
/** Org-wide rule disables (spec 4.4.6): success paths, stored rows, response shapes. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '#test/helpers/databases.js';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { truncateBytes } from './routes.js';

/** One element of `disabledRules` as the assertions read it. */
interface DisabledRuleJson {
  org_id: number;
  user_id: string;
  rule_id: string;
  error_key: string;
  justification: string;
  created_at: { Valid: boolean };
  updated_at: { Valid: boolean };
}

const RULE = 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report';
const KEY = 'NODE_KUBELET_VERSION';
const sel = (org: number | string, rule = RULE, key = KEY) => `rules/${rule}/error_key/${key}/organizations/${org}`;
const T_DISABLE = '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disable';
const T_ENABLE = '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/enable';
const T_UPDATE = '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/update';
const T_READ = '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/';
const T_LIST = '/rules/organizations/{org_id}/disabled_system_wide';
const ZERO = { Time: '0001-01-01T00:00:00Z', Valid: false };
const RFC3339_NANO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

for (const backend of backends) {
  describe(`acks: org-wide rule disable (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
    });
    after(async () => {
      await api.close();
    });

    const rows = (org: number) => api.db.kysely.selectFrom('rule_disable').selectAll().where('org_id', '=', String(org)).execute();

    it('PUT disable stores the justification and answers it', async () => {
      const res = await api.request('PUT', `${sel(1)}/disable`, { body: { justification: 'not relevant <for> us & them' } });
      assert.equal(res.status, 200);
      assert.equal(res.text, '{"justification":"not relevant \\u003cfor\\u003e us \\u0026 them","status":"ok"}\n');
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      assertMatchesOpenApi('PUT', T_DISABLE, res);
      const stored = await rows(1);
      assert.equal(stored.length, 1);
      assert.equal(stored[0].org_id, '1');
      assert.equal(stored[0].rule_id, RULE);
      assert.equal(stored[0].error_key, KEY);
      assert.equal(stored[0].justification, 'not relevant <for> us & them');
      assert.ok(stored[0].created_at);
      assert.equal(stored[0].updated_at, null);
    });

    it('GET (trailing slash) reads the disable with NullTime fields and a numeric org_id', async () => {
      await api.request('PUT', `${sel(2)}/disable`, { body: { justification: 'j2' } });
      const res = await api.request('GET', `${sel(2)}/`);
      assert.equal(res.status, 200);
      assertMatchesOpenApi('GET', T_READ, res);
      const rule = res.json.disabledRule;
      assert.deepEqual(Object.keys(res.json), ['disabledRule', 'status']);
      assert.deepEqual(Object.keys(rule), ['org_id', 'user_id', 'rule_id', 'error_key', 'justification', 'created_at', 'updated_at']);
      assert.equal(rule.org_id, 2);
      assert.equal(rule.user_id, '');
      assert.equal(rule.rule_id, RULE);
      assert.equal(rule.error_key, KEY);
      assert.equal(rule.justification, 'j2');
      assert.equal(rule.created_at.Valid, true);
      assert.match(rule.created_at.Time, RFC3339_NANO);
      assert.ok(Math.abs(Date.parse(rule.created_at.Time) - Date.now()) < 60_000);
      assert.deepEqual(rule.updated_at, ZERO);
    });

    it('GET without the trailing slash is redirected (strict slash)', async () => {
      const res = await api.request('GET', sel(2));
      assert.equal(res.status, 301);
      assert.equal(res.headers.get('location'), `${api.prefix}${sel(2)}/`);
    });

    it('POST update sets justification and updated_at; disable again overwrites justification and created_at only', async () => {
      await api.request('PUT', `${sel(3)}/disable`, { body: { justification: 'first' } });
      const before1 = (await rows(3))[0];
      const res = await api.request('POST', `${sel(3)}/update`, { body: { justification: 'second' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { justification: 'second', status: 'ok' });
      assertMatchesOpenApi('POST', T_UPDATE, res);
      const afterUpdate = (await rows(3))[0];
      assert.equal(afterUpdate.justification, 'second');
      assert.equal(afterUpdate.created_at, before1.created_at);
      assert.ok(afterUpdate.updated_at);
      const read = await api.request('GET', `${sel(3)}/`);
      assert.equal(read.json.disabledRule.justification, 'second');
      assert.equal(read.json.disabledRule.updated_at.Valid, true);

      await new Promise((r) => setTimeout(r, 5));
      const again = await api.request('PUT', `${sel(3)}/disable`, { body: { justification: 'third' } });
      assert.equal(again.status, 200);
      const afterDisable = await rows(3);
      assert.equal(afterDisable.length, 1);
      assert.equal(afterDisable[0].justification, 'third');
      assert.notEqual(afterDisable[0].created_at, before1.created_at);
      assert.equal(afterDisable[0].updated_at, afterUpdate.updated_at);
    });

    it('POST update of a rule that is not disabled is a 200 no-op', async () => {
      const res = await api.request('POST', `${sel(4)}/update`, { body: { justification: 'nothing' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { justification: 'nothing', status: 'ok' });
      assert.equal((await rows(4)).length, 0);
    });

    it('PUT enable deletes the row, answers "rule enabled", and is idempotent', async () => {
      await api.request('PUT', `${sel(5)}/disable`, { body: { justification: 'x' } });
      await api.request('PUT', `${sel(5, RULE, 'OTHER_KEY')}/disable`, { body: { justification: 'y' } });
      const res = await api.request('PUT', `${sel(5)}/enable`);
      assert.equal(res.status, 200);
      assert.equal(res.text, '{"status":"rule enabled"}\n');
      assertMatchesOpenApi('PUT', T_ENABLE, res);
      const left = await rows(5);
      assert.deepEqual(
        left.map((r) => r.error_key),
        ['OTHER_KEY'],
      );
      const again = await api.request('PUT', `${sel(5)}/enable`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, { status: 'rule enabled' });
    });

    it('GET of a rule that is not disabled is 404 "Rule was not disabled"', async () => {
      const res = await api.request('GET', `${sel(6)}/`);
      assert.equal(res.status, 404);
      assert.equal(res.text, '{"status":"Rule was not disabled"}\n');
      assertMatchesOpenApi('GET', T_READ, res);
    });

    it("GET disabled_system_wide lists the org's rows and [] for none", async () => {
      await api.request('PUT', `${sel(7, 'a.b.c.report', 'K1')}/disable`, { body: { justification: 'one' } });
      await api.request('PUT', `${sel(7, 'a.b.d.report', 'K2')}/disable`, { body: { justification: 'two' } });
      await api.request('PUT', `${sel(8, 'a.b.c.report', 'K1')}/disable`, { body: { justification: 'other org' } });
      const res = await api.request('GET', 'rules/organizations/7/disabled_system_wide');
      assert.equal(res.status, 200);
      assertMatchesOpenApi('GET', T_LIST, res);
      assert.deepEqual(Object.keys(res.json), ['disabledRules', 'status']);
      assert.deepEqual(
        (res.json.disabledRules as DisabledRuleJson[]).map((r) => [
          r.org_id,
          r.user_id,
          r.rule_id,
          r.error_key,
          r.justification,
          r.created_at.Valid,
          r.updated_at.Valid,
        ]),
        [
          [7, '', 'a.b.c.report', 'K1', 'one', true, false],
          [7, '', 'a.b.d.report', 'K2', 'two', true, false],
        ],
      );
      const none = await api.request('GET', 'rules/organizations/99/disabled_system_wide');
      assert.equal(none.status, 200);
      assert.equal(none.text, '{"disabledRules":[],"status":"ok"}\n');
      assertMatchesOpenApi('GET', T_LIST, none);
    });

    it('a JSON null body means an empty justification; field names match case-insensitively', async () => {
      const res = await api.request('PUT', `${sel(9)}/disable`, { body: 'null' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { justification: '', status: 'ok' });
      const res2 = await api.request('PUT', `${sel(10)}/disable`, { body: '{"Justification":"caps"}' });
      assert.deepEqual(res2.json, { justification: 'caps', status: 'ok' });
      assert.equal((await rows(10))[0].justification, 'caps');
    });

    it('a justification of exactly the limit is accepted', async () => {
      const text = `${'é'.repeat(127)}x`; // 255 bytes
      const res = await api.request('PUT', `${sel(11)}/disable`, { body: { justification: text } });
      assert.equal(res.status, 200);
      assert.equal(res.json.justification, text);
    });

    it('the | in the error_key segment and other characters are stored as sent', async () => {
      const res = await api.request('PUT', `${sel(12, RULE, 'KEY%7CWITH%20SPACE')}/disable`, { body: { justification: 'j' } });
      assert.equal(res.status, 200);
      assert.equal((await rows(12))[0].error_key, 'KEY|WITH SPACE');
      const read = await api.request('GET', `${sel(12, RULE, 'KEY%7CWITH%20SPACE')}/`);
      assert.equal(read.json.disabledRule.error_key, 'KEY|WITH SPACE');
    });

    it('OPTIONS on the write routes is a preflight that changes nothing', async () => {
      for (const suffix of ['disable', 'enable', 'update']) {
        const res = await api.request('OPTIONS', `${sel(13)}/${suffix}`);
        assert.equal(res.status, 200);
        assert.equal(res.text, '');
      }
      assert.equal((await rows(13)).length, 0);
    });
  });
}

describe('acks: truncateBytes (Go s[:n] + encoding/json)', () => {
  it('cuts at a byte count and replaces each byte of a cut character by U+FFFD', () => {
    assert.equal(truncateBytes('abcdef', 3), 'abc');
    assert.equal(truncateBytes('aé', 2), 'a\ufffd');
    assert.equal(truncateBytes('a€', 3), 'a\ufffd\ufffd');
    assert.equal(truncateBytes('a😀', 4), 'a\ufffd\ufffd\ufffd');
    assert.equal(truncateBytes('a😀', 5), 'a😀');
    assert.equal(truncateBytes('abc', 0), '');
  });
});
