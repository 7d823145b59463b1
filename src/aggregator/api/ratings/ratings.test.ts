// @requires postgres
/** Rule ratings (spec 4.4.7). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '#test/helpers/databases.js';
import { rowCounts } from '#test/helpers/fixtures.js';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';

const MODULE = 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check';
const KEY = 'NODE_KUBELET_VERSION';
const RULE = `${MODULE}|${KEY}`;
const T_POST = '/rules/organizations/{org_id}/rating';
const T_GET = '/rules/{rule_selector}/organizations/{org_id}/rating';
const SEPARATED = 'invalid rule ID, it must contain only rule ID and error key separated by |';
const EACH_PART = 'invalid rule ID, each part of ID must contain only latin characters, numbers, underscores or dots';
const SELECTOR_ERR = 'Param rule_selector is not a valid rule selector (plugin_name|error_key)';
const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM advisor_ratings'];
const enc = encodeURIComponent;

for (const backend of backends) {
  describe(`ratings (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedReport(api.db, { org: 1, cluster: '34c3ecc5-624a-49a5-bab8-4fdc5e51a266' });
    });
    after(async () => {
      await api.close();
    });

    const rows = (org: number) => api.db.kysely.selectFrom('advisor_ratings').selectAll().where('org_id', '=', String(org)).execute();
    const counts = () => rowCounts(api.db, ['report', 'advisor_ratings']);
    const post = (org: string | number, body?: string | object) => api.request('POST', `rules/organizations/${org}/rating`, { body });
    const expect400 = async (res: Awaited<ReturnType<TestApi['request']>>, status: string, template = T_POST, method = 'POST') => {
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json?.status, status);
      assertMatchesOpenApi(method, template, res);
    };

    it('POST stores the rating, echoes the rule as sent and counts rating_on_rules', async () => {
      const metricBefore = (await api.metrics.ratingOnRules.get()).values[0]?.value ?? 0;
      const res = await post(1, { rule: RULE, rating: -1 });
      assert.equal(res.status, 200);
      assert.equal(res.text, `{"ratings":{"rule":"${RULE}","rating":-1},"status":"ok"}\n`);
      assertMatchesOpenApi('POST', T_POST, res);
      const stored = await rows(1);
      assert.equal(stored.length, 1);
      assert.equal(stored[0].rule_fqdn, MODULE);
      assert.equal(stored[0].error_key, KEY);
      assert.equal(stored[0].rule_id, RULE);
      assert.equal(stored[0].rating, -1);
      assert.ok(stored[0].rated_at);
      assert.equal(stored[0].last_updated_at, stored[0].rated_at);
      const metricAfter = (await api.metrics.ratingOnRules.get()).values[0]?.value ?? 0;
      assert.equal(metricAfter, metricBefore + 1);
    });

    it('POST again updates rating and last_updated_at, keeps rated_at', async () => {
      await post(2, { rule: RULE, rating: 1 });
      const first = (await rows(2))[0];
      await new Promise((r) => setTimeout(r, 5));
      const res = await post(2, { rule: RULE, rating: 0 });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { ratings: { rule: RULE, rating: 0 }, status: 'ok' });
      const second = await rows(2);
      assert.equal(second.length, 1);
      assert.equal(second[0].rating, 0);
      assert.equal(second[0].rated_at, first.rated_at);
      assert.notEqual(second[0].last_updated_at, first.last_updated_at);
    });

    it('POST accepts any integer that fits the column, absent fields are zero values, JSON null is an empty body object', async () => {
      const res = await post(3, { rule: RULE, rating: 5 });
      assert.equal(res.status, 200);
      assert.equal((await rows(3))[0].rating, 5);
      const noRating = await post(3, { rule: 'a.b|C' });
      assert.deepEqual(noRating.json, { ratings: { rule: 'a.b|C', rating: 0 }, status: 'ok' });
      const caps = await post(3, '{"Rule":"a.b|D","RATING":1}');
      assert.deepEqual(caps.json, { ratings: { rule: 'a.b|D', rating: 1 }, status: 'ok' });
      await expect400(await post(3, 'null'), `Error during validating param 'rule' with value ''. Error: '${SEPARATED}'`);
      await expect400(await post(3, { rating: 1 }), `Error during validating param 'rule' with value ''. Error: '${SEPARATED}'`);
    });

    it('GET reads the rating by selector (raw | or %7C)', async () => {
      await post(4, { rule: RULE, rating: 1 });
      for (const selector of [RULE, `${MODULE}%7C${KEY}`]) {
        const res = await api.request('GET', `rules/${selector}/organizations/4/rating`);
        assert.equal(res.status, 200);
        assert.equal(res.text, `{"rating":{"rule":"${RULE}","rating":1},"status":"ok"}\n`);
        assertMatchesOpenApi('GET', T_GET, res);
      }
    });

    it('GET of an unrated rule (or another org) is 404 with the composite ID', async () => {
      await post(5, { rule: RULE, rating: 1 });
      const res = await api.request('GET', `rules/${RULE}/organizations/6/rating`);
      assert.equal(res.status, 404);
      assert.equal(res.json.status, `Item with ID 6/${RULE}/rating was not found in the storage`);
      assertMatchesOpenApi('GET', T_GET, res);
    });

    it('POST validation order: body presence, JSON, org_id, then the rule', async () => {
      const before1 = await counts();
      await expect400(await post('abc'), "client didn't provide request body");
      await expect400(await post('abc', ''), "client didn't provide request body");
      const syntax = await post('abc', '{"rule":');
      assert.equal(syntax.status, 400);
      assert.notEqual(syntax.json.status, 'Internal Server Error');
      assert.notEqual(syntax.json.status, "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'");
      assertMatchesOpenApi('POST', T_POST, syntax);
      await expect400(await post('abc', '[1]'), 'bad type in json data');
      await expect400(
        await post('abc', { rule: 'bad', rating: 1 }),
        "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'",
      );
      await expect400(
        await post('0', { rule: RULE, rating: 1 }),
        "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'",
      );
      await expect400(await post('4294967296', { rule: RULE, rating: 1 }), 'value 4294967296 out of range for uint32');
      for (const rule of ['no_pipe', 'a|b|c', `${RULE}|`, '||']) {
        await expect400(
          await post(1, { rule, rating: 1 }),
          `Error during validating param 'rule' with value '${rule}'. Error: '${SEPARATED}'`,
        );
      }
      for (const rule of ['a-b|KEY', 'a.b|', '|KEY', '|', 'a.b|KEY X', 'a b|K']) {
        await expect400(
          await post(1, { rule, rating: 1 }),
          `Error during validating param 'rule' with value '${rule}'. Error: '${EACH_PART}'`,
        );
      }
      assert.deepEqual(await counts(), before1);
    });

    it('POST with wrong JSON types or a non-integer rating is 400 "bad type in json data"', async () => {
      const before1 = await counts();
      for (const body of [
        '"x"',
        '42',
        'true',
        '[]',
        '{"rule":1,"rating":1}',
        `{"rule":"${RULE}","rating":"1"}`,
        `{"rule":"${RULE}","rating":1.5}`,
        `{"rule":"${RULE}","rating":true}`,
        `{"rule":"${RULE}","rating":40000}`,
        `{"rule":["${RULE}"],"rating":1}`,
      ]) {
        await expect400(await post(1, body), 'bad type in json data');
      }
      assert.deepEqual(await counts(), before1);
    });

    it('GET validation order: org_id, then rule_selector', async () => {
      await expect400(
        await api.request('GET', 'rules/bad/organizations/abc/rating'),
        "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'",
        T_GET,
        'GET',
      );
      for (const selector of ['rule|KEY', 'a.b', 'a.b|', 'a.b|K-1']) {
        await expect400(
          await api.request('GET', `rules/${enc(selector)}/organizations/1/rating`),
          `Error during parsing param 'rule_selector' with value '${selector}'. Error: '${SELECTOR_ERR}'`,
          T_GET,
          'GET',
        );
      }
    });

    it('SQL-injection strings in every parameter are 4xx and change nothing', async () => {
      const before1 = await counts();
      for (const inj of INJECTIONS) {
        const r1 = await post(enc(inj), { rule: RULE, rating: 1 });
        assert.equal(r1.status, 400);
        assert.equal(r1.json.status, `Error during parsing param 'org_id' with value '${inj}'. Error: 'unsigned integer expected'`);
        for (const rule of [inj, `${inj}|KEY`, `${MODULE}|${inj}`]) {
          const r2 = await post(1, { rule, rating: 1 });
          assert.equal(r2.status, 400, rule);
          assert.match(r2.json.status, /^Error during validating param 'rule'/);
        }
        const r3 = await api.request('GET', `rules/${enc(inj)}/organizations/1/rating`);
        assert.equal(r3.status, 400);
        const r4 = await api.request('GET', `rules/${RULE}/organizations/${enc(inj)}/rating`);
        assert.equal(r4.status, 400);
        const r5 = await api.request('GET', `rules/${enc(`${MODULE}|${inj}`)}/organizations/1/rating`);
        assert.ok(r5.status === 400 || r5.status === 404);
      }
      assert.deepEqual(await counts(), before1);
    });

    it('a body larger than 1 MiB is rejected and changes nothing', async () => {
      const before1 = await counts();
      const res = await post(1, JSON.stringify({ rule: RULE, rating: 1, pad: 'x'.repeat(1024 * 1024 + 10) }));
      assert.equal(res.status, 413);
      assert.equal(res.json.status, 'request body too large');
      assertMatchesOpenApi('POST', T_POST, res);
      assert.deepEqual(await counts(), before1);
    });
  });

  describe(`ratings: auth on (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
    });
    after(async () => {
      await api.close();
    });

    it('401 without an identity', async () => {
      const res = await api.request('POST', 'rules/organizations/1/rating', { body: { rule: RULE, rating: 1 } });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { status: 'Missing auth token' });
      assertMatchesOpenApi('POST', T_POST, res);
      const get = await api.request('GET', `rules/${RULE}/organizations/1/rating`);
      assert.equal(get.status, 401);
      assertMatchesOpenApi('GET', T_GET, get);
      assert.equal((await api.db.kysely.selectFrom('advisor_ratings').selectAll().execute()).length, 0);
    });

    it('org-permission check (ours; upstream trusted the path org): a foreign token gets 403', async () => {
      const res = await api.request('POST', 'rules/organizations/1/rating', { body: { rule: RULE, rating: 1 }, org: 2 });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, {
        status:
          'you have no permissions to get or change info about the organization with ID 1; you can access info about organization with ID 2',
      });
      const get = await api.request('GET', `rules/${RULE}/organizations/1/rating`, { org: 2 });
      assert.equal(get.status, 403);
    });
  });
}
