/**
 * A parsed Go-JSON document (json.ts) as Go re-emits it: the source text of any value (`json.RawMessage`)
 * and Go's `json.Compact` with HTML escaping of it, from the whitespace runs and HTML-escaped characters
 * the parser recorded.
 */
import { HTML_ESCAPES } from './json-chars.js';
import type { JNode } from './json.js';

/**
 * JSON text as a string, or as its UTF-8 bytes. Bytes keep large values off V8's heap: a Buffer's contents
 * are not copied by the young-generation collector while a batch waits for its transaction, and
 * PostgreSQL takes them as a text parameter in binary format, which is those bytes (no encoding pass).
 */
export type JsonText = string | Buffer;

/** JsonText as a string. */
export const jsonString = (value: JsonText): string => (typeof value === 'string' ? value : value.toString('utf8'));

/** A parsed document: the tree plus what Go's `json.Compact` needs to re-emit any value of it. */
export class ParsedJson {
  constructor(
    readonly text: string,
    readonly root: JNode,
    private readonly gaps: readonly number[],
    private readonly html: readonly number[],
    /**
     * The document's bytes when every character is ASCII (a character's offset is then its byte's): the
     * *Out methods return slices of these bytes instead of strings.
     */
    readonly bytes: Buffer | null = null,
  ) {}

  /** The source text of a node (Go's json.RawMessage). */
  raw(node: JNode): string {
    return this.text.slice(node.s, node.e);
  }

  /** raw(node), as a view of the document's bytes when it has them (no copy). */
  rawOut(node: JNode): JsonText {
    return this.bytes ? this.bytes.subarray(node.s, node.e) : this.raw(node);
  }

  /**
   * compact(node), as bytes when the document has them: a view of the source where the node needs no
   * change (the usual case), else the compacted copy.
   */
  compactOut(node: JNode): JsonText {
    const { bytes, gaps, html } = this;
    if (!bytes) return this.compact(node);
    const g = firstAtOrAfter(gaps, node.s, 2);
    const h = firstAtOrAfter(html, node.s, 1);
    const changes = (g < gaps.length && gaps[g] < node.e) || (h < html.length && html[h] < node.e);
    return changes ? Buffer.from(this.compact(node), 'latin1') : bytes.subarray(node.s, node.e);
  }

  /**
   * Go's `json.Compact` with HTML escaping of a node's source: whitespace outside strings removed, `<`,
   * `>`, `&`, U+2028 and U+2029 written as `\u003c`-style escapes, everything else kept as written.
   */
  compact(node: JNode): string {
    const { text, gaps, html } = this;
    let g = firstAtOrAfter(gaps, node.s, 2);
    let h = firstAtOrAfter(html, node.s, 1);
    let out = '';
    let pos = node.s;
    for (;;) {
      const gap = g < gaps.length && gaps[g] < node.e ? gaps[g] : Infinity;
      const esc = h < html.length && html[h] < node.e ? html[h] : Infinity;
      if (gap === Infinity && esc === Infinity) break;
      if (gap < esc) {
        out += text.slice(pos, gap);
        pos = gaps[g + 1];
        g += 2;
      } else {
        out += text.slice(pos, esc) + HTML_ESCAPES[text[esc]];
        pos = esc + 1;
        h += 1;
      }
    }
    return out + text.slice(pos, node.e);
  }
}

/** Index of the first entry >= value in a sorted array of `stride`-sized records. */
function firstAtOrAfter(list: readonly number[], value: number, stride: number): number {
  let lo = 0;
  let hi = list.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid * stride] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo * stride;
}
