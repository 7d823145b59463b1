/**
 * Splitting long parameter lists, in one place: no statement may bind more parameters than the database
 * accepts (PostgreSQL 65,535; SQLite 3.32+ 32,766), whatever a request body or a batch holds.
 */
import type { Db } from './connection.js';

/** Values of one `IN (...)` list (Kysely `where(col, 'in', list)`): well under both limits. */
export const IN_LIST_CHUNK = 5000;

/** Bound parameters per statement, with room to spare. */
const MAX_PARAMS = { postgres: 60_000, sqlite: 30_000 } as const;

/** `list` in consecutive slices of at most `size`. */
export function chunks<T>(list: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The distinct values of `list` (first occurrence order) in slices of at most `size`. */
export function distinctChunks<T>(list: readonly T[], size = IN_LIST_CHUNK): T[][] {
  return chunks([...new Set(list)], size);
}

/** Rows of a multi-row statement, sliced so that no statement binds more than the database accepts. */
export function rowChunks<T>(db: Pick<Db<unknown>, 'dialect'>, rows: readonly T[], paramsPerRow: number): T[][] {
  return chunks(rows, Math.max(1, Math.floor(MAX_PARAMS[db.dialect] / paramsPerRow)));
}
