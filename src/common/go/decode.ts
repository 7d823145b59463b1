/**
 * Go's `json.Unmarshal` into typed structs, driven by a small type description, so that the consumer
 * accepts and rejects exactly what the Go structs do and reports Go's texts, e.g.
 * `json: cannot unmarshal string into Go struct field incomingMessage.OrgID of type types.OrgID`.
 *
 * Reproduced rules: object keys match a field by exact name, else case-insensitively (Go's folding);
 * unknown keys are ignored; a repeated key overwrites; `null` leaves a value field alone and sets a pointer,
 * map, slice or raw field to nil/`null`; unsigned integers must be plain digits within range (`1.0`, `-1`,
 * `1e3` are type errors quoting the literal); type errors do not stop decoding (the first one is returned
 * at the end), while an error from a custom unmarshaller (time.Time) stops decoding at once.
 */
import { GO_ZERO_INSTANT, RFC3339, goParseTime } from './time.js';
import type { Instant } from '../time.js';
import type { JNode } from './json.js';

export type GoType =
  | { k: 'uint'; name: string; max: bigint }
  | { k: 'string'; name: string }
  /** json.RawMessage: the node itself (also for `null`). */
  | { k: 'raw' }
  /** interface{}: anything, kept as the node. */
  | { k: 'any' }
  /** time.Time (RFC 3339 through Time.UnmarshalJSON). */
  | { k: 'time' }
  | { k: 'struct'; name: string; goName: string; fields: GoField[] }
  | { k: 'slice'; name: string; elem: GoType }
  | { k: 'map'; name: string; elem: GoType };

export interface GoField {
  /** The JSON name (tag). */
  json: string;
  type: GoType;
  /** Pointer, map, slice or raw field: `null` resets it. A plain value field ignores `null`. */
  nullable?: boolean;
}

export const uint32Type = (name: string): GoType => ({ k: 'uint', name, max: 0xffffffffn });
export const uint8Type = (name: string): GoType => ({ k: 'uint', name, max: 0xffn });
export const stringType = (name = 'string'): GoType => ({ k: 'string', name });
export const structType = (name: string, goName: string, fields: GoField[]): GoType & { k: 'struct' } => ({
  k: 'struct',
  name,
  goName,
  fields,
});

/** A decoded value: string / number / Instant / node / array / record, or undefined for nil. */
export type GoValue = unknown;

export class GoDecodeError extends Error {
  override name = 'GoDecodeError';
}

interface Context {
  text: string;
  /** First saved type error (Go's d.savedError). */
  saved: string | null;
  struct: string | null;
  fields: string[];
}

const ASCII = /^[\x00-\x7f]*$/;

/** Go's foldName: ASCII upper-cased; other runes ToUpper(ToLower(r)) when that is one rune. */
export function goFoldName(name: string): string {
  if (ASCII.test(name)) return name.toUpperCase(); // the same as below, for the usual key
  let out = '';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) {
      out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : ch;
      continue;
    }
    const lower = ch.toLowerCase();
    const l = [...lower].length === 1 ? lower : ch;
    const upper = l.toUpperCase();
    out += [...upper].length === 1 ? upper : l;
  }
  return out;
}

interface FieldIndex {
  exact: Map<string, GoField>;
  folded: Map<string, GoField>;
  /** Keys seen that match no field (bounded): skipped without folding them again. */
  unknown: Set<string>;
}

const MAX_UNKNOWN_KEYS = 256;

function fieldFor(index: FieldIndex, key: string): GoField | undefined {
  const exact = index.exact.get(key);
  if (exact !== undefined || index.unknown.has(key)) return exact;
  const folded = index.folded.get(goFoldName(key));
  if (folded === undefined && index.unknown.size < MAX_UNKNOWN_KEYS) index.unknown.add(key);
  return folded;
}

const fieldIndexes = new WeakMap<GoField[], FieldIndex>();

function indexOf(fields: GoField[]): FieldIndex {
  let index = fieldIndexes.get(fields);
  if (!index) {
    index = { exact: new Map(), folded: new Map(), unknown: new Set() };
    for (const f of fields) {
      index.exact.set(f.json, f);
      if (!index.folded.has(goFoldName(f.json))) index.folded.set(goFoldName(f.json), f);
    }
    fieldIndexes.set(fields, index);
  }
  return index;
}

function kindWord(node: JNode): string {
  switch (node.t) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'number':
      return 'number';
    case 'skipped':
      return node.of;
    default:
      return 'null';
  }
}

function saveTypeError(ctx: Context, value: string, typeName: string): void {
  if (ctx.saved !== null) return;
  const where = ctx.struct !== null || ctx.fields.length > 0 ? `Go struct field ${ctx.struct ?? ''}.${ctx.fields.join('.')}` : 'Go value';
  ctx.saved = `json: cannot unmarshal ${value} into ${where} of type ${typeName}`;
}

