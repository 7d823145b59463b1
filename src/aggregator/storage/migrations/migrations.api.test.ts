// @requires postgres
/**
 * The migrator's contract (spec 1.3, 3.2): migration_info bookkeeping, invalid targets, one transaction per
 * call (rollback on failure), and concurrent migrators (two sets at once, one set twice at once).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStorage } from '../db.js';
import { ensureMigrationInfo, getVersion, maxVersion, migrateTo, MigrationError, type MigrationSet } from './migrator.js';
import { backends, fresh, rows, run, tables } from './test-helpers/inspect.js';
import { DVO_TABLES, OCP_TABLES } from './test-helpers/expected.js';

const invalid = (max: number) => (err: unknown) =>
  err instanceof MigrationError && err.message === `invalid target version (available version range is 0-${max})`;

for (const backend of backends) {
  describe(`migrator (${backend.name})`, () => {
    test('ensureMigrationInfo creates one row version=0, once', async () => {
      const f = await fresh(backend);
      try {
        for (const set of ['ocp', 'dvo'] as const) {
          const table = set === 'ocp' ? 'migration_info' : 'dvo.migration_info';
          assert.deepEqual(await rows(f.db, `SELECT version FROM ${table}`), [{ version: 0 }]);
          await migrateTo(f.db, set, 3);
          await ensureMigrationInfo(f.db, set);
          assert.deepEqual(await rows(f.db, `SELECT version FROM ${table}`), [{ version: 3 }]);
          assert.equal(await getVersion(f.db, set), 3);
          assert.deepEqual(await migrateTo(f.db, set, 3), { from: 3, to: 3 });
        }
      } finally {
        await f.close();
      }
    });

    test('migrateTo on a database without migration_info creates it first', async () => {
      const t = await backend.create();
      const db = openStorage(t.conf);
      try {
        assert.deepEqual(await migrateTo(db, 'dvo', 4), { from: 0, to: 4 });
        assert.deepEqual(await migrateTo(db, 'ocp', 1), { from: 0, to: 1 });
        assert.deepEqual(await rows(db, 'SELECT version FROM dvo.migration_info'), [{ version: 4 }]);
        assert.deepEqual(await tables(db, 'ocp'), OCP_TABLES[1]);
      } finally {
        await db.close();
        await t.drop();
      }
    });

    test('invalid targets and a current version above the maximum are refused', async () => {
      const f = await fresh(backend);
      try {
        await assert.rejects(migrateTo(f.db, 'ocp', 33), invalid(32));
        await assert.rejects(migrateTo(f.db, 'dvo', 5), invalid(4));
        await assert.rejects(migrateTo(f.db, 'ocp', -1), invalid(32));
        await assert.rejects(migrateTo(f.db, 'ocp', 1.5), invalid(32));
        await run(f.db, 'UPDATE migration_info SET version = 40');
        await assert.rejects(migrateTo(f.db, 'ocp', 3), invalid(32));
        assert.equal(await getVersion(f.db, 'ocp'), 40);
        assert.deepEqual(await tables(f.db, 'ocp'), ['migration_info']);
        assert.equal(maxVersion('ocp'), 32);
      } finally {
        await f.close();
      }
    });

    test('migration_info must hold exactly one row', async () => {
      const f = await fresh(backend);
      try {
        await run(f.db, 'INSERT INTO dvo.migration_info (version) VALUES (1)');
        const rowsError = (n: number) => (err: unknown) =>
          err instanceof MigrationError && err.message === `migration info table contain ${n} rows`;
        await assert.rejects(getVersion(f.db, 'dvo'), rowsError(2));
        await assert.rejects(migrateTo(f.db, 'dvo', 1), rowsError(2));
        await run(f.db, 'DELETE FROM dvo.migration_info');
        await assert.rejects(getVersion(f.db, 'dvo'), rowsError(0));
        // An existing (even empty) table is left alone, as upstream does.
        await ensureMigrationInfo(f.db, 'dvo');
        await assert.rejects(getVersion(f.db, 'dvo'), rowsError(0));
        assert.equal(await getVersion(f.db, 'ocp'), 0);
      } finally {
        await f.close();
      }
    });

    test('a failing step rolls the whole migration back', async () => {
      const f = await fresh(backend, { ocp: 2 });
      try {
        await run(f.db, 'CREATE TABLE consumer_error (x INTEGER)'); // step 5 will collide
        await assert.rejects(
          migrateTo(f.db, 'ocp', 32),
          (err: unknown) => err instanceof MigrationError && /^ocp migration 5 \(up\) failed: /.test(err.message),
        );
        assert.equal(await getVersion(f.db, 'ocp'), 2);
        assert.deepEqual(await tables(f.db, 'ocp'), [...OCP_TABLES[2], 'consumer_error'].sort());
        await run(f.db, 'DROP TABLE consumer_error');
        assert.deepEqual(await migrateTo(f.db, 'ocp', 32), { from: 2, to: 32 });
        // Down to 0 in one go (every down step), then a failure going down also rolls back.
        await run(f.db, "INSERT INTO report (org_id, cluster, report) VALUES (1, 'c', '{}')");
        await run(
          f.db,
          `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at,
          org_id) VALUES ('c', 'not.in.rule.table', 'u', 'm', 1, '2024-01-01 00:00:00', '2024-01-01 00:00:00', '1')`,
        );
        await assert.rejects(migrateTo(f.db, 'ocp', 0), /ocp migration 11 \(down\) failed/);
        assert.equal(await getVersion(f.db, 'ocp'), 32);
        assert.deepEqual(await tables(f.db, 'ocp'), OCP_TABLES[32]);
        assert.equal((await rows(f.db, 'SELECT * FROM cluster_rule_user_feedback')).length, 1);
      } finally {
        await f.close();
      }
    });

    test('concurrent migrators: OCP and DVO at once, and each set twice at once', async () => {
      const t = await backend.create();
      const a = openStorage(t.conf);
      const b = openStorage(t.conf);
      try {
        await Promise.all([
          ensureMigrationInfo(a, 'ocp'),
          ensureMigrationInfo(b, 'ocp'),
          ensureMigrationInfo(a, 'dvo'),
          ensureMigrationInfo(b, 'dvo'),
        ]);
        assert.deepEqual(await rows(a, 'SELECT version FROM dvo.migration_info'), [{ version: 0 }]);
        assert.deepEqual(await rows(a, 'SELECT version FROM migration_info'), [{ version: 0 }]);
        const runs: [MigrationSet, number, ReturnType<typeof migrateTo>][] = [
          ['ocp', 32, migrateTo(a, 'ocp', 32)],
          ['dvo', 4, migrateTo(a, 'dvo', 4)],
          ['ocp', 32, migrateTo(b, 'ocp', 32)],
          ['dvo', 4, migrateTo(b, 'dvo', 4)],
        ];
        const results = await Promise.all(runs.map(([, , p]) => p));
        for (const [set, max] of [
          ['ocp', 32],
          ['dvo', 4],
        ] as const) {
          const mine = results
            .filter((_, i) => runs[i][0] === set)
            .map((r) => r.from)
            .sort((x, y) => x - y);
          assert.deepEqual(mine, [0, max], `one ${set} migrator did the work, the other found it done`);
          assert.equal(await getVersion(b, set), max);
        }
        assert.deepEqual(await tables(a, 'ocp'), OCP_TABLES[32]);
        assert.deepEqual(await tables(a, 'dvo'), DVO_TABLES[4]);
        // And back down at once.
        const down = await Promise.all([migrateTo(a, 'ocp', 0), migrateTo(b, 'ocp', 0), migrateTo(b, 'dvo', 0)]);
        assert.deepEqual(
          down.map((r) => r.to),
          [0, 0, 0],
        );
        assert.deepEqual(await tables(a, 'ocp'), ['migration_info']);
        assert.deepEqual(await tables(a, 'dvo'), ['migration_info']);
      } finally {
        await a.close();
        await b.close();
        await t.drop();
      }
    });
  });
}
