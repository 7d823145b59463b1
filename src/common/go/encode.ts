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

/**
 * Go's encoding of `map[string]*json.RawMessage` whose values are nodes of `parsed`, as the pieces to join:
 * each key's `"key":` (with `{` or `,` before it, `}` after the last value) and its compacted value, as a
 * string, or with `out` (ParsedJson.compactOut) as a view of the document's bytes where it has them.
 */
function rawMapParts(parsed: ParsedJson, map: ReadonlyMap<string, JNode>, out: boolean): JsonText[] {
  const keys = [...map.keys()].sort(compareUtf8);
  const parts: JsonText[] = [];
  keys.forEach((key, i) => {
    const node = map.get(key) as JNode;
    parts.push(`${i === 0 ? '{' : ','}${goJsonMarshal(key)}:`);
    parts.push(node.t === 'null' ? 'null' : out ? parsed.compactOut(node) : parsed.compact(node));
  });
  parts.push(keys.length === 0 ? '{}' : '}');
  return parts;
}

/** Go's encoding of `map[string]*json.RawMessage` whose values are nodes of `parsed`. */
export function goMarshalRawMap(parsed: ParsedJson, map: ReadonlyMap<string, JNode>): string {
  return rawMapParts(parsed, map, false).join('');
}

/**
 * goMarshalRawMap as bytes when the document has them (ParsedJson.bytes): one Buffer made of the keys and
 * the values' source bytes, with no string of the whole on V8's heap.
 */
export function goMarshalRawMapOut(parsed: ParsedJson, map: ReadonlyMap<string, JNode>): JsonText {
  if (!parsed.bytes) return goMarshalRawMap(parsed, map);
  const parts = rawMapParts(parsed, map, true);
  let length = 0;
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
  const bytes = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const part of parts) at += typeof part === 'string' ? bytes.write(part, at, 'utf8') : part.copy(bytes, at);
  return bytes;
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
