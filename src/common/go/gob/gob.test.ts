import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GobReader, GobWriter } from './buffer.js';
import { decodeGob, decodeGobValue, encodeGob, GobError, type GobType } from './index.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const written = (f: (w: GobWriter) => void) => {
  const w = new GobWriter(1);
  f(w);
  return w.result().toString('hex');
};

describe('gob primitives (hand-checked against the encoding/gob documentation)', () => {
  it('unsigned integers: one byte below 128, else negated byte count and big-endian bytes', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [7, '07'],
      [127, '7f'],
      [128, 'ff80'],
      [256, 'fe0100'],
      [65535, 'feffff'],
      [4447, 'fe115f'],
      [2 ** 32, 'fb0100000000'],
    ];
    for (const [n, h] of cases) {
      assert.equal(
        written((w) => w.uint(n)),
        h,
        `uint ${n}`,
      );
      assert.equal(new GobReader(hex(h)).uint(), n);
    }
  });

  it('signed integers: bit 0 is the sign, complemented when negative', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [1, '02'],
      [-1, '01'],
      [22, '2c'],
      [33, '42'],
      [65, 'ff82'],
      [-65, 'ff81'],
      [-129, 'fe0101'],
      [Number.MAX_SAFE_INTEGER, 'f93ffffffffffffe'],
    ];
    for (const [n, h] of cases) {
      assert.equal(
        written((w) => w.int(n)),
        h,
        `int ${n}`,
      );
      assert.equal(new GobReader(hex(h)).int(), n);
    }
  });

  it('strings are a byte count and UTF-8; bools 0 and 1', () => {
    assert.equal(
      written((w) => w.string('Point')),
      '05506f696e74',
    );
    assert.equal(
      written((w) => w.string('é')),
      '02c3a9',
    );
    assert.equal(new GobReader(hex('02c3a9')).string(), 'é');
    assert.equal(
      written((w) => w.bool(true)),
      '01',
    );
    assert.throws(() => new GobReader(hex('02')).bool(), GobError);
  });
});

const POINT: GobType = {
  kind: 'struct',
  name: 'Point',
  fields: [
    { name: 'X', type: 'int' },
    { name: 'Y', type: 'int' },
  ],
};

describe('gob streams', () => {
  it('encodes Point{22, 33} exactly as the encoding/gob documentation shows', () => {
    const doc = hex(`1f ff81 03 01 01 05 506f696e74 01 ff82 00 01 02 01 01 58 01 04 00 01 01 59 01 04 00 00 00
      07 ff82 01 2c 01 42 00`);
    assert.deepEqual(encodeGob(POINT, { X: 22, Y: 33 }), doc);
    assert.deepEqual(decodeGobValue(doc), { type: POINT, value: { X: 22, Y: 33 } });
  });

  it('leaves zero struct fields out and decodes them as zero', () => {
    const bytes = encodeGob(POINT, { X: 0, Y: -1 });
    assert.equal(bytes.subarray(-6).toString('hex'), '05ff82020100');
    assert.deepEqual(decodeGobValue(bytes).value, { X: 0, Y: -1 });
  });

  it('a map, a slice and a nested struct: definitions in Go order, zero elements sent, empty ones left out', () => {
    const tags: GobType = { kind: 'slice', name: '[]string', elem: 'string' };
    const inner: GobType = { kind: 'struct', name: 'Inner', fields: [{ name: 'Tags', type: tags }] };
    const outer: GobType = {
      kind: 'struct',
      name: 'Outer',
      fields: [
        { name: 'M', type: { kind: 'map', name: 'map[string]int', key: 'string', elem: 'int' } },
        { name: 'In', type: inner },
        { name: 'Ok', type: 'bool' },
      ],
    };
    const bytes = encodeGob(outer, { M: new Map([['a', 0]]), In: { Tags: [] }, Ok: true });
    // Outer 65, map 66, Inner 67, []string 68; sent Outer, map, Inner, []string.
    const expected = hex(`
      29 ff81 03 01 01 05 4f75746572 01 ff82 00 01 03 01 01 4d 01 ff84 00 01 02 496e 01 ff86 00 01 02 4f6b 01 02 00 00 00
      1e ff83 04 01 01 0e 6d61705b737472696e675d696e74 01 ff84 00 01 0c 01 04 00 00
      1d ff85 03 01 01 05 496e6e6572 01 ff86 00 01 01 01 04 54616773 01 ff88 00 00 00
      16 ff87 02 01 01 08 5b5d737472696e67 01 ff88 00 01 0c 00 00
      0c ff82 01 01 01 61 00 01 00 01 01 00`);
    assert.equal(bytes.toString('hex'), expected.toString('hex'));
    const back = decodeGobValue(bytes);
    assert.deepEqual(back.value, { M: new Map([['a', 0]]), In: { Tags: [] }, Ok: true });
    assert.deepEqual(encodeGob(back.type, back.value), bytes);
  });

  it('a struct reached first as a map element has no name on the wire (as Go)', () => {
    const elem: GobType = { kind: 'struct', name: 'Elem', fields: [{ name: 'A', type: 'string' }] };
    const top: GobType = {
      kind: 'struct',
      name: 'Top',
      fields: [{ name: 'M', type: { kind: 'map', name: 'map[string]pkg.Elem', key: 'string', elem } }],
    };
    const decoded = decodeGobValue(encodeGob(top, { M: { x: { A: 'y' } } }));
    const m = (decoded.type as Extract<GobType, { kind: 'struct' }>).fields[0]!.type as Extract<GobType, { kind: 'map' }>;
    assert.equal((m.elem as Extract<GobType, { kind: 'struct' }>).name, '');
    assert.deepEqual(decoded.value, { M: new Map([['x', { A: 'y' }]]) });
  });

  it('a non-struct top-level value is sent as a singleton field', () => {
    const bytes = encodeGob({ kind: 'slice', name: '[]string', elem: 'string' }, ['a']);
    assert.equal(bytes.subarray(-7).toString('hex'), '06ff8200010161');
    assert.deepEqual(decodeGobValue(bytes).value, ['a']);
  });

  it('malformed streams are GobErrors, never crashes', () => {
    const good = encodeGob(POINT, { X: 22, Y: 33 });
    for (let cut = 1; cut < good.length; cut++) assert.throws(() => decodeGobValue(good.subarray(0, cut)), GobError, `cut at ${cut}`);
    assert.throws(() => decodeGob(hex('03 ff82 00')), /unknown type id 65/);
    assert.throws(() => decodeGob(hex('02 08 00')), /unsupported|unknown type id/);
    assert.throws(() => decodeGob(hex('05 ff82 01 ff ff')), GobError);
    assert.throws(() => decodeGob(hex('7f 00')), /exceeds the stream/);
    assert.throws(() => encodeGob(POINT, { X: 1.5 }), GobError);
    assert.throws(() => encodeGob(POINT, 'x'), GobError);
  });
});
