/**
 * A JSON parser that behaves like Go's `encoding/json` scanner (the db-writer is a Go program, and its
 * error texts end up in `consumer_error`): same grammar, same syntax-error texts
 * (`unexpected end of JSON input`, `invalid character 'x' looking for beginning of value`, ...), and every
 * value keeps its source span so that raw JSON (Go's `json.RawMessage`) can be reproduced byte for byte.
 *
 * Strings are decoded as Go decodes them: escapes resolved, escaped lone surrogates replaced by U+FFFD (the
 * text itself comes from Buffer#toString, which already replaced invalid UTF-8).
 *
 * Character classes and Go's naming of a bad byte: json-chars.ts; raw and compacted re-emission of a
 * parsed value (ParsedJson): json-compact.ts.
 */
import { goQuoteChar, hexValue, isDigit, isHtml, isWhitespace } from './json-chars.js';
import { ParsedJson } from './json-compact.js';

interface Span {
  /** Start offset in the source text (UTF-16 units). */
  s: number;
  /** End offset (exclusive). */
  e: number;
}

export interface JObject extends Span {
  t: 'object';
  keys: string[];
  values: JNode[];
}
export interface JArray extends Span {
  t: 'array';
  items: JNode[];
}
export interface JString extends Span {
  t: 'string';
  v: string;
}
export interface JNumber extends Span {
  t: 'number';
  /** The literal as written (Go type errors quote it: `number 1.5`). */
  raw: string;
}
export interface JBool extends Span {
  t: 'bool';
  v: boolean;
}
export interface JNull extends Span {
  t: 'null';
}
export type JNode = JObject | JArray | JString | JNumber | JBool | JNull;

export class GoJsonSyntaxError extends Error {
  override name = 'GoJsonSyntaxError';
}

const EOF_MESSAGE = 'unexpected end of JSON input';

export { goQuoteChar } from './json-chars.js';
export { ParsedJson } from './json-compact.js';

class Parser {
  pos = 0;
  /** Whitespace runs outside strings, as [start, end) pairs, in order. */
  readonly gaps: number[] = [];
  /** Offsets of characters Go's compaction escapes, in order. */
  readonly html: number[] = [];

  constructor(readonly text: string) {}

  fail(context: string): never {
    if (this.pos >= this.text.length) throw new GoJsonSyntaxError(EOF_MESSAGE);
    throw new GoJsonSyntaxError(`invalid character ${goQuoteChar(this.text, this.pos)} ${context}`);
  }

  skipWs(): number {
    const { text } = this;
    const start = this.pos;
    let p = start;
    while (p < text.length && isWhitespace(text.charCodeAt(p))) p++;
    if (p > start) this.gaps.push(start, p);
    this.pos = p;
    return p < text.length ? text.charCodeAt(p) : -1;
  }

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

  object(): JObject {
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
      keys.push(this.string().v);
      c = this.skipWs();
      if (c !== 0x3a) this.fail('after object key');
      this.pos++;
      values.push(this.value());
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

  array(): JArray {
    const s = this.pos;
    this.pos++;
    const items: JNode[] = [];
    let c = this.skipWs();
    if (c === 0x5d) {
      this.pos++;
      return { t: 'array', s, e: this.pos, items };
    }
    for (;;) {
      items.push(this.value());
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
    for (;;) {
      if (p >= text.length) {
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

  /** Decodes the escape starting at the backslash at `p`. */
  escape(p: number): { decoded: string; next: number } {
    const { text } = this;
    const c = text.charCodeAt(p + 1);
    switch (c) {
      case 0x22:
        return { decoded: '"', next: p + 2 };
      case 0x5c:
        return { decoded: '\\', next: p + 2 };
      case 0x2f:
        return { decoded: '/', next: p + 2 };
      case 0x62:
        return { decoded: '\b', next: p + 2 };
      case 0x66:
        return { decoded: '\f', next: p + 2 };
      case 0x6e:
        return { decoded: '\n', next: p + 2 };
      case 0x72:
        return { decoded: '\r', next: p + 2 };
      case 0x74:
        return { decoded: '\t', next: p + 2 };
      case 0x75: {
        const first = this.hex4(p + 2);
        if (first >= 0xd800 && first < 0xdc00) {
          // A high surrogate is only kept together with an escaped low surrogate right after it.
          if (text.charCodeAt(p + 6) === 0x5c && text.charCodeAt(p + 7) === 0x75) {
            const second = this.hex4(p + 8);
            if (second >= 0xdc00 && second < 0xe000) {
              return { decoded: String.fromCharCode(first, second), next: p + 12 };
            }
          }
          return { decoded: '\ufffd', next: p + 6 };
        }
        if (first >= 0xdc00 && first < 0xe000) return { decoded: '\ufffd', next: p + 6 };
        return { decoded: String.fromCharCode(first), next: p + 6 };
      }
      default:
        this.pos = p + 1;
        return this.fail('in string escape code');
    }
  }

  hex4(p: number): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const h = hexValue(this.text.charCodeAt(p + i));
      if (h < 0) {
        this.pos = p + i;
        this.fail('in \\u hexadecimal character escape');
      }
      value = value * 16 + h;
    }
    return value;
  }

  number(): JNumber {
    const { text } = this;
    const s = this.pos;
    let p = s;
    if (text.charCodeAt(p) === 0x2d) {
      p++;
      if (!isDigit(text.charCodeAt(p))) {
        this.pos = p;
        this.fail('in numeric literal');
      }
    }
    if (text.charCodeAt(p) === 0x30) p++;
    else while (isDigit(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 0x2e) {
      p++;
      if (!isDigit(text.charCodeAt(p))) {
        this.pos = p;
        this.fail('after decimal point in numeric literal');
      }
      while (isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 0x65 || e === 0x45) {
      p++;
      const sign = text.charCodeAt(p);
      if (sign === 0x2b || sign === 0x2d) p++;
      if (!isDigit(text.charCodeAt(p))) {
        this.pos = p;
        this.fail('in exponent of numeric literal');
      }
      while (isDigit(text.charCodeAt(p))) p++;
    }
    this.pos = p;
    return { t: 'number', s, e: p, raw: text.slice(s, p) };
  }

  literal(word: 'true' | 'false' | 'null'): JNode {
    const s = this.pos;
    for (let i = 1; i < word.length; i++) {
      if (this.text.charCodeAt(s + i) !== word.charCodeAt(i)) {
        this.pos = s + i;
        this.fail(`in literal ${word} (expecting '${word[i]}')`);
      }
    }
    this.pos = s + word.length;
    if (word === 'null') return { t: 'null', s, e: this.pos };
    return { t: 'bool', s, e: this.pos, v: word === 'true' };
  }
}

/** Parses one JSON document; throws GoJsonSyntaxError with Go's text. */
export function parseGoJson(text: string): ParsedJson {
  const parser = new Parser(text);
  const node = parser.value();
  if (parser.skipWs() !== -1) parser.fail('after top-level value');
  return new ParsedJson(text, node, parser.gaps, parser.html);
}
