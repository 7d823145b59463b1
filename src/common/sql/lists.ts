/**
 * `column IN (a list of text values)` on both databases, with the list bound as parameters.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from './connection.js';

/** What the list helpers need of a storage. */
type Dialect = Pick<Db<unknown>, 'dialect'>;

/**
 * `column IN (values)`. PostgreSQL gets one array parameter (`= ANY`), so the statement text and its plan
 * do not depend on the list's length; SQLite gets a plain IN list (callers chunk long lists).
 */
export function inList(db: Dialect, column: string, values: readonly string[]): Expression<SqlBool> {
  if (db.dialect === 'postgres') return inListParam(db, column, listParam(db, values));
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join([...values])})`;
}

/**
 * `column IN (the list bound to ONE parameter)`, for statements compiled once: the SQL text is the same
 * for any list. Bind the parameter with `listParam`. PostgreSQL: `= ANY(CAST($n AS varchar[]))`;
 * SQLite: `IN (SELECT value FROM json_each(?))` with the list as JSON text.
 */
export function inListParam(db: Dialect, column: string, param: unknown): Expression<SqlBool> {
  if (db.dialect === 'postgres') return sql<SqlBool>`${sql.ref(column)} = ANY(CAST(${param} AS varchar[]))`;
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${param}))`;
}

/** The value of an `inListParam` parameter. */
export function listParam(db: Dialect, values: readonly string[]): unknown {
  return db.dialect === 'postgres' ? pgArrayLiteral(values) : JSON.stringify(values);
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * PostgreSQL's text form of a one-dimensional array of strings, numbers and bigints (null and undefined are
 * NULL), byte for byte what the pg client writes for a JS array, in one pass: pg runs two regular
 * expression replacements per element, which cost 1.5-2 % of the db-writer's CPU for its arrays of
 * 10,000-odd small values (profile). Other elements (objects, nested arrays) are refused.
 */
export function pgArrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    if (typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol') {
      throw new TypeError(`pgArrayLiteral: unsupported element of type ${typeof v}`);
    }
    const s = typeof v === 'string' ? v : String(v);
    out += NEEDS_ESCAPE.test(s) ? `"${s.replace(/[\\"]/g, '\\$&')}"` : `"${s}"`;
  }
  return `${out}}`;
}
