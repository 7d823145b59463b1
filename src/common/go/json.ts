/**
 * A JSON parser that behaves like Go's `encoding/json` scanner (the db-writer is a Go program, and its
 * error texts end up in `consumer_error`): same grammar, same syntax-error texts
 * (`unexpected end of JSON input`, `invalid character 'x' looking for beginning of value`, ...), and every
 * value keeps its source span so that raw JSON (Go's `json.RawMessage`) can be reproduced byte for byte.
 *
 * Strings are decoded as Go decodes them: escapes resolved, escaped lone surrogates replaced by U+FFFD (the
 * text itself comes from Buffer#toString, which already replaced invalid UTF-8).
 *
 * Character classes and Go's naming of a bad byte: json-chars.ts; scanning, errors and the skipping of
 * unbuilt values: json-scan.ts; raw and compacted re-emission of a parsed value (ParsedJson): json-compact.ts.
 */
import { isDigit, isHtml } from './json-chars.js';
import { ParsedJson } from './json-compact.js';
import { SPECIAL, Scanner } from './json-scan.js';

import type { JArray, JNode, JNumber, JObject, JString, JsonShape } from './json-nodes.js';

export type * from './json-nodes.js';

export { goQuoteChar } from './json-chars.js';
export { GoJsonSyntaxError } from './json-scan.js';
export { type JsonText, ParsedJson, jsonString } from './json-compact.js';

/** The building half: a node per value, as the JsonShape asks. */
class Parser extends Scanner {
  value(): JNode {
    const c = this.skipWs();
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true');
      case 0x66:
        return this.literal('false');
      case 0x6e:
        return this.literal('null');
      default:
        if (c === 0x2d || isDigit(c)) return this.number();
        return this.fail('looking for beginning of value');
    }
  }

  /** A value read as `shape` says. */
  shaped(shape: JsonShape): JNode {
    if (shape === 'full') return this.value();
    const c = this.skipWs();
    if (c === 0x7b) return shape === 'skip' ? this.skipped('object') : this.object(shape);
    if (c === 0x5b) return shape === 'skip' ? this.skipped('array') : this.array(shape);
    return this.value();
  }

  object(shape?: Exclude<JsonShape, 'full' | 'skip'>): JObject {
    const s = this.pos;
    this.pos++;
    const keys: string[] = [];
    const values: JNode[] = [];
    let c = this.skipWs();
    if (c === 0x7d) {
      this.pos++;
      return { t: 'object', s, e: this.pos, keys, values };
    }
    for (;;) {
      if (c !== 0x22) this.fail('looking for beginning of object key string');
      const key = this.string().v;
      keys.push(key);
      c = this.skipWs();
      if (c !== 0x3a) this.fail('after object key');
      this.pos++;
      const sub = shape && (shape.keys?.get(key) ?? shape.rest);
      values.push(sub ? this.shaped(sub) : this.value());
      c = this.skipWs();
      if (c === 0x2c) {
        this.pos++;
        c = this.skipWs();
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return { t: 'object', s, e: this.pos, keys, values };
      }
      this.fail('after object key:value pair');
    }
  }

  array(shape?: Exclude<JsonShape, 'full' | 'skip'>): JArray {
    const s = this.pos;
    this.pos++;
    const items: JNode[] = [];
    let c = this.skipWs();
    if (c === 0x5d) {
      this.pos++;
      return { t: 'array', s, e: this.pos, items };
    }
    const sub = shape?.items;
    for (;;) {
      items.push(sub ? this.shaped(sub) : this.value());
      c = this.skipWs();
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return { t: 'array', s, e: this.pos, items };
      }
      this.fail('after array element');
    }
  }

  string(): JString {
    const { text } = this;
    const s = this.pos;
    let p = s + 1;
    let chunkStart = p;
    let out: string | null = null;
    const end = text.length;
    for (;;) {
      while (p < end && SPECIAL[text.charCodeAt(p)] === 0) p++;
      if (p >= end) {
        this.pos = p;
        this.fail('');
      }
      const c = text.charCodeAt(p);
      if (c === 0x22) break;
      if (c < 0x20) {
        this.pos = p;
        this.fail('in string literal');
      }
      if (c !== 0x5c) {
        if (isHtml(c)) this.html.push(p);
        p++;
        continue;
      }
      out = (out ?? '') + text.slice(chunkStart, p);
      const { decoded, next } = this.escape(p);
      out += decoded;
      p = next;
      chunkStart = p;
    }
    const v = out === null ? text.slice(chunkStart, p) : out + text.slice(chunkStart, p);
    this.pos = p + 1;
    return { t: 'string', s, e: this.pos, v };
  }

  number(): JNumber {
    const s = this.pos;
    const e = this.numberEnd();
    this.pos = e;
    return { t: 'number', s, e, raw: this.text.slice(s, e) };
  }

  literal(word: 'true' | 'false' | 'null'): JNode {
    const s = this.pos;
    this.pos = this.literalEnd(word);
    if (word === 'null') return { t: 'null', s, e: this.pos };
    return { t: 'bool', s, e: this.pos, v: word === 'true' };
  }
}

/**
 * Parses one JSON document; throws GoJsonSyntaxError with Go's text. `shape`: which values the caller reads
 * (JsonShape); the others are checked the same way, and accepted or refused with the same error, but not built.
 * `bytes`: the text's bytes when it is all ASCII (ParsedJson.bytes).
 */
export function parseGoJson(text: string, shape: JsonShape = 'full', bytes: Buffer | null = null): ParsedJson {
  const parser = new Parser(text);
  const node = parser.shaped(shape);
  if (parser.skipWs() !== -1) parser.fail('after top-level value');
  return new ParsedJson(text, node, parser.gaps, parser.html, bytes);
}
