/**
 * Go's `json.Marshal` of a `map[string]*json.RawMessage` (how the db-writer serialises `Report` and
 * `Metrics` back for storage): keys sorted by bytes, each raw value compacted (insignificant whitespace
 * removed) and HTML-escaped (`<`, `>`, `&`, U+2028, U+2029 as `\u003c`-style escapes), everything else of the
 * raw value kept as written (nested key order, number literals, existing escapes). A nil value is `null`.
 */
import { goJsonMarshal } from './marshal.js';
import { type JNode, type JsonText, type ParsedJson, parseGoJson } from './json.js';

/** Go's `json.Compact` with HTML escaping, over valid JSON text. */
export function goCompact(raw: string): string {
  const parsed = parseGoJson(raw);
  return parsed.compact(parsed.root);
}

function compareUtf8(a: string, b: string): number {
  // UTF-16 order equals UTF-8 byte order except around surrogates; keys are nearly always ASCII.
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Go's encoding of `map[string]*json.RawMessage` whose values are nodes of `parsed`. */
export function goMarshalRawMap(parsed: ParsedJson, map: ReadonlyMap<string, JNode>): string {
  const keys = [...map.keys()].sort(compareUtf8);
  const parts = keys.map((key) => {
    const node = map.get(key) as JNode;
    return `${goJsonMarshal(key)}:${node.t === 'null' ? 'null' : parsed.compact(node)}`;
  });
  return `{${parts.join(',')}}`;
}

/**
 * goMarshalRawMap as bytes when the document has them (ParsedJson.bytes): one Buffer made of the keys and
 * the values' source bytes, with no string of the whole on V8's heap.
 */
export function goMarshalRawMapOut(parsed: ParsedJson, map: ReadonlyMap<string, JNode>): JsonText {
  if (!parsed.bytes) return goMarshalRawMap(parsed, map);
  const keys = [...map.keys()].sort(compareUtf8);
  const parts: (string | Buffer)[] = [];
  let length = 2 + Math.max(0, keys.length - 1);
  for (const key of keys) {
    const node = map.get(key) as JNode;
    const head = `${goJsonMarshal(key)}:`;
    const value = node.t === 'null' ? 'null' : parsed.compactOut(node);
    parts.push(head, value);
    length += Buffer.byteLength(head) + (typeof value === 'string' ? Buffer.byteLength(value) : value.length);
  }
  const out = Buffer.allocUnsafeSlow(length);
  let at = out.write('{', 0, 'latin1');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0 && i % 2 === 0) at += out.write(',', at, 'latin1');
    const part = parts[i]!;
    at += typeof part === 'string' ? out.write(part, at, 'utf8') : part.copy(out, at);
  }
  out.write('}', at, 'latin1');
  return out;
}

/** Go's encoding of a `map[string]int` (sorted keys). */
export function goMarshalCounts(counts: ReadonlyMap<string, number>): string {
  const keys = [...counts.keys()].sort(compareUtf8);
  return `{${keys.map((k) => `${goJsonMarshal(k)}:${counts.get(k)}`).join(',')}}`;
}

/** Go's encoding of a string value (HTML-escaped). */
export function goMarshalString(s: string): string {
  return goJsonMarshal(s);
}
