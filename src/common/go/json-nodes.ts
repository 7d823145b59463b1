/**
 * The nodes of a parsed Go-JSON document (json.ts): every value with its source span, and the shape that
 * tells the parser which values to build.
 */
export interface Span {
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
/**
 * An object or array scanned without building its contents (a `skip` of a JsonShape): checked as strictly,
 * and re-emitted (raw, compacted) like any value, but only its kind and emptiness are known. Only values
 * read as `json.RawMessage` may be skipped; the decoder refuses one anywhere else.
 */
export interface JSkipped extends Span {
  t: 'skipped';
  of: 'object' | 'array';
  empty: boolean;
}
export type JNode = JObject | JArray | JString | JNumber | JBool | JNull | JSkipped;

/**
 * Which values of a document the caller reads (the rest is only re-emitted as raw JSON): `full` builds a
 * value's whole tree, `skip` only checks and spans an object or array; for an object, `keys` gives the shape
 * of a value by its exact key (else `rest`, else full); for an array, `items` the shape of every element.
 * Go matches struct fields case-insensitively: skip a struct's keys by name only, never with `rest`.
 */
export type JsonShape = 'full' | 'skip' | { keys?: ReadonlyMap<string, JsonShape>; rest?: JsonShape; items?: JsonShape };
