/**
 * Request-body decoding with the upstream's outcomes (spec 4.1): no body where one is required → 400
 * `client didn't provide request body`; a syntax error → 400 with the parser's message; a JSON value of
 * the wrong type → 400 `bad type in json data`. Where upstream decodes an empty body directly it answered
 * 500 (io.EOF); we answer 400 `client didn't provide request body` instead (docs/compatibility.md).
 */
import { type AppError, BAD_JSON_TYPE, NO_BODY, badRequest } from '../errors.js';
import { rejectNulInJson } from './guards.js';
import type { RequestContext } from './routes.js';

export function hasBody(ctx: RequestContext): boolean {
  return ctx.body !== undefined && ctx.body.length > 0;
}

/** The body parsed as JSON; 400 when absent or not JSON. */
export function jsonBody(ctx: RequestContext): unknown {
  if (!hasBody(ctx)) throw badRequest(NO_BODY);
  return parseJson(ctx.body as string);
}

/** The smart proxy's text for a body that does not decode (its BadBodyContent error). */
export const BAD_BODY = "client didn't provide a valid request body";

/** The body parsed as JSON where upstream answers any decoding failure with BAD_BODY (no body: NO_BODY). */
export function jsonBodyOrBadBody(ctx: RequestContext): unknown {
  if (!hasBody(ctx)) throw badRequest(NO_BODY);
  try {
    return JSON.parse(ctx.body as string);
  } catch {
    throw badRequest(BAD_BODY);
  }
}

/** The JSON value of a body; 400 on a syntax error or a NUL character in any string. */
export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  rejectNulInJson(text, value);
  return value;
}

export function badType(): AppError {
  return badRequest(BAD_JSON_TYPE);
}

/**
 * Go's decoding of a JSON array into `[]string`: a null element leaves the zero value "", any other
 * non-string is a type error.
 */
export function stringList(value: unknown[]): string[] {
  return value.map((v) => {
    if (typeof v === 'string') return v;
    if (v === null) return '';
    throw badType();
  });
}

/** A bare JSON array of strings (cluster lists) decoded as Go's `[]string`: `null` is an empty list. */
export function stringListBody(ctx: RequestContext): string[] {
  const value = jsonBody(ctx);
  if (value === null) return [];
  if (!Array.isArray(value)) throw badType();
  return stringList(value);
}

/** A JSON object body; optional fields are checked by the caller with `stringField`. */
export function objectBody(ctx: RequestContext): Record<string, unknown> {
  const value = jsonBody(ctx);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badType();
  return value as Record<string, unknown>;
}

/** A string field of a body object, case-insensitively matched like Go's encoding/json; '' when absent. */
export function stringField(obj: Record<string, unknown>, name: string): string {
  const v = field(obj, name);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw badType();
  return v;
}

export function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}
