// @requires postgres
/**
 * Data-moving steps that fill or delete rows: OCP 22, 26, 27, 28, 31, 32 and DVO 3, 4. Seed at N-1,
 * migrate to N, check the rows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { migrateTo } from './migrator.js';
import { backends, columns, fresh, rows, run, type Fixture } from './test-helpers/inspect.js';

const TS = "'2024-01-01 00:00:00'";

async function withDb(backend: (typeof backends)[number], at: { ocp?: number; dvo?: number }, fn: (f: Fixture) => Promise<void>) {
  const f = await fresh(backend, at);
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

const ruleIds = async (f: Fixture, table: string) =>
  (await rows<{ rule_id: string }>(f.db, `SELECT rule_id FROM ${table} ORDER BY rule_id`)).map((r) => r.rule_id);

for (const backend of backends) {
  describe(`cleanup steps (${backend.name})`, () => {
    test('22 deletes toggles and disable feedback whose rule_id does not end in ".report"', () =>
      withDb(backend, { ocp: 21 }, async (f) => {
        for (const rule of ['a.b.report', 'a.b.REPORT', 'a.b', 'a.breport', 'c.report']) {
          await run(
            f.db,
            `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at) VALUES ('c1', '${rule}', 1, ${TS})`,
            `INSERT INTO cluster_user_rule_disable_feedback (cluster_id, user_id, rule_id, message, added_at, updated_at)
            VALUES ('c1', 'u', '${rule}', 'm', ${TS}, ${TS})`,
          );
        }
        await migrateTo(f.db, 'ocp', 22);
        assert.deepEqual(await ruleIds(f, 'cluster_rule_toggle'), ['a.b.report', 'c.report']);
        assert.deepEqual(await ruleIds(f, 'cluster_user_rule_disable_feedback'), ['a.b.report', 'c.report']);
      }));

    test('26 fills org_id from report via the cluster; 27 deletes the rows left at "0"', () =>
      withDb(backend, { ocp: 25 }, async (f) => {
        await run(f.db, "INSERT INTO report (org_id, cluster, report) VALUES (42, 'c1', '{}')");
        for (const cluster of ['c1', 'c2']) {
          await run(
            f.db,
            `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at) VALUES ('${cluster}', 'r.report', 1, ${TS})`,
            `INSERT INTO cluster_user_rule_disable_feedback (cluster_id, user_id, rule_id, message, added_at, updated_at)
            VALUES ('${cluster}', 'u', 'r.report', 'm', ${TS}, ${TS})`,
          );
        }
        await run(
          f.db,
          `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at)
        VALUES ('c1', 'r.report', 'u', 'm', 1, ${TS}, ${TS})`,
        );
        await migrateTo(f.db, 'ocp', 26);
        const orgs = (table: string) => rows(f.db, `SELECT cluster_id, org_id FROM ${table} ORDER BY cluster_id`);
        const both = [
          { cluster_id: 'c1', org_id: '42' },
          { cluster_id: 'c2', org_id: '0' },
        ];
        assert.deepEqual(await orgs('cluster_rule_toggle'), both);
        assert.deepEqual(await orgs('cluster_user_rule_disable_feedback'), both);
        assert.deepEqual(await orgs('cluster_rule_user_feedback'), [{ cluster_id: 'c1', org_id: '42' }]);
        await migrateTo(f.db, 'ocp', 27);
        assert.deepEqual(await orgs('cluster_rule_toggle'), [both[0]]);
        assert.deepEqual(await orgs('cluster_user_rule_disable_feedback'), [both[0]]);
        assert.deepEqual(await orgs('cluster_rule_user_feedback'), [both[0]]);
      }));

    test('27 deletes org_id "0" rows from all three tables', () =>
      withDb(backend, { ocp: 26 }, async (f) => {
        await run(f.db, "INSERT INTO report (org_id, cluster, report) VALUES (1, 'c1', '{}')");
        for (const org of ['0', '7']) {
          await run(
            f.db,
            `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at, org_id) VALUES ('c1', 'r${org}', 1, ${TS}, '${org}')`,
            `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at, org_id)
            VALUES ('c1', 'r${org}', 'u', 'm', 1, ${TS}, ${TS}, '${org}')`,
            `INSERT INTO cluster_user_rule_disable_feedback (cluster_id, user_id, rule_id, message, added_at, updated_at, org_id)
            VALUES ('c1', 'u', 'r${org}', 'm', ${TS}, ${TS}, '${org}')`,
          );
        }
        await migrateTo(f.db, 'ocp', 27);
        for (const table of ['cluster_rule_toggle', 'cluster_rule_user_feedback', 'cluster_user_rule_disable_feedback']) {
          assert.deepEqual(await ruleIds(f, table), ['r7'], table);
        }
      }));

    test('28 keys rule_disable by (org_id, rule_id, error_key)', () =>
      withDb(backend, { ocp: 27 }, async (f) => {
        await run(
          f.db,
          `INSERT INTO rule_disable (org_id, user_id, rule_id, error_key, created_at)
        VALUES ('1', 'u1', 'r', 'K', ${TS}), ('1', 'u2', 'r', 'L', ${TS})`,
        );
        await migrateTo(f.db, 'ocp', 28);
        assert.equal((await rows(f.db, 'SELECT * FROM rule_disable')).length, 2);
        await assert.rejects(
          run(
            f.db,
            `INSERT INTO rule_disable (org_id, user_id, rule_id, error_key, created_at)
        VALUES ('1', 'u3', 'r', 'K', ${TS})`,
          ),
        );
      }));

    test('31 deletes every rating, drops user_id and keys by (org_id, rule_fqdn, error_key)', () =>
      withDb(backend, { ocp: 30 }, async (f) => {
        await run(
          f.db,
          `INSERT INTO advisor_ratings (user_id, org_id, rule_fqdn, error_key, rule_id, rating)
        VALUES ('u1', '1', 'a.b', 'K', 'a.b|K', 1), ('u2', '1', 'a.b', 'K', 'a.b|K', -1)`,
        );
        await migrateTo(f.db, 'ocp', 31);
        assert.deepEqual(await rows(f.db, 'SELECT * FROM advisor_ratings'), []);
        const cols = (await columns(f.db, 'ocp')).filter((c) => c.table === 'advisor_ratings').map((c) => c.name);
        assert.ok(!cols.includes('user_id'));
        await run(f.db, "INSERT INTO advisor_ratings (org_id, rule_fqdn, error_key, rule_id, rating) VALUES ('1', 'a.b', 'K', 'a.b|K', 1)");
        await assert.rejects(run(f.db, "INSERT INTO advisor_ratings (org_id, rule_fqdn, error_key, rating) VALUES ('1', 'a.b', 'K', -1)"));
        // Down puts user_id back ('-1' for existing rows) with the old key.
        await migrateTo(f.db, 'ocp', 30);
        assert.deepEqual(await rows(f.db, 'SELECT user_id, org_id, rule_fqdn, rating FROM advisor_ratings'), [
          { user_id: '-1', org_id: '1', rule_fqdn: 'a.b', rating: 1 },
        ]);
      }));

    test('32 deletes toggles with an empty error_key', () =>
      withDb(backend, { ocp: 31 }, async (f) => {
        await run(
          f.db,
          `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at, error_key, org_id)
        VALUES ('c1', 'r.report', 1, ${TS}, '', '1'), ('c1', 'r.report', 1, ${TS}, 'K', '1'), ('c2', 's.report', 0, ${TS}, '', '1')`,
        );
        await migrateTo(f.db, 'ocp', 32);
        assert.deepEqual(await rows(f.db, 'SELECT cluster_id, error_key FROM cluster_rule_toggle'), [{ cluster_id: 'c1', error_key: 'K' }]);
      }));

    test('DVO 3 deletes rows last checked on or before 2024-03-09; DVO 4 adds rule_hits_count = {}', () =>
      withDb(backend, { dvo: 2 }, async (f) => {
        const checked = [
          '2024-03-08 12:00:00',
          '2024-03-09 00:00:00',
          '2024-03-09 00:00:00.000',
          '2024-03-09 00:00:00.000001',
          '2024-03-10 08:00:00.5',
          null,
        ];
        for (const [i, at] of checked.entries()) {
          await run(
            f.db,
            `INSERT INTO dvo.dvo_report (org_id, cluster_id, namespace_id, recommendations, objects, last_checked_at)
          VALUES (1, 'c', 'ns${i}', 1, 1, ${at === null ? 'NULL' : `'${at}'`})`,
          );
        }
        await migrateTo(f.db, 'dvo', 3);
        const left = (await rows<{ namespace_id: string }>(f.db, 'SELECT namespace_id FROM dvo.dvo_report ORDER BY namespace_id')).map(
          (r) => r.namespace_id,
        );
        assert.deepEqual(left, ['ns3', 'ns4', 'ns5']);
        await migrateTo(f.db, 'dvo', 4);
        assert.deepEqual(await rows(f.db, 'SELECT DISTINCT rule_hits_count FROM dvo.dvo_report'), [{ rule_hits_count: '{}' }]);
      }));
  });
}
