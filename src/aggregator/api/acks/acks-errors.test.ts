// @requires postgres
/** Org-wide rule disables (spec 4.4.6): validation order, body errors, injection, size limit, auth. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '#test/helpers/databases.js';
import { rowCounts } from '#test/helpers/fixtures.js';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { assertMatchesOpenApi } from '#test/helpers/openapi.js';
import { seedReport } from '#test/helpers/seed.js';

const RULE = 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report';
const KEY = 'NODE_KUBELET_VERSION';
const sel = (org: string | number, rule = RULE, key = KEY) => `rules/${rule}/error_key/${key}/organizations/${org}`;
const TEMPLATE = (suffix: string) => `/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/${suffix}`;
const RULE_ERR = 'invalid rule ID, it must contain only from latin characters, number, underscores or dots';
const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM rule_disable'];
const enc = encodeURIComponent;

/** [method, path suffix, openapi template, takes a body] */
const ROUTES: [string, string, string, boolean][] = [
  ['PUT', '/disable', TEMPLATE('disable'), true],
  ['PUT', '/enable', TEMPLATE('enable'), false],
  ['POST', '/update', TEMPLATE('update'), true],
  ['GET', '/', TEMPLATE(''), false],
];

for (const backend of backends) {
  describe(`acks: errors (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedReport(api.db, { org: 1, cluster: '34c3ecc5-624a-49a5-bab8-4fdc5e51a266' });
    });
    after(async () => {
      await api.close();
    });

    const counts = () => rowCounts(api.db, ['report', 'rule_disable']);

    const expect400 = async (method: string, path: string, template: string, status: string, body?: string | object) => {
      const res = await api.request(method, path, { body });
      assert.equal(res.status, 400, `${method} ${path}: ${res.text}`);
      assert.equal(res.json?.status, status);
      assertMatchesOpenApi(method, template, res);
    };

    it('validates org_id first, then rule_id (every route)', async () => {
      for (const [method, suffix, template, withBody] of ROUTES) {
        const body = withBody ? { justification: 'x' } : undefined;
        await expect400(
          method,
          sel('abc', 'bad-rule') + suffix,
          template,
          "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'",
          body,
        );
        await expect400(
          method,
          sel('-1') + suffix,
          template,
          "Error during parsing param 'org_id' with value '-1'. Error: 'unsigned integer expected'",
          body,
        );
        await expect400(
          method,
          sel('0') + suffix,
          template,
          "Error during parsing param 'org_id' with value '0'. Error: 'positive value expected'",
          body,
        );
        await expect400(method, sel('4294967296') + suffix, template, 'value 4294967296 out of range for uint32', body);
        await expect400(
          method,
          sel('1', 'bad-rule') + suffix,
          template,
          `Error during parsing param 'rule_id' with value 'bad-rule'. Error: '${RULE_ERR}'`,
          body,
        );
      }
      await expect400(
        'GET',
        'rules/organizations/x/disabled_system_wide',
        '/rules/organizations/{org_id}/disabled_system_wide',
        "Error during parsing param 'org_id' with value 'x'. Error: 'unsigned integer expected'",
      );
    });

    it('path parameters are checked before the body', async () => {
      await expect400(
        'PUT',
        `${sel('abc')}/disable`,
        TEMPLATE('disable'),
        "Error during parsing param 'org_id' with value 'abc'. Error: 'unsigned integer expected'",
      );
      await expect400(
        'POST',
        `${sel('1', 'a-b')}/update`,
        TEMPLATE('update'),
        `Error during parsing param 'rule_id' with value 'a-b'. Error: '${RULE_ERR}'`,
        '{bad',
      );
    });

    it('a required body: missing, empty, malformed, wrong types', async () => {
      const before1 = await counts();
      for (const [method, suffix] of [
        ['PUT', 'disable'],
        ['POST', 'update'],
      ] as const) {
        const path = `${sel(1)}/${suffix}`;
        await expect400(method, path, TEMPLATE(suffix), "client didn't provide request body");
        await expect400(method, path, TEMPLATE(suffix), "client didn't provide request body", '');
        for (const bad of ['{"justification":', '{justification: "x"}', 'nul', '{"justification":"x"} trailing']) {
          const res = await api.request(method, path, { body: bad });
          assert.equal(res.status, 400, `${bad}: ${res.text}`);
          assert.equal(typeof res.json.status, 'string');
          assert.notEqual(res.json.status, 'Internal Server Error');
          assertMatchesOpenApi(method, TEMPLATE(suffix), res);
        }
        for (const bad of [
          '[]',
          '["x"]',
          '"text"',
          '42',
          'true',
          '{"justification":1}',
          '{"justification":["x"]}',
          '{"justification":{}}',
        ]) {
          await expect400(method, path, TEMPLATE(suffix), 'bad type in json data', bad);
        }
      }
      assert.deepEqual(await counts(), before1);
    });

    it('a justification longer than maximum_feedback_message_length bytes is rejected with the first N bytes', async () => {
      const before1 = await counts();
      const long = 'a'.repeat(250) + 'é'.repeat(10); // 270 bytes
      const expected = `Error during validating param 'justification' with value '${'a'.repeat(250)}éé\ufffd...'. Error: 'justification is longer than 255 bytes'`;
      await expect400('PUT', `${sel(1)}/disable`, TEMPLATE('disable'), expected, { justification: long });
      await expect400('POST', `${sel(1)}/update`, TEMPLATE('update'), expected, { justification: long });
      const exact = 'b'.repeat(256);
      await expect400(
        'PUT',
        `${sel(1)}/disable`,
        TEMPLATE('disable'),
        `Error during validating param 'justification' with value '${'b'.repeat(255)}...'. Error: 'justification is longer than 255 bytes'`,
        { justification: exact },
      );
      assert.deepEqual(await counts(), before1);
    });

    it('SQL-injection strings in org_id and rule_id are 400 and change nothing', async () => {
      const before1 = await counts();
      for (const inj of INJECTIONS) {
        for (const [method, suffix, template, withBody] of ROUTES) {
          const body = withBody ? { justification: inj } : undefined;
          const r1 = await api.request(method, sel(enc(inj)) + suffix, { body });
          assert.equal(r1.status, 400);
          assert.equal(r1.json.status, `Error during parsing param 'org_id' with value '${inj}'. Error: 'unsigned integer expected'`);
          assertMatchesOpenApi(method, template, r1);
          const r2 = await api.request(method, sel(1, enc(inj)) + suffix, { body });
          assert.equal(r2.status, 400);
          assert.equal(r2.json.status, `Error during parsing param 'rule_id' with value '${inj}'. Error: '${RULE_ERR}'`);
        }
        const r3 = await api.request('GET', `rules/organizations/${enc(inj)}/disabled_system_wide`);
        assert.equal(r3.status, 400);
      }
      assert.deepEqual(await counts(), before1);
    });

    it('SQL-injection strings in error_key (not validated upstream) and in the justification are stored literally', async () => {
      const before1 = await counts();
      const inj = INJECTIONS[0];
      const res = await api.request('PUT', `${sel(2, RULE, enc(inj))}/disable`, { body: { justification: INJECTIONS[1] } });
      assert.equal(res.status, 200);
      const rows = await api.db.kysely.selectFrom('rule_disable').selectAll().where('org_id', '=', '2').execute();
      assert.deepEqual(
        rows.map((r) => [r.error_key, r.justification]),
        [[inj, INJECTIONS[1]]],
      );
      const after1 = await counts();
      assert.deepEqual(after1, { report: before1.report, rule_disable: before1.rule_disable + 1 });
      const read404 = await api.request('GET', `${sel(2, RULE, enc(INJECTIONS[1]))}/`);
      assert.equal(read404.status, 404);
      assert.equal(read404.json.status, 'Rule was not disabled');
      await api.request('PUT', `${sel(2, RULE, enc(inj))}/enable`);
      assert.deepEqual(await counts(), before1);
    });

    it('a body larger than 1 MiB is rejected and changes nothing', async () => {
      const before1 = await counts();
      const big = JSON.stringify({ justification: 'x'.repeat(1024 * 1024 + 10) });
      for (const [method, suffix, template] of ROUTES.filter((r) => r[0] !== 'GET')) {
        const res = await api.request(method, sel(1) + suffix, { body: big });
        assert.equal(res.status, 413, `${method} ${suffix}`);
        assert.equal(res.json.status, 'request body too large');
        assertMatchesOpenApi(method, template, res);
      }
      assert.deepEqual(await counts(), before1);
    });
  });

  describe(`acks: auth on (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend, { auth: true });
    });
    after(async () => {
      await api.close();
    });

    it('401 without an identity, on every route', async () => {
      for (const [method, suffix, template, withBody] of ROUTES) {
        const res = await api.request(method, sel(1) + suffix, { body: withBody ? { justification: 'x' } : undefined });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { status: 'Missing auth token' });
        assertMatchesOpenApi(method, template, res);
      }
      const list = await api.request('GET', 'rules/organizations/1/disabled_system_wide');
      assert.equal(list.status, 401);
      assertMatchesOpenApi('GET', '/rules/organizations/{org_id}/disabled_system_wide', list);
      assert.equal((await api.db.kysely.selectFrom('rule_disable').selectAll().execute()).length, 0);
    });

    it('org-permission check (ours; upstream trusted the path org): a foreign token gets 403 and changes nothing', async () => {
      const res = await api.request('PUT', `${sel(5)}/disable`, { body: { justification: 'j' }, org: 6 });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, {
        status:
          'you have no permissions to get or change info about the organization with ID 5; you can access info about organization with ID 6',
      });
      const list = await api.request('GET', 'rules/organizations/5/disabled_system_wide', { org: 6 });
      assert.equal(list.status, 403);
      const own = await api.request('GET', 'rules/organizations/5/disabled_system_wide', { org: 5 });
      assert.equal(own.status, 200);
      assert.equal(own.json.disabledRules.length, 0);
    });

    it('OPTIONS skips auth and runs no handler', async () => {
      const res = await api.request('OPTIONS', `${sel(7)}/disable`, { body: { justification: 'j' } });
      assert.equal(res.status, 200);
      assert.equal(res.text, '');
      assert.equal((await api.db.kysely.selectFrom('rule_disable').selectAll().where('org_id', '=', '7').execute()).length, 0);
    });
  });
}
