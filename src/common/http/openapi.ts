/**
 * OpenAPI building blocks for every HTTP service's documentation fragments (a feature's `openapi.ts` beside
 * its routes): the `{"status": ...}` envelope, response builders, the CORS preflight operation, time
 * schemas, path parameters, and the composition of fragments into one document (`npm run openapi`).
 */

/** Path items of one feature (`{'/path': {get: {...}}}`). */
export type OpenApiPaths = Record<string, Record<string, unknown>>;

/** `{"application/json": {schema}}`. */
export const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });

/** The `{"status":"..."}` envelope every error (and some successes) is answered with. */
export const statusSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' } },
  additionalProperties: false,
};

/** The `status` property of a success body: literally `"ok"`. */
export const okStatus = { type: 'string', enum: ['ok'] };

/** `{"status":"ok"}` and nothing else. */
export const okSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: okStatus },
  additionalProperties: false,
};

/** A JSON response. */
export const jsonResponse = (description: string, schema: unknown) => ({ description, content: jsonContent(schema) });

/** A `{"status":"<message>"}` error response. */
export const errorResponse = (description: string) => jsonResponse(description, statusSchema);

/** The OPTIONS operation of a route registered with CORS preflight: 200, empty body, the handler does not run. */
export const preflight = (opts: { summary?: string; operationId?: string; parameters?: unknown[] } = {}) => ({
  summary: opts.summary
    ? `${opts.summary} (CORS preflight: answered 200 with an empty body, the handler does not run, no authentication)`
    : 'CORS preflight: answered 200 with an empty body, the handler does not run (no authentication)',
  ...(opts.operationId === undefined ? {} : { operationId: opts.operationId }),
  ...(opts.parameters === undefined ? {} : { parameters: opts.parameters }),
  responses: { '200': { description: 'Empty body (with the CORS headers)' } },
});

/** RFC 3339, seconds precision, UTC, e.g. `2020-04-02T09:00:05Z` (Go's zero time for NULL). */
export const RFC3339_SECONDS_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$';
/** RFC 3339 with nanoseconds, trailing zeros of the fraction trimmed, UTC (Go RFC3339Nano). */
export const RFC3339_NANO_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$';

export const rfc3339Seconds = {
  type: 'string',
  format: 'date-time',
  pattern: RFC3339_SECONDS_PATTERN,
  description: 'RFC 3339, seconds precision, UTC (e.g. 2020-04-02T09:00:05Z)',
};

export const rfc3339Nano = {
  type: 'string',
  format: 'date-time',
  pattern: RFC3339_NANO_PATTERN,
  description: 'RFC 3339 with nanoseconds, trailing zeros trimmed, UTC (e.g. 2024-05-02T10:11:12.123456Z)',
};

/** Go `sql.NullTime` marshalled; NULL is `{"Time":"0001-01-01T00:00:00Z","Valid":false}`. */
export const nullTimeSchema = {
  type: 'object',
  description: 'Go sql.NullTime: `Time` is RFC 3339 with trimmed nanoseconds, UTC; NULL is `{"Time":"0001-01-01T00:00:00Z","Valid":false}`',
  required: ['Time', 'Valid'],
  properties: {
    Time: { ...rfc3339Nano, description: 'RFC 3339 with trimmed nanoseconds, UTC; 0001-01-01T00:00:00Z when not Valid' },
    Valid: { type: 'boolean' },
  },
  additionalProperties: false,
};

/** A required path parameter. */
export const pathParam = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
  /** e.g. `[{ url: '/api/v1' }]`. */
  servers: { url: string }[];
}

/** One OpenAPI 3.1 document from the features' fragments; paths sorted, a path's operations merged. */
export function composeOpenApi(info: OpenApiInfo, fragments: readonly OpenApiPaths[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const fragment of fragments) {
    for (const [path, item] of Object.entries(fragment)) paths[path] = { ...(paths[path] ?? {}), ...item };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      description: info.description,
      version: info.version,
      license: { name: 'Apache 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0.html' },
    },
    servers: info.servers,
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
