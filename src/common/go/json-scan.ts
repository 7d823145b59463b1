/**
 * The scanning half of the Go-JSON parser (json.ts): position, whitespace, Go's syntax errors, escapes,
 * number and literal ends, and the skipping of values a JsonShape does not build (checked with the same
 * grammar and errors as the building parser, spanned, but not built). The building parser extends it.
 */
import { goQuoteChar, hexValue, isDigit, isHtml, isWhitespace } from './json-chars.js';
import type { JSkipped } from './json-nodes.js';

export class GoJsonSyntaxError extends Error {
  override name = 'GoJsonSyntaxError';
}

const EOF_MESSAGE = 'unexpected end of JSON input';

/** String characters that need attention: the quote, the backslash, controls, and what Go escapes for HTML. */
export const SPECIAL = new Uint8Array(0x10000);
for (const c of [0x22, 0x5c, 0x3c, 0x3e, 0x26, 0x2028, 0x2029]) SPECIAL[c] = 1;
SPECIAL.fill(1, 0, 0x20);

export class Scanner {
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

  /** The object or array at `pos`, checked and spanned; nothing of it is built. */
  skipped(of: 'object' | 'array'): JSkipped {
    const s = this.pos;
    const empty = of === 'object' ? this.skipObject() : this.skipArray();
    return { t: 'skipped', s, e: this.pos, of, empty };
  }

  /** Skips the value at `pos` (after whitespace), with the errors value() gives. */
  skipValue(): void {
    const c = this.skipWs();
    switch (c) {
      case 0x7b:
        this.skipObject();
        return;
      case 0x5b:
        this.skipArray();
        return;
      case 0x22:
        this.skipString();
        return;
      case 0x74:
        this.pos = this.literalEnd('true');
        return;
      case 0x66:
        this.pos = this.literalEnd('false');
        return;
      case 0x6e:
        this.pos = this.literalEnd('null');
        return;
      default:
        if (c === 0x2d || isDigit(c)) this.pos = this.numberEnd();
        else this.fail('looking for beginning of value');
    }
  }

  /** The object at `pos` (its `{`); true when it has no member. Same checks and errors as object(). */
  skipObject(): boolean {
    this.pos++;
    let c = this.skipWs();
    if (c === 0x7d) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (c !== 0x22) this.fail('looking for beginning of object key string');
      this.skipString();
      c = this.skipWs();
      if (c !== 0x3a) this.fail('after object key');
      this.pos++;
      this.skipValue();
      c = this.skipWs();
      if (c === 0x2c) {
        this.pos++;
        c = this.skipWs();
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return false;
      }
      this.fail('after object key:value pair');
    }
  }

  /** The array at `pos` (its `[`); true when it has no element. Same checks and errors as array(). */
  skipArray(): boolean {
    this.pos++;
    let c = this.skipWs();
    if (c === 0x5d) {
      this.pos++;
      return true;
    }
    for (;;) {
      this.skipValue();
      c = this.skipWs();
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return false;
      }
      this.fail('after array element');
    }
  }

  /** The string at `pos` (its opening quote), checked as string() does; records HTML characters. */
  skipString(): void {
    const { text } = this;
    let p = this.pos + 1;
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
      if (c === 0x5c) {
        p = this.escape(p).next;
        continue;
      }
      if (isHtml(c)) this.html.push(p);
      p++;
    }
    this.pos = p + 1;
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

  /** The end of the number literal at `pos`; fails as Go's scanner does. */
  numberEnd(): number {
    const { text } = this;
    let p = this.pos;
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
    return p;
  }

  /** The end of the literal `word` at `pos`; fails as Go's scanner does. */
  literalEnd(word: 'true' | 'false' | 'null'): number {
    const s = this.pos;
    for (let i = 1; i < word.length; i++) {
      if (this.text.charCodeAt(s + i) !== word.charCodeAt(i)) {
        this.pos = s + i;
        this.fail(`in literal ${word} (expecting '${word[i]}')`);
      }
    }
    return s + word.length;
  }
}
