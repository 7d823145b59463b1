/** precompile / precompiledFor: compiled once, the request's values bound in place of the placeholders. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { precompile, precompiledFor } from './precompile.js';

interface Tables {
  t: { org_id: string; disabled: number; name: string };
}

// Compiling needs a dialect, not a connection.
const pgKysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: {} as never }) });
const liteKysely = new Kysely<Tables>({ dialect: new SqliteDialect({ database: {} as never }) });

describe('precompile', () => {
  it('binds each call`s values where the placeholders were, and keeps constants', () => {
    const q = precompile(['org', 'name'] as const, (p) =>
      pgKysely.selectFrom('t').selectAll().where('org_id', '=', p.org).where('disabled', '=', 1).where('name', '=', p.name),
    );
    const a = q({ org: '7', name: 'x' });
    const b = q({ org: '8', name: 'y' });
    assert.equal(a.sql, 'select * from "t" where "org_id" = $1 and "disabled" = $2 and "name" = $3');
    assert.equal(b.sql, a.sql);
    assert.deepEqual(a.parameters, ['7', 1, 'x']);
    assert.deepEqual(b.parameters, ['8', 1, 'y']);
  });

  it('precompiledFor compiles once per storage, each with its own dialect', () => {
    const builds: string[] = [];
    const storages = [
      { name: 'pg', kysely: pgKysely },
      { name: 'lite', kysely: liteKysely },
    ];
    const q = precompiledFor(['org'] as const, (s: (typeof storages)[number], p) => {
      builds.push(s.name);
      return s.kysely.selectFrom('t').select('name').where('org_id', '=', p.org);
    });
    for (let i = 0; i < 3; i++) {
      assert.equal(q(storages[0]!, { org: String(i) }).sql, 'select "name" from "t" where "org_id" = $1');
      assert.deepEqual(q(storages[1]!, { org: String(i) }).parameters, [String(i)]);
    }
    assert.equal(q(storages[1]!, { org: '1' }).sql, 'select "name" from "t" where "org_id" = ?');
    assert.deepEqual(builds, ['pg', 'lite']);
  });
});
