/**
 * YAML read the way upstream's Go reads it (go-yaml v2 `yaml.Unmarshal` into typed structs), for the few
 * shapes rule content uses: a struct of string / int / []string fields, and map[string]int. Error texts are
 * go-yaml's, since they end up in `/status`:
 * - syntax errors: `yaml: line N: <problem>` with go-yaml v2's 0-based line (its known off-by-one: the `@`
 *   on the 15th line of the corpus' bad_metadata gives `line 14`), `found character that cannot start any
 *   token` for a reserved character or a tab indent; other problems keep the YAML library's wording;
 * - type errors: `yaml: unmarshal errors:\n  line N: cannot unmarshal !!str `abc` into int` (1-based).
 * Scalars decoded into a string field keep their text (`node_id: 5` is "5"), null is the zero value, and
 * keys the struct does not know are ignored, as in Go.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export class GoYamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoYamlError';
  }
}

export type FieldKind = 'string' | 'int' | '[]string' | 'map[string]int';
type Decoded<K extends FieldKind> = K extends 'string'
  ? string
  : K extends 'int'
    ? number
    : K extends '[]string'
      ? string[]
      : Record<string, number>;
export type DecodedStruct<F extends Record<string, FieldKind>> = { [P in keyof F]: Decoded<F[P]> };

const SCANNER_CODES = new Set(['BAD_SCALAR_START', 'TAB_AS_INDENT']);

interface Ctx {
  lines: LineCounter;
  errors: string[];
}

function zero(kind: FieldKind): unknown {
  switch (kind) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case '[]string':
      return [];
    case 'map[string]int':
      return {};
  }
}

const lineOf = (ctx: Ctx, node: Node): number => (node.range ? ctx.lines.linePos(node.range[0]).line : 1);

function tagOf(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    if (node.value === null) return '!!null';
    if (typeof node.value === 'boolean') return '!!bool';
    if (typeof node.value === 'number') return isIntScalar(node) ? '!!int' : '!!float';
    return '!!str';
  }
  return '!!str';
}

const isIntScalar = (node: Node): boolean =>
  isScalar(node) && typeof node.value === 'number' && Number.isSafeInteger(node.value) && !/[.eE]/.test(String(node.source ?? ''));

function scalarText(node: Node): string {
  if (!isScalar(node)) return '';
  if (typeof node.value === 'string') return node.value;
  return String(node.source ?? node.value);
}

function typeError(ctx: Ctx, node: Node, into: string): void {
  const tag = tagOf(node);
  let value = '';
  if (tag !== '!!seq' && tag !== '!!map') {
    const text = scalarText(node);
    value = text.length > 10 ? ` \`${text.slice(0, 7)}...\`` : ` \`${text}\``;
  }
  ctx.errors.push(`line ${lineOf(ctx, node)}: cannot unmarshal ${tag}${value} into ${into}`);
}

const isNull = (node: Node | null | undefined): boolean => node == null || (isScalar(node) && node.value === null);

function decodeValue(ctx: Ctx, node: Node | null | undefined, kind: FieldKind): unknown {
  if (isNull(node)) return zero(kind);
  const n = node!;
  switch (kind) {
    case 'string':
      if (!isScalar(n)) {
        typeError(ctx, n, 'string');
        return '';
      }
      return scalarText(n);
    case 'int':
      if (!isIntScalar(n)) {
        typeError(ctx, n, 'int');
        return 0;
      }
      return (n as { value: number }).value;
    case '[]string': {
      if (!isSeq(n)) {
        typeError(ctx, n, '[]string');
        return [];
      }
      return n.items.map((item) => decodeValue(ctx, item as Node, 'string'));
    }
    case 'map[string]int': {
      if (!isMap(n)) {
        typeError(ctx, n, 'map[string]int');
        return {};
      }
      const out: Record<string, number> = {};
      for (const pair of n.items) {
        const key = decodeValue(ctx, pair.key as Node, 'string') as string;
        out[key] = decodeValue(ctx, pair.value as Node, 'int') as number;
      }
      return out;
    }
  }
}

/** The root node of a YAML text, or a GoYamlError with go-yaml's syntax-error text. */
function parseRoot(text: string, ctx: Ctx): Node | null {
  const doc = parseDocument(text, { lineCounter: ctx.lines, uniqueKeys: false });
  const err = doc.errors[0];
  if (err) {
    const line = (err.linePos?.[0]?.line ?? 1) - 1;
    const problem = SCANNER_CODES.has(err.code)
      ? 'found character that cannot start any token'
      : err.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
    throw new GoYamlError(`yaml: ${line > 0 ? `line ${line}: ` : ''}${problem}`);
  }
  return doc.contents as Node | null;
}

function decodeStruct<F extends Record<string, FieldKind>>(
  ctx: Ctx,
  node: Node | null | undefined,
  goType: string,
  fields: F,
): DecodedStruct<F> {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(fields)) out[key] = zero(kind);
  if (isNull(node)) return out as DecodedStruct<F>;
  if (!isMap(node)) {
    typeError(ctx, node!, goType);
    return out as DecodedStruct<F>;
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? scalarText(pair.key as Node) : '';
    const kind = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (kind) out[key] = decodeValue(ctx, pair.value as Node, kind);
  }
  return out as DecodedStruct<F>;
}

function check(ctx: Ctx): void {
  if (ctx.errors.length > 0) throw new GoYamlError(`yaml: unmarshal errors:\n  ${ctx.errors.join('\n  ')}`);
}

/**
 * `yaml.Unmarshal(text, &v)` for a struct `goType` whose YAML keys and kinds are `fields`.
 * Throws GoYamlError on a syntax or type error.
 */
export function unmarshalStruct<F extends Record<string, FieldKind>>(text: string, goType: string, fields: F): DecodedStruct<F> {
  const ctx: Ctx = { lines: new LineCounter(), errors: [] };
  const out = decodeStruct(ctx, parseRoot(text, ctx), goType, fields);
  check(ctx);
  return out;
}

/** A YAML map of structs (the groups file): entries in file order, each value decoded as `unmarshalStruct` does. */
export function unmarshalStructMap<F extends Record<string, FieldKind>>(
  text: string,
  goType: string,
  fields: F,
): [string, DecodedStruct<F>][] {
  const ctx: Ctx = { lines: new LineCounter(), errors: [] };
  const root = parseRoot(text, ctx);
  const out: [string, DecodedStruct<F>][] = [];
  if (isNull(root)) return out;
  if (!isMap(root)) typeError(ctx, root!, `map[string]${goType}`);
  else
    for (const pair of root.items)
      out.push([isScalar(pair.key) ? scalarText(pair.key as Node) : '', decodeStruct(ctx, pair.value as Node, goType, fields)]);
  check(ctx);
  return out;
}
