/**
 * Statements built with Kysely once per storage and compiled once: each execution only supplies the bound
 * parameter values (no per-request query building or SQL compilation), and on PostgreSQL the fixed text
 * runs as a named prepared statement (parsed and planned once per connection, `registerPreparedStatement`).
 * Lists are bound as ONE parameter (`inListParam`/`listParam` of lists.ts), so the text never varies.
 */
import type { CompiledQuery, Compilable } from 'kysely';
import { registerPreparedStatement } from './connection.js';

type Slot = { param: string } | { value: unknown };

/**
 * Compiles a Kysely query once. `build` receives a placeholder per parameter name; the placeholders are
 * located in the compiled parameter list, every other parameter (constants such as `disabled = 1`) is kept.
 * The returned function yields the compiled query with the request's values bound. `named: false` keeps
 * the statement unnamed on PostgreSQL: planned on every execution with the values bound (a custom plan).
 */
export function precompile<N extends string>(
  names: readonly N[],
  build: (p: Record<N, string>) => Compilable<unknown>,
  opts: { named?: boolean } = {},
) {
  const placeholders = Object.fromEntries(names.map((n) => [n, `\u0000placeholder:${n}\u0000`])) as Record<N, string>;
  const byPlaceholder = new Map<unknown, N>(names.map((n) => [placeholders[n], n]));
  const compiled = build(placeholders).compile();
  if (opts.named !== false) registerPreparedStatement(compiled.sql);
  const slots: Slot[] = compiled.parameters.map((v) => (byPlaceholder.has(v) ? { param: byPlaceholder.get(v) as N } : { value: v }));
  return <R>(values: Record<N, unknown>): CompiledQuery<R> =>
    ({ ...compiled, parameters: slots.map((s) => ('param' in s ? values[s.param as N] : s.value)) }) as CompiledQuery<R>;
}

/**
 * precompile() for a statement of module scope: compiled on first use for each storage (`storage`: any
 * object that lives as long as it, e.g. the Db) and kept with it.
 */
export function precompiledFor<S extends object, N extends string>(
  names: readonly N[],
  build: (storage: S, p: Record<N, string>) => Compilable<unknown>,
  opts: { named?: boolean } = {},
) {
  const byStorage = new WeakMap<S, ReturnType<typeof precompile<N>>>();
  return <R>(storage: S, values: Record<N, unknown>): CompiledQuery<R> => {
    let statement = byStorage.get(storage);
    if (!statement) {
      statement = precompile(names, (p) => build(storage, p), opts);
      byStorage.set(storage, statement);
    }
    return statement<R>(values);
  };
}
