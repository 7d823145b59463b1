/**
 * JSON as the upstream Go service writes it: `encoding/json` escapes `<`, `>`, `&`, U+2028 and U+2029,
 * and the response writer appends a newline. Errors use the `{"status": "..."}` envelope.
 */
const HTML_UNSAFE = /[<>&\u2028\u2029]/;
const HTML_UNSAFE_G = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Escapes as Go does. Safe on JSON text: these characters only occur inside strings. */
export function goEscape(json: string): string {
  return HTML_UNSAFE.test(json) ? json.replace(HTML_UNSAFE_G, (c) => ESCAPES[c]) : json;
}

/** A JSON string literal as Go's encoding/json writes it (the bytes `goJson` gives for a string). */
export function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : goEscape(JSON.stringify(s));
}
/** Text that neither JSON.stringify nor Go escapes: no quote, backslash, control, HTML, U+2028/9 or surrogate. */
const PLAIN = /^[^"\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]*$/;

/** Go `json.Marshal` + newline, for an already-built value. */
export function goJson(value: unknown): string {
  return `${goEscape(JSON.stringify(value))}\n`;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** `{"status":"<message>"}` */
export function statusBody(message: string): string {
  return goJson({ status: message });
}
