/**
 * An aggregate that returns a group's text values as ONE text, so that a route answering with thousands of
 * values reads one row per group instead of one row per value, on both databases.
 *
 * No ORDER BY inside the aggregate: sorting every group costs PostgreSQL more than the aggregation saves
 * (measured: 18 ms instead of 9.5 ms of backend CPU for 7,000 hits in 50 groups), the caller sorts the
 * values (cheap: the index scan usually delivers them nearly in order), and the order is then JavaScript's
 * whatever the collations.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './connection.js';

type Dialect = Pick<Db<unknown>, 'dialect'>;

/** Between the values of a `listAgg` text (a control character: values hardly ever hold it). */
export const LIST_AGG_SEPARATOR = '\u0001';

/**
 * The group's non-NULL values of the text column `column` as `<count>\u0001<v1>\u0001<v2>...`, in no
 * particular order, duplicates kept; NULL for a group without values (a scalar subquery over no rows).
 * The count tells whether a value held the separator (`parseListAgg`).
 */
export function listAgg(db: Dialect, column: string): RawBuilder<string | null> {
  const ref = sql.ref(column);
  return db.dialect === 'postgres'
    ? sql<string | null>`count(${ref}) || chr(1) || string_agg(${ref}, chr(1))`
    : sql<string | null>`count(${ref}) || char(1) || group_concat(${ref}, char(1))`;
}

/** The values of a `listAgg` text (in its order); null when a value holds the separator (ambiguous). */
export function parseListAgg(text: string): string[] | null {
  const start = text.indexOf(LIST_AGG_SEPARATOR);
  const values = text.slice(start + 1).split(LIST_AGG_SEPARATOR);
  return values.length === Number(text.slice(0, start)) ? values : null;
}