function decodeValue(ctx: Context, node: JNode, type: GoType): GoValue {
  if (node.t === 'skipped' && type.k !== 'raw') {
    // The caller's JsonShape skipped a value it then decodes: a bug, not bad input.
    throw new Error(`go json: a skipped ${node.of} cannot be decoded as ${type.k}`);
  }
  switch (type.k) {
    case 'raw':
    case 'any':
      return node;
    case 'time':
      return decodeTime(ctx, node);
    case 'uint': {
      if (node.t === 'null') return undefined;
      if (node.t !== 'number') {
        saveTypeError(ctx, kindWord(node), type.name);
        return undefined;
      }
      if (!/^\d+$/.test(node.raw) || BigInt(node.raw) > type.max) {
        saveTypeError(ctx, `number ${node.raw}`, type.name);
        return undefined;
      }
      return Number(node.raw);
    }
    case 'string':
      if (node.t === 'string') return node.v;
      if (node.t !== 'null') saveTypeError(ctx, kindWord(node), type.name);
      return undefined;
    case 'slice':
      if (node.t === 'array') return node.items.map((item) => decodeValue(ctx, item, type.elem));
      if (node.t !== 'null') saveTypeError(ctx, kindWord(node), type.name);
      return undefined;
    case 'map': {
      if (node.t !== 'object') {
        if (node.t !== 'null') saveTypeError(ctx, kindWord(node), type.name);
        return undefined;
      }
      const out = new Map<string, GoValue>();
      for (let i = 0; i < node.keys.length; i++) out.set(node.keys[i], decodeValue(ctx, node.values[i], type.elem));
      return out;
    }
    case 'struct':
      return decodeStruct(ctx, node, type, {});
    default:
      return undefined;
  }
}

function decodeStruct(ctx: Context, node: JNode, type: GoType & { k: 'struct' }, target: Record<string, GoValue>): GoValue {
  if (node.t !== 'object') {
    // `null` leaves a struct at its zero value.
    if (node.t !== 'null') saveTypeError(ctx, kindWord(node), type.name);
    return target;
  }
  const index = indexOf(type.fields);
  const outerStruct = ctx.struct;
  const depth = ctx.fields.length;
  for (let i = 0; i < node.keys.length; i++) {
    const key = node.keys[i];
    const field = fieldFor(index, key);
    if (!field) continue;
    const child = node.values[i];
    ctx.fields.push(field.json);
    ctx.struct = type.goName;
    const value = decodeValue(ctx, child, field.type);
    ctx.fields.length = depth;
    ctx.struct = outerStruct;
    if (child.t === 'null' && !field.nullable && field.type.k !== 'raw') continue;
    target[field.json] = value;
  }
  return target;
}

function decodeTime(ctx: Context, node: JNode): Instant | undefined {
  if (node.t === 'null') return undefined;
  if (node.t !== 'string') throw new GoDecodeError('Time.UnmarshalJSON: input is not a JSON string');
  // Go parses the bytes between the quotes without unescaping them.
  const inner = ctx.text.slice(node.s + 1, node.e - 1);
  const parsed = goParseTime(RFC3339, inner);
  if (!parsed.ok) throw new GoDecodeError(parsed.error);
  return parsed.instant.micros === GO_ZERO_INSTANT.micros ? undefined : parsed.instant;
}

export interface DecodeResult<T> {
  value: T;
  /** The error Go's json.Unmarshal would return, or null. */
  error: string | null;
}

/**
 * `json.Unmarshal(raw, &v)` for a struct type: returns whatever was decoded (even on error, as Go leaves the
 * fields decoded so far in place) and the error text.
 */
export function goUnmarshalStruct(text: string, node: JNode, type: GoType & { k: 'struct' }): DecodeResult<Record<string, GoValue>> {
  const ctx: Context = { text, saved: null, struct: null, fields: [] };
  const target: Record<string, GoValue> = {};
  try {
    decodeStruct(ctx, node, type, target);
  } catch (err) {
    if (err instanceof GoDecodeError) return { value: target, error: err.message };
    throw err;
  }
  return { value: target, error: ctx.saved };
}

/** `json.Unmarshal(raw, &v)` for any other type. */
export function goUnmarshal(text: string, node: JNode, type: GoType): DecodeResult<GoValue> {
  const ctx: Context = { text, saved: null, struct: null, fields: [] };
  try {
    const value = decodeValue(ctx, node, type);
    return { value, error: ctx.saved };
  } catch (err) {
    if (err instanceof GoDecodeError) return { value: undefined, error: err.message };
    throw err;
  }
}
