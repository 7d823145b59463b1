// @requires postgres
/**
 * Data-moving OCP steps 13, 15, 16, 19 and 20: seed rows at N-1, migrate to N, check the rows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { migrateTo } from './migrator.js';
import { plainModule, PLAIN_MODULE_PATTERN } from './ocp/19-recommendation-rule-id.js';
import { backends, fresh, rows, run, type Fixture } from './test-helpers/inspect.js';

const TS = "'2024-01-01 00:00:00'";
const LINK =
  'https://docs.openshift.com/container-platform/4.1/installing/installing_bare_metal/installing-bare-metal.html#minimum-resource-requirements_installing-bare-metal';
/** A report as the rules engine writes it (keys in its order, not sorted), with the rule_hit rows step 13 must derive. */
const message = {
  Report: {
    system: { metadata: {}, hostname: null },
    reports: [
      {
        rule_id: 'nodes_requirements_check|NODES_MINIMUM_REQUIREMENTS_NOT_MET',
        component: 'ccx_rules_ocp.external.rules.nodes_requirements_check.report',
        type: 'rule',
        key: 'NODES_MINIMUM_REQUIREMENTS_NOT_MET',
        details: {
          nodes: [{ name: 'foo1', role: 'master', memory: 8.16, memory_req: 16 }],
          link: LINK,
          type: 'rule',
          error_key: 'NODES_MINIMUM_REQUIREMENTS_NOT_MET',
        },
        tags: [],
        links: { docs: [LINK] },
      },
      {
        rule_id: 'samples_op_failed_image_import_check|SAMPLES_FAILED_IMAGE_IMPORT_ERR',
        component: 'ccx_rules_ocp.external.rules.samples_op_failed_image_import_check.report',
        type: 'rule',
        key: 'SAMPLES_FAILED_IMAGE_IMPORT_ERR',
        details: { type: 'rule', info: { name: 'openshift-samples', reason: 'a <b> & c' }, error_key: 'SAMPLES_FAILED_IMAGE_IMPORT_ERR' },
        tags: [],
        links: {},
      },
    ],
    fingerprints: [],
    skips: [],
    info: [],
  },
};
/** Go's json.Marshal of each hit's details (spec: sorted keys, compact, <>& escaped), written out literally. */
const MARSHALLED: Record<string, string> = {
  NODES_MINIMUM_REQUIREMENTS_NOT_MET:
    `{"error_key":"NODES_MINIMUM_REQUIREMENTS_NOT_MET","link":"${LINK}",` +
    '"nodes":[{"memory":8.16,"memory_req":16,"name":"foo1","role":"master"}],"type":"rule"}',
  SAMPLES_FAILED_IMAGE_IMPORT_ERR:
    '{"error_key":"SAMPLES_FAILED_IMAGE_IMPORT_ERR","info":{"name":"openshift-samples","reason":"a \\u003cb\\u003e \\u0026 c"},"type":"rule"}',
};

