/**
 * A gob encoder that writes what Go's `gob.NewEncoder(w).Encode(v)` writes in a fresh process: type ids
 * given as Go gives them (a struct before its fields, a map or slice after its key and element, from 65),
 * the type definitions sent before the value in Go's order (each once, a type before the types it uses),
 * zero fields left out of structs, map and slice elements sent even when zero, map entries in the `Map`'s
 * order. A type reached first as a map key/element or slice element has an empty name on the wire, as in Go.
 */
import { GobWriter } from './buffer.js';
import { GOB_BASIC_IDS, GOB_FIRST_USER_ID, GobError, type GobType } from './types.js';

type Composite = Exclude<GobType, string>;

/** Ids and wire names of the composite types of one value's type graph, Go-style. */
function assignIds(root: GobType): Map<Composite, { id: number; name: string }> {
  const ids = new Map<Composite, { id: number; name: string }>();
  let next = GOB_FIRST_USER_ID;
  const visit = (type: GobType, named: boolean): void => {
    if (typeof type === 'string' || ids.has(type)) return;
    switch (type.kind) {
      case 'struct': {
        ids.set(type, { id: next++, name: named ? type.name : '' });
        for (const f of type.fields) visit(f.type, true);
        return;
      }
      case 'map':
        visit(type.key, false);
        visit(type.elem, false);
        ids.set(type, { id: next++, name: type.name });
        return;
      case 'slice':
        visit(type.elem, false);
        ids.set(type, { id: next++, name: type.name });
        return;
    }
  };
  visit(root, true);
  return ids;
}

export class GobEncoder {
  private readonly out = new GobWriter(4096);
  private readonly ids: Map<Composite, { id: number; name: string }>;
  private readonly sent = new Set<Composite>();

  constructor(private readonly type: GobType) {
    this.ids = assignIds(type);
  }

  private idOf(type: GobType): number {
    if (typeof type === 'string') {
      const id = GOB_BASIC_IDS[type];
      if (id === undefined) throw new GobError(`unsupported type ${type}`);
      return id;
    }
    return this.ids.get(type)!.id;
  }

  private message(body: GobWriter): void {
    this.out.uint(body.length);
    this.out.raw(body.result());
  }

  private sendType(type: GobType): void {
    if (typeof type === 'string' || this.sent.has(type)) return;
    this.sent.add(type);
    const { id, name } = this.ids.get(type)!;
    const w = new GobWriter();
    w.int(-id);
    // wireType { ArrayT 1, SliceT 2, StructT 3, MapT 4 } holding { CommonType { Name, Id }, ... }
    const common = () => {
      w.uint(1);
      if (name !== '') {
        w.uint(1);
        w.string(name);
        w.uint(1);
      } else {
        w.uint(2);
      }
      w.int(id);
      w.uint(0);
    };
    switch (type.kind) {
      case 'struct':
        w.uint(3);
        common();
        if (type.fields.length > 0) {
          w.uint(1);
          w.uint(type.fields.length);
          for (const f of type.fields) {
            w.uint(1);
            w.string(f.name);
            w.uint(1);
            w.int(this.idOf(f.type));
            w.uint(0);
          }
        }
        break;
      case 'slice':
        w.uint(2);
        common();
        w.uint(1);
        w.int(this.idOf(type.elem));
        break;
      case 'map':
        w.uint(4);
        common();
        w.uint(1);
        w.int(this.idOf(type.key));
        w.uint(1);
        w.int(this.idOf(type.elem));
        break;
    }
    w.uint(0); // end of the variant's struct
    w.uint(0); // end of wireType
    this.message(w);
    switch (type.kind) {
      case 'struct':
        for (const f of type.fields) this.sendType(f.type);
        break;
      case 'slice':
        this.sendType(type.elem);
        break;
      case 'map':
        this.sendType(type.key);
        this.sendType(type.elem);
        break;
    }
  }

  /** Appends one value (with the type definitions not sent yet) and returns the whole stream so far. */
  encode(value: unknown): Buffer {
    this.sendType(this.type);
    const w = new GobWriter(64 * 1024);
    w.int(this.idOf(this.type));
    if (typeof this.type !== 'string' && this.type.kind === 'struct') {
      writeStruct(w, this.type, value);
    } else {
      w.uint(0);
      writeValue(w, this.type, value);
    }
    this.message(w);
    return this.out.result();
  }
}

/** Go's `gob.NewEncoder(w).Encode(value)` for a value of `type`, in a fresh process. */
export function encodeGob(type: GobType, value: unknown): Buffer {
  return new GobEncoder(type).encode(value);
}

function isZero(type: GobType, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof type === 'string') {
    switch (type) {
      case 'bool':
        return value === false;
      case 'int':
      case 'uint':
        return value === 0;
      case 'string':
        return value === '';
      case 'bytes':
        return (value as Uint8Array).length === 0;
    }
  }
  switch (type.kind) {
    case 'struct':
      return false; // Go always sends a struct field
    case 'map':
      return value instanceof Map ? value.size === 0 : Object.keys(value as object).length === 0;
    case 'slice':
      return (value as unknown[]).length === 0;
  }
}

function writeStruct(w: GobWriter, type: Extract<GobType, { kind: 'struct' }>, value: unknown): void {
  if (typeof value !== 'object' || value === null) throw new GobError(`struct ${type.name || '(unnamed)'}: not an object`);
  const obj = value as Record<string, unknown>;
  let last = -1;
  type.fields.forEach((f, i) => {
    const v = obj[f.name];
    if (isZero(f.type, v)) return;
    w.uint(i - last);
    last = i;
    writeValue(w, f.type, v);
  });
  w.uint(0);
}

function writeValue(w: GobWriter, type: GobType, value: unknown): void {
  if (typeof type === 'string') {
    writeBasic(w, type, value);
    return;
  }
  switch (type.kind) {
    case 'struct':
      writeStruct(w, type, value ?? {});
      return;
    case 'slice': {
      const items = (value as unknown[] | undefined) ?? [];
      if (!Array.isArray(items)) throw new GobError(`${type.name}: array expected`);
      w.uint(items.length);
      for (const item of items) writeValue(w, type.elem, item);
      return;
    }
    case 'map': {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries((value as object | undefined) ?? {});
      w.uint(entries.length);
      for (const [k, v] of entries) {
        writeValue(w, type.key, k);
        writeValue(w, type.elem, v);
      }
      return;
    }
  }
}

function num(value: unknown): number {
  if (value == null) return 0;
  if (typeof value !== 'number') throw new GobError(`number expected, got ${typeof value}`);
  return value;
}

function writeBasic(w: GobWriter, type: Extract<GobType, string>, value: unknown): void {
  if (type === 'bool') {
    if (typeof value !== 'boolean' && value != null) throw new GobError(`bool expected, got ${typeof value}`);
    w.bool(value === true);
  } else if (type === 'int') w.int(num(value));
  else if (type === 'uint') w.uint(num(value));
  else if (type === 'string') {
    if (typeof value !== 'string' && value != null) throw new GobError(`string expected, got ${typeof value}`);
    w.string((value as string | undefined) ?? '');
  } else w.bytes((value as Uint8Array | undefined) ?? new Uint8Array(0));
}
