// @requires postgres
/** pgArrayLiteral: the pg client's own array text, and what PostgreSQL reads back from it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PG_HOST, PG_PORT, PG_USER } from '#test/helpers/databases.js';
import { pgArrayLiteral } from './lists.js';

const { prepareValue } = (pg as unknown as { utils: { prepareValue: (v: unknown) => unknown } }).utils;

const SAMPLES: unknown[][] = [
  [],
  [''],
  ['a', 'b c', 'd,e', '{f}', 'NULL', 'null'],
  ['quote " inside', 'back\\slash', '\\"both\\"', '\\', '"'],
  ['é', '😀', '\u0001 control', 'line\nbreak', '  spaces  '],
  [1, -2.5, 0, 12345678901234567890n, null, undefined, 'x', true],
];

describe('pgArrayLiteral', () => {
  it('writes what the pg client writes for the same array', () => {
    for (const values of SAMPLES)
      assert.equal(
        pgArrayLiteral(values),
        prepareValue(values),
        JSON.stringify(values, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      );
  });

  it('refuses elements it does not write like the client', () => {
    assert.throws(() => pgArrayLiteral([{}]), /unsupported element of type object/);
    assert.throws(() => pgArrayLiteral([['nested']]), /unsupported element of type object/);
  });

  it('reads back as the same text[] on PostgreSQL', async () => {
    const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database: 'postgres' });
    await client.connect();
    try {
      for (const values of SAMPLES.slice(0, 5)) {
        const { rows } = await client.query<{ a: string[] }>('SELECT CAST($1 AS text[]) AS a', [pgArrayLiteral(values)]);
        assert.deepEqual(rows[0]!.a, values);
      }
    } finally {
      await client.end();
    }
  });
});
