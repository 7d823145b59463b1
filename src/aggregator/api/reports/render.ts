/**
 * Response rendering of the reports feature, written for the hot report endpoint: the JSON text is built
 * directly (Go field order, Go escaping) instead of building objects and serialising them.
 */
import { goEscape } from '#common/http/envelope.js';
import { dbToRfc3339Seconds } from '#common/time.js';
import { goJsonMarshal } from '#common/go/marshal.js';

/** Storage timestamp text → "RFC 3339 s" (`2020-04-02T09:00:05Z`); Go's zero time for NULL. */
export const rfc3339Seconds = dbToRfc3339Seconds;

/**
 * `details`: upstream decodes template_data into `interface{}` and re-encodes it (object keys sorted); when
 * it is not valid JSON the raw bytes are encoded, i.e. as a base64 string.
 */
export function detailsJson(templateData: string): string {
  const cached = detailsCache.get(templateData);
  if (cached !== undefined) return cached;
  const out = marshalDetails(templateData);
  if (templateData.length <= DETAILS_CACHE_ENTRY) {
    if (detailsCacheChars > DETAILS_CACHE_CHARS) {
      detailsCache.clear();
      detailsCacheChars = 0;
    }
    detailsCache.set(templateData, out);
    detailsCacheChars += templateData.length + out.length;
  }
  return out;
}

/**
 * Rule hits of many clusters carry the same template data (same rule, same details), so the re-encoding is
 * memoised by the stored text. Bounded: emptied when it holds more than DETAILS_CACHE_CHARS characters.
 */
const detailsCache = new Map<string, string>();
let detailsCacheChars = 0;
const DETAILS_CACHE_CHARS = 8_000_000;
const DETAILS_CACHE_ENTRY = 64 * 1024;

function marshalDetails(templateData: string): string {
  let value: unknown;
  try {
    value = JSON.parse(templateData);
  } catch {
    return `"${Buffer.from(templateData, 'utf8').toString('base64')}"`;
  }
  return goJsonMarshal(value);
}

/**
 * Go's `json.MarshalIndent(v, "", "\t")` applied to JSON text: insignificant whitespace is dropped, `<`,
 * `>`, `&`, U+2028 and U+2029 inside strings are escaped (as Go's compaction of json.RawMessage does), every
 * element goes on its own line indented by tabs, `": "` separates keys and values, and empty objects and
 * arrays stay `{}` / `[]`. No trailing newline. The input must be valid JSON.
 */
export function goIndent(text: string): string {
  let out = '';
  let depth = 0;
  const n = text.length;
  let i = 0;
  const newline = () => `\n${'\t'.repeat(depth)}`;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += goEscape(text.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      if (text[j] === (c === '{' ? '}' : ']')) {
        out += c === '{' ? '{}' : '[]';
        i = j + 1;
        continue;
      }
      depth++;
      out += c + newline();
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
      i++;
      continue;
    }
    if (c === ',') {
      out += `,${newline()}`;
      i++;
      continue;
    }
    if (c === ':') {
      out += ': ';
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !' \t\n\r,:{}[]"'.includes(text[j])) j++;
    out += text.slice(i, j);
    i = j;
  }
  return out;
}
