/**
 * Characters as Go's JSON scanner and compaction see them (json.ts, json-compact.ts): JSON whitespace,
 * digits and hex digits, the characters `json.Compact` escapes for HTML, and how a syntax error names the
 * offending byte (Go's `quoteChar`).
 */
/** Go's `quoteChar`: how the scanner names the offending byte. */
export function goQuoteChar(text: string, pos: number): string {
  const cp = text.codePointAt(pos) ?? 0;
  // Go works on bytes: a non-ASCII character is named by the first byte of its UTF-8 encoding.
  const byte = cp < 0x80 ? cp : Buffer.from(String.fromCodePoint(cp), 'utf8')[0];
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return `'${goQuoteRune(byte)}'`;
}

/** strconv.Quote of a single rune in U+0000..U+00FF, without the surrounding quotes. */
function goQuoteRune(r: number): string {
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
    case 0x5c:
      return '\\\\';
    default:
      break;
  }
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  if ((r >= 0x80 && r <= 0xa0) || r === 0xad) return `\\u00${r.toString(16).padStart(2, '0')}`;
  return String.fromCharCode(r);
}

export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Characters Go's compaction escapes (`<`, `>`, `&`, U+2028, U+2029). */
export const isHtml = (c: number) => c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029;
export const HTML_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
