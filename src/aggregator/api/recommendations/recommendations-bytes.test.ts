// @requires postgres
/**
 * The exact bytes of `POST recommendations/organizations/{org_id}/users/{user_id}/list` and
 * `POST clusters/organizations/{org_id}/users/{user_id}/recommendations` (spec 4.4.8) on both databases:
 * Go's key order (maps sorted by key, struct fields in order), Go's escaping (`<`, `>`, `&`, U+2028), the
 * trailing newline; lists sorted by UTF-16 code units (an emoji, U+1F600, before U+FF21: the byte order of
 * UTF-8 would put it after); empty rule IDs; duplicate rule IDs from two (rule_fqdn, error_key) rows; a NULL
 * last_checked_at (Go's zero time).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type TestApi } from '#test/helpers/api.js';
import { backends } from '#test/helpers/databases.js';
import { seedReport } from '#test/helpers/seed.js';
import type { Db } from '../../storage/db.js';
import { C1, C2, C3, C4, ORG, UNKNOWN, seedAdvisor } from './test-helpers/fixtures.js';

const ODD_ORG = 5;
const E = '\u{1F600}';
const F = '\uFF21';
const W_PLAIN = 'f0000000-0000-4000-8000-000000000005';
const W_EMOJI = `w-${E}`;
const W_FULL = `w-${F}`;
const W_ESC = 'w<3>&"q\\';

/** Org 5: cluster IDs and rule IDs that need escaping or sort differently by bytes and by code units. */
async function seedOdd(db: Db): Promise<void> {
  await seedReport(db, { org: ODD_ORG, cluster: W_PLAIN, lastCheckedAt: '2024-06-02 03:04:05.5', version: '4.1' });
  await seedReport(db, { org: ODD_ORG, cluster: W_EMOJI, lastCheckedAt: '2024-06-01 00:00:00', version: '4.16.0&<x>' });
  await seedReport(db, { org: ODD_ORG, cluster: W_FULL, lastCheckedAt: '2024-06-01 00:00:00.000001' });
  await seedReport(db, { org: ODD_ORG, cluster: W_ESC, version: '' });
  await db.kysely.updateTable('report').set({ last_checked_at: null }).where('cluster', '=', W_ESC).execute();
  const rec = (cluster: string, rule_fqdn: string, error_key: string, rule_id: string) => ({
    org_id: ODD_ORG,
    cluster_id: cluster,
    rule_fqdn,
    error_key,
    rule_id,
    created_at: '2024-06-01 00:00:00',
    impacted_since: null,
  });
  await db.kysely
    .insertInto('recommendation')
    .values([
      rec(W_PLAIN, 'a.b', F, `a.b|${F}`),
      rec(W_PLAIN, 'plain.rule', 'KEY', 'plain.rule|KEY'),
      rec(W_EMOJI, 'a.b', F, `a.b|${F}`),
      rec(W_EMOJI, 'a.b', E, `a.b|${E}`),
      rec(W_EMOJI, 'a.b', 'K"<', 'a.b|K"<'),
      rec(W_EMOJI, 'a.b', 'K\u2028', 'a.b|K\u2028'),
      rec(W_EMOJI, 'x', 'y', ''),
      rec(W_FULL, 'a.b', E, `a.b|${E}`),
      rec(W_FULL, 'x.y|z', 'K', 'x.y|z|K'),
      rec(W_FULL, 'x.y', 'z|K', 'x.y|z|K'),
      rec(W_ESC, 'a.b', 'K"<', 'a.b|K"<'),
    ])
    .execute();
}

const listPath = (org: number) => `recommendations/organizations/${org}/users/1/list`;
const clustersPath = (org: number) => `clusters/organizations/${org}/users/1/recommendations`;

