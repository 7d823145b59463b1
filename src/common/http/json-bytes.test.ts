/**
 * parseJsonBytes: what JSON.parse of the text gives, for small and large documents of every shape the
 * cutting meets (objects and arrays nested past a piece, escapes, braces inside strings, space between
 * tokens, text beyond ASCII, duplicate and numeric keys), and JSON.parse's error for bytes that are not JSON.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonBytes } from './json-bytes.js';

const same = (text: string) => assert.deepEqual(parseJsonBytes(Buffer.from(text)), JSON.parse(text), text.slice(0, 80));

describe('parseJsonBytes', () => {
  const uuid = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const clusters = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        uuid(i),
        {
          created_at: '2020-04-02T09:00:05Z',
          meta: { cluster_version: i % 3 === 0 ? '' : '4.16.0' },
          recommendations: Array.from({ length: 7 }, (_, h) => `rule_${(i * 3 + h * 7) % 50}|EK "q" \\ {[,]} é\u2028😀`),
        },
      ]),
    );

  it("gives JSON.parse's value for large objects and arrays, compact and indented", () => {
    const doc = { clusters: clusters(1500), status: 'ok' };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), ` \n${JSON.stringify(doc)}\n `]) {
      assert.ok(text.length > 300_000);
      same(text);
    }
    same(JSON.stringify(Object.values(clusters(2000))));
    same(JSON.stringify({ a: [Object.values(clusters(1200)), [], {}, 'x'.repeat(200_000)], b: { c: clusters(900) }, '10': 1, '2': 2 }));
    same(`{"k":1,"big":${JSON.stringify(clusters(1000))},"k":2}`);
    same(
      JSON.stringify({
        recommendations: Object.fromEntries(
          Array.from({ length: 50 }, (_, r) => [`rule_${r}|EK`, Array.from({ length: 700 }, (_, c) => uuid(c))]),
        ),
        status: 'ok',
      }),
    );
  });

  it('small documents and scalars: JSON.parse as is', () => {
    for (const text of ['{}', '[]', '"x"', '1', 'null', '{"a":[1,2,{"b":"}"}]}']) same(text);
  });

  it("bytes that are not JSON: JSON.parse's error; __proto__ kept as JSON.parse keeps it", () => {
    const big = JSON.stringify(clusters(1200));
    for (const bad of [
      `${big.slice(0, -1)},}`,
      `${big.slice(0, -1)}`,
      `[${big} ${big}]`,
      `{"a" ${big}}`,
      `${big.slice(0, 200_000)}@${big.slice(200_001)}`,
      `[${big},]`,
    ]) {
      let expected: unknown;
      try {
        JSON.parse(bad);
      } catch (err) {
        expected = err;
      }
      assert.ok(expected instanceof SyntaxError, 'the case is not JSON');
      assert.throws(() => parseJsonBytes(Buffer.from(bad)), { name: 'SyntaxError', message: (expected as Error).message });
    }
    const proto = `{"__proto__":{"polluted":true},"big":${big}}`;
    const value = parseJsonBytes(Buffer.from(proto)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__', 'big']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
