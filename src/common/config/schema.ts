/**
 * What a service's configuration schema is: sections of keys, each key with its type. A service declares
 * its schema `as const` and gets its typed configuration (`ConfigOf`) and zero values (`zeroConfigOf`).
 */

export type KeyType = 'string' | 'bool' | 'int' | 'duration';

/** Sections of typed keys. */
export type ConfigSchema = Record<string, Record<string, KeyType>>;

type ValueOf<T extends KeyType> = T extends 'string' ? string : T extends 'bool' ? boolean : number;

/** The typed configuration of a schema. Durations are in milliseconds. */
export type ConfigOf<S extends ConfigSchema> = {
  -readonly [Sec in keyof S]: { -readonly [K in keyof S[Sec]]: ValueOf<S[Sec][K] & KeyType> };
};

/** Every key at its zero value ('' / false / 0): a missing configuration file means this (spec 6.1). */
export function zeroConfigOf<S extends ConfigSchema>(schema: S): ConfigOf<S> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, keys] of Object.entries(schema)) {
    out[section] = {};
    for (const [key, type] of Object.entries(keys)) {
      out[section][key] = type === 'string' ? '' : type === 'bool' ? false : 0;
    }
  }
  return out as ConfigOf<S>;
}
