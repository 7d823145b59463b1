/**
 * OpenAPI building blocks shared by the features' fragments (src/aggregator/api/<feature>/openapi.ts):
 * the `{"status": ...}` envelope, response builders, the standard error responses, the CORS preflight
 * operation, time schemas and the common path parameters.
 */

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

/** The standard error responses; features with a more specific text use `errorResponse` instead. */
export const errors = {
  '400': errorResponse(
    "Invalid path parameter or body (`Error during parsing param '<name>' with value '<v>'. Error: '<reason>'`, " +
      '`value <n> out of range for uint32`, `Missing required param from request: ...`, `Error during validating param ...`, ' +
      "`bad type in json data`, JSON parser message, `client didn't provide request body`)",
  ),
  '401': errorResponse('Missing or malformed x-rh-identity (only with server.auth = true)'),
  '403': errorResponse("The token's organization is not the organization owning the data (only with server.auth = true)"),
  '404': errorResponse('`Item with ID <id> was not found in the storage`'),
  '413': errorResponse('The request body is larger than 1 MiB: `request body too large`'),
  '500': errorResponse('Storage error, or the storage is not configured: `Internal Server Error`'),
};

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

const UINT32_ID = { type: 'integer', format: 'uint32', minimum: 1, maximum: 4294967295 };

/** The path parameters several features share. */
export const params = {
  org_id: pathParam('org_id', 'Organization ID: unsigned 32-bit integer greater than 0', UINT32_ID),
  organization: pathParam('organization', 'Organization ID: unsigned 32-bit integer greater than 0', UINT32_ID),
  cluster: pathParam('cluster', 'Cluster UUID (any form accepted by Go uuid.Parse); echoed and stored as given'),
  user_id: pathParam('user_id', "User ID (trimmed, must not be empty); not checked against the token's"),
  rule_id: pathParam('rule_id', 'Rule module **with** `.report`, e.g. ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report', {
    type: 'string',
    pattern: '^[a-zA-Z_0-9.]+$',
  }),
  error_key: pathParam('error_key', 'Error key (not validated)'),
  rule_selector: pathParam('rule_selector', 'Rule selector `<module>|<ERROR_KEY>` (module without `.report`; a "|" may be sent as %7C)', {
    type: 'string',
    example: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION',
  }),
};
