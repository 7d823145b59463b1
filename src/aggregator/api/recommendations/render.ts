/**
 * The answers of the two list routes (spec 4.4.8) written as text, in Go's bytes: map keys sorted (Go
 * marshals maps sorted by key), struct fields in declaration order, Go escaping, newline. The per-group
 * lists arrive as JSON array texts (`sortedJsonArray` of the database's aggregate, or `jsonArray` on the row
 * path).
 */
import { jsonString } from '#common/http/envelope.js';
import { TextWriter } from '#common/http/text-writer.js';
import { LIST_AGG_SEPARATOR, parseListAgg } from '#common/sql/aggregates.js';
import { dbToRfc3339Nano } from '#common/time.js';

/** Code-unit order, the order of Go's sorted map keys and of the lists (as JavaScript compares strings). */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One entry of `recommendations/.../list`: a rule ID and the JSON array text of its clusters. */
export interface RuleClusters {
  rule_id: string;
  /** JSON array text of the cluster IDs, sorted. */
  clusters: string;
}

/** One entry of `clusters/.../recommendations`. */
export interface ClusterRuleIds {
  cluster: string;
  /** report.last_checked_at, storage text (null when NULL). */
  last_checked_at: string | null;
  /** report_info.version_info, null when the cluster has none. */
  version_info: string | null;
  /** JSON array text of the non-empty rule IDs, sorted; null for none. */
  rule_ids: string | null;
}

/** `strings` (already sorted) as a Go-escaped JSON array text. */
export function jsonArray(strings: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < strings.length; i++) out += i === 0 ? jsonString(strings[i]) : `,${jsonString(strings[i])}`;
  return `${out}]`;
}

/**
 * A `listAgg` text (common/sql/aggregates.ts) as a Go-escaped JSON array text of its values sorted by code
 * units; null when a value held the separator (the caller reads the rows instead). The usual case costs no
 * value strings at all: a plain text (printable ASCII without `"`, `\\`, `<`, `>`, `&`) whose values
 * already come in order (the index scan's order) is checked in place and its separators replaced.
 */
export function sortedJsonArray(listAggText: string): string | null {
  const start = listAggText.indexOf(LIST_AGG_SEPARATOR) + 1;
  const plain = PLAIN_LIST.test(listAggText);
  if (plain && inOrder(listAggText, start, Number(listAggText.slice(0, start - 1)))) {
    return `["${listAggText.slice(start).replaceAll(LIST_AGG_SEPARATOR, '","')}"]`;
  }
  const values = parseListAgg(listAggText);
  if (values === null) return null;
  values.sort(); // the default order: UTF-16 code units
  return plain ? `["${values.join('","')}"]` : jsonArray(values);
}
/**
 * The requested cluster IDs in code-unit order, each with its rank and its Go-escaped JSON string, to sort
 * `listAgg` texts of them (`rankedJsonArray`).
 */
export interface ClusterRanks {
  /** The distinct IDs' JSON strings, in the IDs' code-unit order. */
  json: readonly string[];
  rank: ReadonlyMap<string, number>;
}

export function clusterRanks(clusters: readonly string[]): ClusterRanks {
  const sorted = [...new Set(clusters)].sort(); // the default order: UTF-16 code units, as sortedJsonArray's
  return { json: sorted.map(jsonString), rank: new Map(sorted.map((id, i) => [id, i])) };
}

/**
 * A `listAgg` text of requested cluster IDs as the JSON array text `sortedJsonArray` gives, sorted by
 * their ranks (integers) instead of comparing the strings: the database returns an org's hits in no
 * useful order once its tables are analysed, and sorting the strings was most of A16's own work (issue 12,
 * docs/performance.md). null when a value is not among the ranked IDs or the count does not match (a value
 * held the separator; the caller then takes `sortedJsonArray`).
 */
export function rankedJsonArray(listAggText: string, ranks: ClusterRanks): string | null {
  const start = listAggText.indexOf(LIST_AGG_SEPARATOR) + 1;
  const count = Number(listAggText.slice(0, start - 1));
  if (!(count > 0)) return null;
  const order = new Int32Array(count);
  let n = 0;
  for (let at = start; at <= listAggText.length; ) {
    let end = listAggText.indexOf(LIST_AGG_SEPARATOR, at);
    if (end < 0) end = listAggText.length;
    const rank = ranks.rank.get(listAggText.slice(at, end));
    if (rank === undefined || n === count) return null;
    order[n++] = rank;
    at = end + 1;
  }
  if (n !== count) return null;
  order.sort();
  const values = new Array<string>(count);
  for (let i = 0; i < count; i++) values[i] = ranks.json[order[i]];
  return `[${values.join(',')}]`;
}

/** Printable ASCII that needs no escaping (no `"`, `\\`, `<`, `>`, `&`), plus the separator of listAgg texts. */
const PLAIN_LIST = /^[\u0001 !#-%'-;=?-[\]-~]*$/;

/** Whether the separated values of `text` from `start` are `count` values in code-unit order (duplicates allowed). */
function inOrder(text: string, start: number, count: number): boolean {
  let prev = -1; // start of the previous value
  let prevEnd = -1;
  let seen = 0;
  for (let at = start; at <= text.length; ) {
    let end = text.indexOf(LIST_AGG_SEPARATOR, at);
    if (end < 0) end = text.length;
    if (prev >= 0 && !notAfter(text, prev, prevEnd, at, end)) return false;
    prev = at;
    prevEnd = end;
    seen++;
    at = end + 1;
  }
  return seen === count;
}

/** Whether text[a, aEnd) <= text[b, bEnd) by code units. */
function notAfter(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(a + i) - text.charCodeAt(b + i);
    if (d !== 0) return d < 0;
  }
  return aEnd - a <= bEnd - b;
}

/** `{"recommendations":{"<rule_id>":[...],...},"status":"ok"}` + newline, as bytes. Sorts `entries` in place. */
export function renderList(entries: RuleClusters[]): Buffer {
  entries.sort((a, b) => byCodeUnits(a.rule_id, b.rule_id));
  const out = new TextWriter().write('{"recommendations":{');
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    out
      .write(i === 0 ? '' : ',')
      .write(jsonString(e.rule_id))
      .write(':')
      .write(e.clusters);
  }
  return out.write('},"status":"ok"}\n').bytes();
}

/**
 * `{"clusters":{"<cluster>":{"created_at":...,"meta":{"cluster_version":...},"recommendations":[...]},...},
 * "status":"ok"}` + newline, as bytes. Sorts `entries` in place.
 */
export function renderClusters(entries: ClusterRuleIds[]): Buffer {
  entries.sort((a, b) => byCodeUnits(a.cluster, b.cluster));
  const out = new TextWriter().write('{"clusters":{');
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    out
      .write(i === 0 ? '' : ',')
      .write(jsonString(e.cluster))
      .write(':{"created_at":')
      .write(jsonString(dbToRfc3339Nano(e.last_checked_at)))
      .write(',"meta":{"cluster_version":')
      .write(jsonString(e.version_info ?? ''))
      .write('},"recommendations":')
      .write(e.rule_ids ?? '[]')
      .write('}');
  }
  return out.write('},"status":"ok"}\n').bytes();
}