function q(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

async function withDb(backend: (typeof backends)[number], at: number, fn: (f: Fixture) => Promise<void>): Promise<void> {
  const f = await fresh(backend, { ocp: at });
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

for (const backend of backends) {
  describe(`data steps 13-20 (${backend.name})`, () => {
    test('13 back-fills rule_hit from reports[]; 16 and 19 carry it into recommendation', () =>
      withDb(backend, 12, async (f) => {
        const reportB =
          '{"reports":[{"component":"a.b.report","key":"K","details":{"b":"<&>","a":[1.5,-0,1e21]}},' +
          '{"component":"x.report","key":"L"}]}';
        await run(
          f.db,
          `INSERT INTO report (org_id, cluster, report) VALUES (1, 'c1', ${q(JSON.stringify(message.Report))})`,
          `INSERT INTO report (org_id, cluster, report) VALUES (2, 'c2', ${q(reportB)})`,
          `INSERT INTO report (org_id, cluster, report) VALUES (3, 'c3', '{"system":{}}')`,
          `INSERT INTO report (org_id, cluster, report) VALUES (4, 'c4', '{"reports":[]}')`,
        );
        await migrateTo(f.db, 'ocp', 13);
        const hits = await rows<{ org_id: number; cluster_id: string; rule_fqdn: string; error_key: string; template_data: string }>(
          f.db,
          'SELECT * FROM rule_hit ORDER BY org_id, rule_fqdn',
        );
        const fromMessage = message.Report.reports as { component: string; key: string; details: unknown }[];
        assert.equal(hits.length, fromMessage.length + 2);
        for (const hit of fromMessage) {
          const row = hits.find((h) => h.rule_fqdn === hit.component);
          assert.deepEqual(row, {
            org_id: 1,
            cluster_id: 'c1',
            rule_fqdn: hit.component,
            error_key: hit.key,
            template_data: MARSHALLED[hit.key],
          });
        }
        // Go's json.Marshal: sorted keys, compact.
        assert.equal(
          hits.find((h) => h.error_key === 'NODES_MINIMUM_REQUIREMENTS_NOT_MET')?.template_data,
          '{"error_key":"NODES_MINIMUM_REQUIREMENTS_NOT_MET","link":"https://docs.openshift.com/container-platform/4.1/installing/' +
            'installing_bare_metal/installing-bare-metal.html#minimum-resource-requirements_installing-bare-metal",' +
            '"nodes":[{"memory":8.16,"memory_req":16,"name":"foo1","role":"master"}],"type":"rule"}',
        );
        assert.deepEqual(
          hits.filter((h) => h.org_id === 2).map((h) => [h.rule_fqdn, h.error_key, h.template_data]),
          [
            ['a.b.report', 'K', '{"a":[1.5,-0,1e+21],"b":"\\u003c\\u0026\\u003e"}'],
            ['x.report', 'L', 'null'],
          ],
        );

        await migrateTo(f.db, 'ocp', 16);
        const recs = await rows<{ org_id: number; rule_fqdn: string; error_key: string }>(
          f.db,
          'SELECT org_id, rule_fqdn, error_key FROM recommendation WHERE org_id = 2 ORDER BY rule_fqdn',
        );
        assert.deepEqual(recs, [
          { org_id: 2, rule_fqdn: 'a.b.K', error_key: 'K' },
          { org_id: 2, rule_fqdn: 'x.L', error_key: 'L' },
        ]);

        await migrateTo(f.db, 'ocp', 19);
        const fixed = await rows<{ cluster_id: string; rule_fqdn: string; rule_id: string; created_at: string | null }>(
          f.db,
          'SELECT cluster_id, rule_fqdn, rule_id, created_at FROM recommendation ORDER BY cluster_id, rule_fqdn',
        );
        assert.equal(fixed.length, hits.length);
        for (const hit of fromMessage) {
          const module = hit.component.replace(/\.report$/, '');
          assert.ok(
            fixed.some((r) => r.cluster_id === 'c1' && r.rule_fqdn === module && r.rule_id === `${module}|${hit.key}`),
            module,
          );
        }
        assert.deepEqual(
          fixed.filter((r) => r.cluster_id === 'c2').map((r) => [r.rule_fqdn, r.rule_id]),
          [
            ['a.b', 'a.b|K'],
            ['x', 'x|L'],
          ],
        );
        assert.ok(fixed.every((r) => r.created_at !== null));
      }));

    test('13 fails on a report that is not JSON (and the migration rolls back)', () =>
      withDb(backend, 12, async (f) => {
        await run(f.db, "INSERT INTO report (org_id, cluster, report) VALUES (1, 'c1', 'not json')");
        await assert.rejects(migrateTo(f.db, 'ocp', 32), /ocp migration 13 \(up\) failed/);
        assert.deepEqual(await rows(f.db, 'SELECT version FROM migration_info'), [{ version: 12 }]);
      }));

    test("15 adds error_key = '' to toggles, votes and disable feedback, and keys them by it", () =>
      withDb(backend, 14, async (f) => {
        await run(
          f.db,
          "INSERT INTO report (org_id, cluster, report) VALUES (1, 'c1', '{}')",
          `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, user_id, disabled, updated_at) VALUES ('c1', 'r.report', 'u1', 1, ${TS})`,
          `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at)
          VALUES ('c1', 'r.report', 'u1', 'm', 1, ${TS}, ${TS})`,
          `INSERT INTO cluster_user_rule_disable_feedback (cluster_id, user_id, rule_id, message, added_at, updated_at)
          VALUES ('c1', 'u1', 'r.report', 'why', ${TS}, ${TS})`,
        );
        await migrateTo(f.db, 'ocp', 15);
        assert.deepEqual(await rows(f.db, 'SELECT cluster_id, rule_id, user_id, error_key FROM cluster_rule_toggle'), [
          { cluster_id: 'c1', rule_id: 'r.report', user_id: 'u1', error_key: '' },
        ]);
        assert.deepEqual(await rows(f.db, 'SELECT rule_id, user_vote, error_key FROM cluster_rule_user_feedback'), [
          { rule_id: 'r.report', user_vote: 1, error_key: '' },
        ]);
        assert.deepEqual(await rows(f.db, 'SELECT rule_id, message, error_key FROM cluster_user_rule_disable_feedback'), [
          { rule_id: 'r.report', message: 'why', error_key: '' },
        ]);
        // The same rule with another error key is a new row everywhere.
        await run(
          f.db,
          `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at, error_key) VALUES ('c1', 'r.report', 0, ${TS}, 'K')`,
          `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at, error_key)
          VALUES ('c1', 'r.report', 'u1', 'm', -1, ${TS}, ${TS}, 'K')`,
          `INSERT INTO cluster_user_rule_disable_feedback (cluster_id, user_id, rule_id, message, added_at, updated_at, error_key)
          VALUES ('c1', 'u1', 'r.report', 'why', ${TS}, ${TS}, 'K')`,
        );
        await assert.rejects(
          run(
            f.db,
            `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at, error_key) VALUES ('c1', 'r.report', 0, ${TS}, 'K')`,
          ),
        );
      }));

    test('16 builds recommendation from rule_hit, trailing "report" replaced by the error key', () =>
      withDb(backend, 15, async (f) => {
        await run(
          f.db,
          `INSERT INTO rule_hit (org_id, cluster_id, rule_fqdn, error_key, template_data) VALUES
        (1, 'c1', 'a.b.report', 'KEY1', '{}'), (1, 'c1', 'x.y', 'K', '{}'), (2, 'c2', 'a.breport', 'K2', '{}'),
        (2, 'c2', 'a.b.report', 'KEY1', '{}')`,
        );
        await migrateTo(f.db, 'ocp', 16);
        assert.deepEqual(await rows(f.db, 'SELECT * FROM recommendation ORDER BY org_id, rule_fqdn'), [
          { org_id: 1, cluster_id: 'c1', rule_fqdn: 'a.b.KEY1', error_key: 'KEY1' },
          { org_id: 1, cluster_id: 'c1', rule_fqdn: 'x.y', error_key: 'K' },
          { org_id: 2, cluster_id: 'c2', rule_fqdn: 'a.b.KEY1', error_key: 'KEY1' },
          { org_id: 2, cluster_id: 'c2', rule_fqdn: 'a.bK2', error_key: 'K2' },
        ]);
      }));

    test('19 strips the last ".<suffix>" and any "|..." from rule_fqdn and fills rule_id and created_at', () =>
      withDb(backend, 18, async (f) => {
        const cases: [string, string][] = [
          ['a.b.c.KEY', 'a.b.c'],
          ['mod.KEY', 'mod'],
          ['nodot', 'nodot'],
          ['a.b|X', 'a'],
          ['a.b.c|X.Y', 'a.b.c'],
          ['m|K', 'm'],
        ];
        for (const [i, [fqdn]] of cases.entries()) {
          await run(f.db, `INSERT INTO recommendation (org_id, cluster_id, rule_fqdn, error_key) VALUES (1, 'c${i}', ${q(fqdn)}, 'E')`);
        }
        const before = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').slice(0, 19);
        await migrateTo(f.db, 'ocp', 19);
        const got = await rows<{ cluster_id: string; rule_fqdn: string; rule_id: string; created_at: string }>(
          f.db,
          'SELECT cluster_id, rule_fqdn, rule_id, created_at FROM recommendation ORDER BY cluster_id',
        );
        assert.deepEqual(
          got.map((r) => [r.rule_fqdn, r.rule_id]),
          cases.map(([, plain]) => [plain, `${plain}|E`]),
        );
        assert.ok(
          got.every((r) => r.created_at > before),
          'created_at is the migration time (UTC)',
        );
        for (const [fqdn, plain] of cases) assert.equal(plainModule(fqdn), plain, fqdn);
        if (backend.name === 'postgres') {
          // The JavaScript pattern (SQLite path) and PostgreSQL's regexp_replace agree.
          for (const [fqdn, plain] of cases) {
            const [r] = await rows<{ v: string }>(f.db, `SELECT regexp_replace(${q(fqdn)}, '${PLAIN_MODULE_PATTERN}', '', 'g') AS v`);
            assert.equal(r.v, plain, fqdn);
          }
        }
      }));

    test('20 renames advisor_ratings.rule_id to rule_fqdn and sets rule_id = rule_fqdn|error_key', () =>
      withDb(backend, 19, async (f) => {
        await run(
          f.db,
          `INSERT INTO advisor_ratings (user_id, org_id, rule_id, error_key, rated_at, rating)
        VALUES ('u1', '1', 'a.b.c', 'K', ${TS}, 1), ('u2', '1', 'x.y', 'L', NULL, -1)`,
        );
        await migrateTo(f.db, 'ocp', 20);
        assert.deepEqual(
          await rows(f.db, 'SELECT user_id, org_id, rule_fqdn, error_key, rule_id, rating FROM advisor_ratings ORDER BY user_id'),
          [
            { user_id: 'u1', org_id: '1', rule_fqdn: 'a.b.c', error_key: 'K', rule_id: 'a.b.c|K', rating: 1 },
            { user_id: 'u2', org_id: '1', rule_fqdn: 'x.y', error_key: 'L', rule_id: 'x.y|L', rating: -1 },
          ],
        );
      }));
  });
}