for (const backend of backends) {
  describe(`recommendation lists, exact bytes (${backend.name})`, () => {
    let api: TestApi;
    before(async () => {
      api = await startApi(backend);
      await seedAdvisor(api.db);
      await seedOdd(api.db);
    });
    after(() => api?.close());

    it('list: rule IDs sorted, their clusters sorted', async () => {
      const res = await api.request('POST', listPath(ORG), { body: [C2, C1, C3, C4, UNKNOWN] });
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        '{"recommendations":{' +
          '"ccx_rules_ocp.external.bug_rules.bug_1766907|BUGZILLA_BUG_1766907":["34c3ecc5-624a-49a5-bab8-4fdc5e51a266"],' +
          '"ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION":' +
          '["34c3ecc5-624a-49a5-bab8-4fdc5e51a266","74ae54aa-6577-4e80-85e7-697cb646ff37"]},"status":"ok"}\n',
      );
    });

    it('clusters: clusters sorted, fields in Go order, rule IDs sorted, [] without hits', async () => {
      const res = await api.request('POST', clustersPath(ORG), { body: [C3, C2, C1, C4, UNKNOWN] });
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        '{"clusters":{' +
          '"34c3ecc5-624a-49a5-bab8-4fdc5e51a266":{"created_at":"2024-05-02T10:11:12.123456Z","meta":{"cluster_version":"4.14.3"},' +
          '"recommendations":["ccx_rules_ocp.external.bug_rules.bug_1766907|BUGZILLA_BUG_1766907",' +
          '"ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION"]},' +
          '"74ae54aa-6577-4e80-85e7-697cb646ff37":{"created_at":"2024-05-02T10:11:12Z","meta":{"cluster_version":""},' +
          '"recommendations":["ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION"]},' +
          '"a7467445-8d6a-43cc-b82c-7007664bdf69":{"created_at":"2024-05-02T10:11:13.1Z","meta":{"cluster_version":"4.15.0"},' +
          '"recommendations":[]}},"status":"ok"}\n',
      );
    });

    it('list: escaping, code-unit order, the empty rule ID, duplicates', async () => {
      const res = await api.request('POST', listPath(ODD_ORG), { body: [W_PLAIN, W_ESC, W_FULL, W_EMOJI, UNKNOWN] });
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        '{"recommendations":{' +
          `"":["w-${E}"],` +
          `"a.b|K\\"\\u003c":["w-${E}","w\\u003c3\\u003e\\u0026\\"q\\\\"],` +
          `"a.b|K\\u2028":["w-${E}"],` +
          `"a.b|${E}":["w-${E}","w-${F}"],` +
          `"a.b|${F}":["f0000000-0000-4000-8000-000000000005","w-${E}"],` +
          '"plain.rule|KEY":["f0000000-0000-4000-8000-000000000005"],' +
          `"x.y|z|K":["w-${F}","w-${F}"]` +
          '},"status":"ok"}\n',
      );
    });

    it('clusters: escaping, code-unit order, no empty rule ID, duplicates, NULL last_checked_at', async () => {
      const res = await api.request('POST', clustersPath(ODD_ORG), { body: [W_ESC, W_FULL, W_EMOJI, W_PLAIN, UNKNOWN] });
      assert.equal(res.status, 200);
      assert.equal(
        res.text,
        '{"clusters":{' +
          `"f0000000-0000-4000-8000-000000000005":{"created_at":"2024-06-02T03:04:05.5Z","meta":{"cluster_version":"4.1"},` +
          `"recommendations":["a.b|${F}","plain.rule|KEY"]},` +
          `"w-${E}":{"created_at":"2024-06-01T00:00:00Z","meta":{"cluster_version":"4.16.0\\u0026\\u003cx\\u003e"},` +
          `"recommendations":["a.b|K\\"\\u003c","a.b|K\\u2028","a.b|${E}","a.b|${F}"]},` +
          `"w-${F}":{"created_at":"2024-06-01T00:00:00.000001Z","meta":{"cluster_version":""},` +
          `"recommendations":["a.b|${E}","x.y|z|K","x.y|z|K"]},` +
          '"w\\u003c3\\u003e\\u0026\\"q\\\\":{"created_at":"0001-01-01T00:00:00Z","meta":{"cluster_version":""},' +
          '"recommendations":["a.b|K\\"\\u003c"]}' +
          '},"status":"ok"}\n',
      );
    });

    it('both: an empty list and clusters without data', async () => {
      for (const body of ['[]', 'null', JSON.stringify([UNKNOWN])]) {
        const list = await api.request('POST', listPath(ORG), { body });
        assert.equal(list.text, '{"recommendations":{},"status":"ok"}\n', body);
        const clusters = await api.request('POST', clustersPath(ORG), { body });
        assert.equal(clusters.text, '{"clusters":{},"status":"ok"}\n', body);
      }
    });
  });
}
