import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonString, parseGoJson } from './json.js';
import { goCompact, goMarshalRawMap, goMarshalRawMapOut } from './encode.js';
import { goFoldName } from './decode.js';
import { RFC3339, RFC3339_NANO, goParseTime } from './time.js';
import { toDbTimestamp } from '../time.js';

const syntaxError = (text: string) => {
  try {
    parseGoJson(text);
  } catch (err) {
    return (err as Error).message;
  }
  return null;
};

describe('Go JSON scanner', () => {
  it('reports Go syntax errors', () => {
    const cases: [string, string][] = [
      ['', 'unexpected end of JSON input'],
      ['   ', 'unexpected end of JSON input'],
      ['{', 'unexpected end of JSON input'],
      ['{"OrgID": 1', 'unexpected end of JSON input'],
      ['"abc', 'unexpected end of JSON input'],
      ['x', "invalid character 'x' looking for beginning of value"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair"],
      ['{1: 2}', "invalid character '1' looking for beginning of object key string"],
      ['{"a": 1,}', "invalid character '}' looking for beginning of object key string"],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['[1 2]', "invalid character '2' after array element"],
      ['{} x', "invalid character 'x' after top-level value"],
      ['01', "invalid character '1' after top-level value"],
      ['-x', "invalid character 'x' in numeric literal"],
      ['1.x', "invalid character 'x' after decimal point in numeric literal"],
      ['1ex', "invalid character 'x' in exponent of numeric literal"],
      ['tru', 'unexpected end of JSON input'],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
      ['nul', 'unexpected end of JSON input'],
      ['fals3', "invalid character '3' in literal false (expecting 'e')"],
      ['"a\u0001"', "invalid character '\\x01' in string literal"],
      ['"a\nb"', "invalid character '\\n' in string literal"],
      ['"\\q"', "invalid character 'q' in string escape code"],
      ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
      ['\ufeff{}', "invalid character 'ï' looking for beginning of value"],
    ];
    for (const [text, expected] of cases) assert.equal(syntaxError(text), expected, JSON.stringify(text));
  });

  it('decodes strings as Go does and keeps raw spans', () => {
    const text = '{ "a" : "x\\u00e9\\ud83d\\ude00\\ud800y" , "b": [ 1.50, {"c":null} ] }';
    const parsed = parseGoJson(text);
    const node = parsed.root;
    assert.equal(node.t, 'object');
    if (node.t !== 'object') return;
    assert.deepEqual(node.keys, ['a', 'b']);
    assert.equal(node.values[0].t === 'string' && node.values[0].v, 'xé😀\ufffdy');
    assert.equal(parsed.raw(node.values[1]), '[ 1.50, {"c":null} ]');
    assert.equal(parsed.compact(node.values[1]), '[1.50,{"c":null}]');
  });

  it('serialises a raw map like Go: sorted keys, compact, HTML-escaped, values otherwise verbatim', () => {
    const text = '{"z": [1.0, 2e3], "a": {"y": "<b>&amp;</b>", "x": "\\u00e9 \\/"}, "m": null, "é": 1, "b": "\u2028"}';
    const parsed = parseGoJson(text);
    const node = parsed.root;
    if (node.t !== 'object') throw new Error('object expected');
    const map = new Map(node.keys.map((k, i) => [k, node.values[i]]));
    assert.equal(
      goMarshalRawMap(parsed, map),
      '{"a":{"y":"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e","x":"\\u00e9 \\/"},"b":"\\u2028","m":null,"z":[1.0,2e3],"é":1}',
    );
    assert.equal(goCompact('{ "a b" : [ 1 , "x  y" ] }'), '{"a b":[1,"x  y"]}');
    assert.equal(goCompact('\n [ "<\\u003c>" , "&" ] '), '["\\u003c\\u003c\\u003e","\\u0026"]');
  });

  it('re-emits an ASCII document from its own bytes: views where unchanged, the same text as the string path', () => {
    const docs = [
      '{"z":[1.0,2e3],"a":{"y":"plain","x":"\\u00e9 \\/"},"m":null,"b":true}',
      '{"z": [1.0, 2e3], "a": {"y": "<b>&amp;</b>"}, "m": null}',
      '{ "k" : { } , "e" : [ ] , "s" : "a  b" }',
      '{}',
    ];
    for (const text of docs) {
      const bytes = Buffer.from(new TextEncoder().encode(text).buffer); // its own memory, not Node's pool
      const parsed = parseGoJson(text, 'full', bytes);
      const strings = parseGoJson(text);
      const node = parsed.root;
      if (node.t !== 'object') throw new Error('object expected');
      const map = new Map(node.keys.map((k, i) => [k, node.values[i]]));
      const out = goMarshalRawMapOut(parsed, map);
      assert.ok(Buffer.isBuffer(out), text);
      assert.equal(out.toString('utf8'), goMarshalRawMap(strings, map), text);
      for (const value of node.values) {
        const raw = parsed.rawOut(value);
        const compact = parsed.compactOut(value);
        assert.ok(Buffer.isBuffer(raw) && Buffer.isBuffer(compact));
        assert.equal(raw.toString('latin1'), strings.raw(value));
        assert.equal(compact.toString('latin1'), strings.compact(value));
        // A value that needs no change is a view of the message, not a copy.
        if (strings.compact(value) === strings.raw(value)) assert.equal(compact.buffer, bytes.buffer);
        else assert.notEqual(compact.buffer, bytes.buffer);
      }
    }
    // Without bytes (a document with non-ASCII characters) the same calls give strings.
    const text = '{"b":"é <x>","a":[ 1 ]}';
    const parsed = parseGoJson(text);
    const node = parsed.root;
    if (node.t !== 'object') throw new Error('object expected');
    const map = new Map(node.keys.map((k, i) => [k, node.values[i]]));
    assert.equal(goMarshalRawMapOut(parsed, map), '{"a":[1],"b":"é \\u003cx\\u003e"}');
    assert.equal(parsed.rawOut(node.values[1]), '[ 1 ]');
    assert.equal(jsonString(Buffer.from('"é"', 'utf8')), '"é"');
  });

  it('folds field names like Go', () => {
    assert.equal(goFoldName('orgid'), 'ORGID');
    assert.equal(goFoldName('OrgId'), 'ORGID');
    assert.equal(goFoldName('\u212a'), 'K'); // Kelvin sign matches k
    assert.equal(goFoldName('ß'), 'ß');
  });
});

describe('Go time.Parse (RFC 3339)', () => {
  const nano = (v: string) => {
    const r = goParseTime(RFC3339_NANO, v);
    return r.ok ? toDbTimestamp(r.instant) : r.error;
  };
  const layout = '"2006-01-02T15:04:05.999999999Z07:00"';

  it('parses, normalises to UTC and rounds to microseconds', () => {
    assert.equal(nano('2020-04-02T09:00:05.268294Z'), '2020-04-02 09:00:05.268294');
    assert.equal(nano('2020-01-23T16:15:59.478901889Z'), '2020-01-23 16:15:59.478902');
    assert.equal(nano('2020-01-23T16:15:59.9999996Z'), '2020-01-23 16:16:00.000000');
    assert.equal(nano('2020-04-02T11:00:05+02:00'), '2020-04-02 09:00:05.000000');
    assert.equal(nano('2024-02-06T12:25:07.418761+00:00'), '2024-02-06 12:25:07.418761');
    assert.equal(nano('2020-04-02T01:30:00-01:30'), '2020-04-02 03:00:00.000000');
    assert.equal(nano('2020-04-02T9:00:05Z'), '2020-04-02 09:00:05.000000'); // Go accepts a one-digit hour
    assert.equal(nano('2020-04-02T09:00:05,5Z'), '2020-04-02 09:00:05.500000');
    assert.equal(nano('0001-01-01T00:00:00Z'), '0001-01-01 00:00:00.000000');
    assert.equal(nano('2024-02-29T23:59:59Z'), '2024-02-29 23:59:59.000000');
  });

  it("reproduces Go's error texts", () => {
    const cases: [string, string][] = [
      ['', `parsing time "" as ${layout}: cannot parse "" as "2006"`],
      [
        'invalid-last-checked-attribute',
        `parsing time "invalid-last-checked-attribute" as ${layout}: cannot parse "invalid-last-checked-attribute" as "2006"`,
      ],
      ['2020.01.23 16:15:59', `parsing time "2020.01.23 16:15:59" as ${layout}: cannot parse ".01.23 16:15:59" as "-"`],
      ['2020-1-23T16:15:59Z', `parsing time "2020-1-23T16:15:59Z" as ${layout}: cannot parse "1-23T16:15:59Z" as "01"`],
      ['2020-01-23 16:15:59Z', `parsing time "2020-01-23 16:15:59Z" as ${layout}: cannot parse " 16:15:59Z" as "T"`],
      ['2020-01-23T16:15:59', `parsing time "2020-01-23T16:15:59" as ${layout}: cannot parse "" as "Z07:00"`],
      ['2020-01-23T16:15:59z', `parsing time "2020-01-23T16:15:59z" as ${layout}: cannot parse "z" as "Z07:00"`],
      ['2020-01-23T16:15:59+0100', `parsing time "2020-01-23T16:15:59+0100" as ${layout}: cannot parse "+0100" as "Z07:00"`],
      ['2020-13-01T00:00:00Z', 'parsing time "2020-13-01T00:00:00Z": month out of range'],
      ['2020-02-30T00:00:00Z', 'parsing time "2020-02-30T00:00:00Z": day out of range'],
      ['2020-01-01T24:00:00Z', 'parsing time "2020-01-01T24:00:00Z": hour out of range'],
      ['2020-01-01T00:60:00Z', 'parsing time "2020-01-01T00:60:00Z": minute out of range'],
      ['2020-01-01T00:00:60Z', 'parsing time "2020-01-01T00:00:60Z": second out of range'],
      ['2020-01-01T00:00:00Zjunk', 'parsing time "2020-01-01T00:00:00Zjunk": extra text: "junk"'],
      ['2020-01-01T00:00:00+25:00', 'parsing time "2020-01-01T00:00:00+25:00": time zone offset hour out of range'],
      ['2020-01-0é', `parsing time "2020-01-0\\xc3\\xa9" as ${layout}: cannot parse "0\\xc3\\xa9" as "02"`],
    ];
    for (const [value, expected] of cases) assert.equal(nano(value), expected, value);
  });

  it('uses the RFC3339 layout for time.Time JSON values, accepting a fraction all the same', () => {
    const r = goParseTime(RFC3339, '2020-04-02T08:58:00.5Z');
    assert.ok(r.ok);
    const bad = goParseTime(RFC3339, 'yesterday');
    assert.deepEqual(bad, {
      ok: false,
      error: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    });
  });
});
