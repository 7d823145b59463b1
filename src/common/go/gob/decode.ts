/**
 * A gob decoder for streams of plain data (structs, maps, slices, bool, int, uint, string, []byte): it
 * reads the type definitions the stream carries and gives each value with its type, as `types.ts` describes
 * them (every struct field present, zero when the stream left it out; maps as `Map` in wire order). Anything
 * else (floats, interfaces, arrays, GobEncoder types) or a malformed stream is a GobError, never a crash.
 */
import { GobReader } from './buffer.js';
import { GOB_BASIC_IDS, GobError, type GobField, type GobType, gobZero } from './types.js';

interface WireDef {
  kind: 'struct' | 'map' | 'slice';
  name: string;
  fields: { name: string; id: number }[];
  key: number;
  elem: number;
}

const BASIC_BY_ID = new Map<number, GobType>(Object.entries(GOB_BASIC_IDS).map(([k, v]) => [v, k as GobType]));
const MAX_DEPTH = 100;

export interface GobDecoded {
  type: GobType;
  value: unknown;
}

/** Every value of a gob stream, with its type. */
export function decodeGob(data: Uint8Array): GobDecoded[] {
  const defs = new Map<number, WireDef>();
  const built = new Map<number, GobType>();
  const out: GobDecoded[] = [];
  const top = new GobReader(data);
  while (!top.done) {
    const length = top.uint();
    if (length > top.end - top.pos) throw new GobError(`message length ${length} exceeds the stream`);
    const r = new GobReader(data, top.pos, top.pos + length);
    top.pos += length;
    const id = r.int();
    if (id < 0) {
      if (defs.has(-id)) throw new GobError(`duplicate type id ${-id}`);
      defs.set(-id, readWireType(r));
    } else {
      const type = resolve(id, defs, built);
      let value: unknown;
      if (typeof type !== 'string' && type.kind === 'struct') value = readStruct(r, type, 0);
      else {
        if (r.uint() !== 0) throw new GobError('non-struct value without its singleton field');
        value = readValue(r, type, 0);
      }
      out.push({ type, value });
    }
    if (!r.done) throw new GobError(`${r.end - r.pos} bytes left over in a message`);
  }
  return out;
}

/** The single value of a stream (what one `Encode` wrote). */
export function decodeGobValue(data: Uint8Array): GobDecoded {
  const values = decodeGob(data);
  if (values.length !== 1) throw new GobError(`expected one value, found ${values.length}`);
  return values[0]!;
}

function readCommon(r: GobReader, def: WireDef): void {
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return;
    field += delta;
    if (field === 0) def.name = r.string();
    else if (field === 1) r.int();
    else throw new GobError(`unknown CommonType field ${field}`);
  }
}

function readWireType(r: GobReader): WireDef {
  const variant = r.uint();
  const def: WireDef = { kind: 'struct', name: '', fields: [], key: 0, elem: 0 };
  if (variant === 2) def.kind = 'slice';
  else if (variant === 3) def.kind = 'struct';
  else if (variant === 4) def.kind = 'map';
  else throw new GobError(`unsupported wire type variant ${variant}`);
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) break;
    field += delta;
    if (field === 0) readCommon(r, def);
    else if (def.kind === 'struct' && field === 1) {
      const n = r.uint();
      if (n > r.end - r.pos) throw new GobError('field count exceeds the message');
      for (let i = 0; i < n; i++) {
        const f = { name: '', id: 0 };
        let ff = -1;
        for (;;) {
          const d = r.uint();
          if (d === 0) break;
          ff += d;
          if (ff === 0) f.name = r.string();
          else if (ff === 1) f.id = r.int();
          else throw new GobError(`unknown fieldType field ${ff}`);
        }
        def.fields.push(f);
      }
    } else if (def.kind === 'slice' && field === 1) def.elem = r.int();
    else if (def.kind === 'map' && field === 1) def.key = r.int();
    else if (def.kind === 'map' && field === 2) def.elem = r.int();
    else throw new GobError(`unknown field ${field} in a ${def.kind} type`);
  }
  if (r.uint() !== 0) throw new GobError('wireType not terminated');
  return def;
}

function resolve(id: number, defs: Map<number, WireDef>, built: Map<number, GobType>): GobType {
  const basic = BASIC_BY_ID.get(id);
  if (basic) return basic;
  const done = built.get(id);
  if (done) return done;
  const def = defs.get(id);
  if (!def) throw new GobError(`unknown type id ${id}`);
  switch (def.kind) {
    case 'struct': {
      const fields: GobField[] = [];
      const type = { kind: 'struct' as const, name: def.name, fields };
      built.set(id, type); // before the fields: a struct may refer to itself
      for (const f of def.fields) fields.push({ name: f.name, type: resolve(f.id, defs, built) });
      return type;
    }
    case 'map': {
      const type = { kind: 'map' as const, name: def.name, key: resolve(def.key, defs, built), elem: resolve(def.elem, defs, built) };
      built.set(id, type);
      return type;
    }
    case 'slice': {
      const type = { kind: 'slice' as const, name: def.name, elem: resolve(def.elem, defs, built) };
      built.set(id, type);
      return type;
    }
  }
}

function readStruct(r: GobReader, type: Extract<GobType, { kind: 'struct' }>, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new GobError('value nested too deeply');
  const out = gobZero(type) as Record<string, unknown>;
  let field = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return out;
    field += delta;
    const f = type.fields[field];
    if (!f) throw new GobError(`field ${field} out of range for ${type.name || 'a struct'}`);
    out[f.name] = readValue(r, f.type, depth + 1);
  }
}

function readValue(r: GobReader, type: GobType, depth: number): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'bool':
        return r.bool();
      case 'int':
        return r.int();
      case 'uint':
        return r.uint();
      case 'string':
        return r.string();
      case 'bytes':
        return r.bytes();
    }
  }
  switch (type.kind) {
    case 'struct':
      return readStruct(r, type, depth);
    case 'slice': {
      const n = r.uint();
      if (n > r.end - r.pos) throw new GobError(`slice length ${n} exceeds the message`);
      const items: unknown[] = [];
      for (let i = 0; i < n; i++) items.push(readValue(r, type.elem, depth + 1));
      return items;
    }
    case 'map': {
      const n = r.uint();
      if (n > r.end - r.pos) throw new GobError(`map length ${n} exceeds the message`);
      const map = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) {
        const k = readValue(r, type.key, depth + 1);
        map.set(k, readValue(r, type.elem, depth + 1));
      }
      return map;
    }
  }
}
