/**
 * Aggregates that return a group's text values as ONE JSON array text, so that a route answering with
 * thousands of values reads one row per group instead of one row per value, on both databases.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './connection.js';

type Dialect = Pick<Db<unknown>, 'dialect'>;

/**
 * `column` ordered by its bytes, the same on both databases: PostgreSQL `COLLATE "C"` (the database's
 * default collation may be a locale's), SQLite's default BINARY collation. On ASCII text this is also
 * JavaScript's code-unit order.
 */
export function byteOrder(db: Dialect, column: string): RawBuilder<unknown> {
  return db.dialect === 'postgres' ? sql`${sql.ref(column)} COLLATE "C"` : sql`${sql.ref(column)}`;
}

/**
 * The group's values of the text column `column` as a compact JSON array text, ordered by their bytes
 * (`byteOrder`), duplicates kept, e.g. `["a","b"]`; NULL for a group without rows (a scalar subquery over no
 * rows). The strings are escaped by the database's JSON functions, not as Go escapes them: a caller sending
 * the text as Go's output must first check that it holds nothing either side escapes (see `isPlainJsonText`).
 * PostgreSQL: `'[' || string_agg(to_json(column)::text, ',' ORDER BY column COLLATE "C") || ']'`;
 * SQLite (3.44+, aggregate ORDER BY): `'[' || group_concat(json_quote(column), ',' ORDER BY column) || ']'`.
 */
export function jsonArrayAgg(db: Dialect, column: string): RawBuilder<string | null> {
  const ref = sql.ref(column);
  const order = byteOrder(db, column);
  return db.dialect === 'postgres'
    ? sql<string | null>`'[' || string_agg(to_json(${ref})::text, ',' ORDER BY ${order}) || ']'`
    : sql<string | null>`'[' || group_concat(json_quote(${ref}), ',' ORDER BY ${order}) || ']'`;
}

/**
 * Whether a `jsonArrayAgg` text holds only printable ASCII other than `\`, `<`, `>` and `&`. Then no string in
 * it has an escape sequence (there is no backslash), so each is a plain string that JSON.stringify, Go and the
 * database all write the same way, and byte order is JavaScript's code-unit order: the text is exactly what
 * Go's encoding/json writes for the same, code-unit-sorted values.
 */
export function isPlainJsonText(text: string): boolean {
  return PLAIN_JSON.test(text);
}
const PLAIN_JSON = /^[ -%'-;=?-[\]-~]*$/;
