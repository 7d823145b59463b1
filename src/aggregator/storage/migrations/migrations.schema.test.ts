// @requires postgres
/**
 * Final schema after OCP 0->32 and DVO 0->4 (spec 3.3), on PostgreSQL (types, nullability, defaults,
 * constraint and index names) and SQLite (nearest types, keys, FK, indexes).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maxVersion, migrateTo } from './migrator.js';
import { backends, columns, dump, fresh, primaryKeys, rows, run, tables } from './test-helpers/inspect.js';
import { DVO_FINAL, DVO_PKEYS, OCP_FINAL, OCP_PKEYS, sqliteColumn } from './test-helpers/expected.js';

function expectedColumns(spec: typeof OCP_FINAL, dialect: 'postgres' | 'sqlite') {
  return Object.entries(spec)
    .flatMap(([table, cols]) =>
      cols.map(([name, type, notNull, def]) => {
        const mapped = dialect === 'postgres' ? { type, default: def ?? null } : sqliteColumn(type, def);
        return { table, name, type: mapped.type, nullable: !notNull, default: mapped.default };
      }),
    )
    .sort((a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name));
}

test('maximum versions are 32 (OCP) and 4 (DVO)', () => {
  assert.equal(maxVersion('ocp'), 32);
  assert.equal(maxVersion('dvo'), 4);
});

for (const backend of backends) {
  describe(`final schema (${backend.name})`, () => {
    test('OCP 0->32 gives exactly the tables and columns of spec 3.3', async () => {
      const f = await fresh(backend, { ocp: 32 });
      try {
        assert.deepEqual(await tables(f.db, 'ocp'), Object.keys(OCP_FINAL).sort());
        assert.deepEqual(await columns(f.db, 'ocp'), expectedColumns(OCP_FINAL, backend.name));
        const pks = await primaryKeys(f.db, 'ocp');
        for (const [table, [, cols]] of Object.entries(OCP_PKEYS)) assert.deepEqual(pks[table], cols, table);
        assert.deepEqual(Object.keys(pks).sort(), Object.keys(OCP_PKEYS).sort(), 'no other table has a primary key');
      } finally {
        await f.close();
      }
    });

    test('DVO 0->4 gives exactly dvo.migration_info and dvo.dvo_report', async () => {
      const f = await fresh(backend, { dvo: 4 });
      try {
        assert.deepEqual(await tables(f.db, 'dvo'), ['dvo_report', 'migration_info']);
        assert.deepEqual(await columns(f.db, 'dvo'), expectedColumns(DVO_FINAL, backend.name));
        assert.deepEqual((await primaryKeys(f.db, 'dvo')).dvo_report, DVO_PKEYS.dvo_report[1]);
        const lines = await dump(f.db, 'dvo');
        if (backend.name === 'postgres') {
          assert.ok(lines.includes('index CREATE INDEX report_org_id_idx ON dvo.dvo_report USING hash (org_id)'), lines.join('\n'));
          assert.ok(lines.includes('index CREATE INDEX report_org_id_cluster_id_idx ON dvo.dvo_report USING btree (org_id, cluster_id)'));
        } else {
          assert.ok(lines.includes('index dvo_report report_org_id_idx unique=0 (org_id)'), lines.join('\n'));
          assert.ok(lines.includes('index dvo_report report_org_id_cluster_id_idx unique=0 (org_id, cluster_id)'));
        }
        // OCP is untouched by the DVO migrations.
        assert.deepEqual(await tables(f.db, 'ocp'), ['migration_info']);
      } finally {
        await f.close();
      }
    });

    test('keys, FK cascade, CHECK and indexes behave as specified', async () => {
      const f = await fresh(backend, { ocp: 32 });
      try {
        const lines = await dump(f.db, 'ocp');
        if (backend.name === 'sqlite') {
          assert.ok(lines.includes('fk cluster_rule_user_feedback.cluster_id -> report(cluster) on delete CASCADE'), lines.join('\n'));
          assert.ok(lines.includes('index report report_kafka_offset_btree_idx unique=0 (kafka_offset)'));
          assert.ok(lines.includes('index report (auto) unique=1 (cluster)'));
          assert.ok(lines.includes('index report_info (auto) unique=1 (cluster_id)'));
          assert.equal(lines.filter((l) => l.startsWith('fk ')).length, 1, 'only one FK');
        }
        await run(
          f.db,
          "INSERT INTO report (org_id, cluster, report) VALUES (1, 'c1', '{}')",
          `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote, added_at, updated_at, org_id)
            VALUES ('c1', 'r.report', 'u', 'm', 1, '2024-01-01 00:00:00', '2024-01-01 00:00:00', '1')`,
        );
        await assert.rejects(run(f.db, "INSERT INTO report (org_id, cluster, report) VALUES (2, 'c1', '{}')"), 'report_cluster_key');
        await assert.rejects(
          run(
            f.db,
            `INSERT INTO cluster_rule_user_feedback (cluster_id, rule_id, user_id, message, user_vote,
          added_at, updated_at) VALUES ('nope', 'r', 'u', 'm', 1, '2024-01-01 00:00:00', '2024-01-01 00:00:00')`,
          ),
          'FK',
        );
        await assert.rejects(
          run(
            f.db,
            `INSERT INTO cluster_rule_toggle (cluster_id, rule_id, disabled, updated_at)
          VALUES ('c1', 'r', 2, '2024-01-01 00:00:00')`,
          ),
          'CHECK',
        );
        await run(f.db, "DELETE FROM report WHERE cluster = 'c1'");
        assert.deepEqual(await rows(f.db, 'SELECT * FROM cluster_rule_user_feedback'), [], 'ON DELETE CASCADE');
        await run(f.db, "INSERT INTO recommendation (org_id, cluster_id, rule_fqdn, error_key) VALUES (1, 'c', 'm', 'K')");
        const [rec] = await rows<{ rule_id: string; created_at: string }>(f.db, 'SELECT rule_id, created_at FROM recommendation');
        assert.equal(rec.rule_id, '.');
        assert.match(rec.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/);
      } finally {
        await f.close();
      }
    });

    test('32 -> 0 -> 32 and 4 -> 0 -> 4 reproduce the same schema', async () => {
      const f = await fresh(backend, { ocp: 32, dvo: 4 });
      try {
        const before = { ocp: await dump(f.db, 'ocp'), dvo: await dump(f.db, 'dvo') };
        for (const [set, max] of [
          ['ocp', 32],
          ['dvo', 4],
        ] as const) {
          assert.deepEqual(await migrateTo(f.db, set, 0), { from: max, to: 0 });
          assert.deepEqual(await tables(f.db, set), ['migration_info']);
          await migrateTo(f.db, set, max);
          assert.deepEqual(await dump(f.db, set), before[set]);
        }
      } finally {
        await f.close();
      }
    });
  });
}

describe('final schema names (postgres)', () => {
  test('constraint and index names of spec 3.3', async () => {
    const f = await fresh(backends[0], { ocp: 32, dvo: 4 });
    try {
      const cons = await rows<{ ns: string; t: string; name: string; type: string; def: string }>(
        f.db,
        `
        SELECT ns.nspname AS ns, rel.relname AS t, c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_class rel ON rel.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname IN ('public', 'dvo') ORDER BY 1, 2, 3`,
      );
      const pkeys = Object.fromEntries(cons.filter((c) => c.type === 'p').map((c) => [`${c.ns}.${c.t}`, [c.name, c.def]]));
      for (const [table, [name, cols]] of Object.entries(OCP_PKEYS)) {
        assert.deepEqual(pkeys[`public.${table}`], [name, `PRIMARY KEY (${cols.join(', ')})`], table);
      }
      assert.deepEqual(pkeys['dvo.dvo_report'], ['dvo_report_pkey', 'PRIMARY KEY (org_id, cluster_id, namespace_id)']);
      const others = cons.filter((c) => c.type !== 'p').map((c) => `${c.t} ${c.name} ${c.def}`);
      assert.deepEqual(others.sort(), [
        'cluster_rule_toggle cluster_rule_toggle_disabled_check CHECK (((disabled >= 0) AND (disabled <= 1)))',
        'cluster_rule_user_feedback cluster_rule_user_feedback_cluster_id_fkey FOREIGN KEY (cluster_id) REFERENCES report(cluster) ON DELETE CASCADE',
        'report report_cluster_key UNIQUE (cluster)',
        'report_info report_info_cluster_id_key UNIQUE (cluster_id)',
      ]);
      const idx = await rows<{ name: string; def: string }>(
        f.db,
        `
        SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname IN ('public', 'dvo') ORDER BY 1`,
      );
      const plain = idx.filter((i) => !cons.some((c) => c.name === i.name)).map((i) => i.def);
      assert.deepEqual(plain, [
        'CREATE INDEX report_kafka_offset_btree_idx ON public.report USING btree (kafka_offset)',
        'CREATE INDEX report_org_id_cluster_id_idx ON dvo.dvo_report USING btree (org_id, cluster_id)',
        'CREATE INDEX report_org_id_idx ON dvo.dvo_report USING hash (org_id)',
      ]);
    } finally {
      await f.close();
    }
  });
});
