/**
 * Go `encoding/gob` type descriptors: the subset of Go types a gob stream of plain data uses (structs, maps,
 * slices and the basic kinds). A descriptor is plain data, so a wire contract (e.g. `#contracts/content`)
 * can declare its Go types without importing this folder; the encoder and decoder here read it.
 *
 * Values handled by the codec: a struct is a plain object keyed by the Go field names, a map a `Map` (its
 * insertion order is the order on the wire: Go's map order is random, so a decoded map keeps the order it was
 * read in, and re-encoding gives the same bytes), a slice an array, `int`/`uint` numbers (safe integers),
 * `string` strings, `bool` booleans, `bytes` Uint8Arrays.
 */

/** The basic kinds, with their predefined gob type ids. */
export const GOB_BASIC_IDS = { bool: 1, int: 2, uint: 3, bytes: 5, string: 6 } as const;
export type GobBasic = keyof typeof GOB_BASIC_IDS;

export interface GobField {
  readonly name: string;
  readonly type: GobType;
}
export interface GobStruct {
  readonly kind: 'struct';
  /** The name on the wire (Go's type name; may be empty). */
  readonly name: string;
  readonly fields: readonly GobField[];
}
export interface GobMap {
  readonly kind: 'map';
  /** The name on the wire, Go's `reflect.Type.String()`, e.g. `map[string]int`. */
  readonly name: string;
  readonly key: GobType;
  readonly elem: GobType;
}
export interface GobSlice {
  readonly kind: 'slice';
  /** The name on the wire, e.g. `[]string`. */
  readonly name: string;
  readonly elem: GobType;
}
export type GobType = GobBasic | GobStruct | GobMap | GobSlice;

/** The first id Go's gob gives a user type in a fresh process. */
export const GOB_FIRST_USER_ID = 65;

/** Predefined ids of gob's own wire types (a stream that describes types uses them implicitly). */
export const GOB_WIRE_IDS = { wireType: 16, arrayType: 17, commonType: 18, sliceType: 19, structType: 20, fieldType: 21, mapType: 23 };

/** The zero value of a type (what a decoder gives for a field the stream omits). */
export function gobZero(type: GobType): unknown {
  if (typeof type === 'string') {
    switch (type) {
      case 'bool':
        return false;
      case 'int':
      case 'uint':
        return 0;
      case 'string':
        return '';
      case 'bytes':
        return new Uint8Array(0);
    }
  }
  switch (type.kind) {
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const f of type.fields) out[f.name] = gobZero(f.type);
      return out;
    }
    case 'map':
      return new Map();
    case 'slice':
      return [];
  }
}

export class GobError extends Error {
  constructor(message: string) {
    super(`gob: ${message}`);
    this.name = 'GobError';
  }
}
