import type { OpenApiPaths } from '../openapi-types.js';

const statusError = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: { type: 'object', required: ['status'], properties: { status: { type: 'string' } }, additionalProperties: false },
    },
  },
});

const nullTime = {
  type: 'object',
  required: ['Time', 'Valid'],
  properties: {
    Time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$', description: 'RFC 3339 with trimmed nanoseconds, UTC; 0001-01-01T00:00:00Z when not Valid' },
    Valid: { type: 'boolean' },
  },
  additionalProperties: false,
};

const disabledRule = {
  type: 'object',
  required: ['org_id', 'user_id', 'rule_id', 'error_key', 'justification', 'created_at', 'updated_at'],
  properties: {
    org_id: { type: 'integer', minimum: 1 },
    user_id: { type: 'string', description: 'Always "" (the column was dropped by migration 30)' },
    rule_id: { type: 'string' },
    error_key: { type: 'string' },
    justification: { type: 'string' },
    created_at: { ...nullTime, description: 'Time of the (latest) disable' },
    updated_at: { ...nullTime, description: 'Time of the latest justification update; Valid=false if never updated' },
  },
  additionalProperties: false,
};

const params = [
  { name: 'rule_id', in: 'path', required: true, description: 'Rule module, e.g. ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report', schema: { type: 'string', pattern: '^[a-zA-Z_0-9.]+$' } },
  { name: 'error_key', in: 'path', required: true, schema: { type: 'string' } },
  { name: 'org_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 4294967295 } },
];

const justificationBody = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { justification: { type: 'string', description: 'At most server.maximum_feedback_message_length bytes' } },
      },
    },
  },
};

const justificationOk = {
  description: 'The stored justification',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['justification', 'status'],
        properties: { justification: { type: 'string' }, status: { type: 'string', enum: ['ok'] } },
        additionalProperties: false,
      },
    },
  },
};

const badRequest = statusError(
  'Invalid org_id, rule_id, missing body ("client didn\'t provide request body"), JSON syntax error, "bad type in json data" or a justification longer than the limit',
);
const paramError = statusError('Invalid org_id or rule_id');
const unauthorized = statusError('Missing or malformed x-rh-identity (server.auth = true)');
const internal = statusError('Storage error ("Internal Server Error")');
const tooLarge = statusError('Request body larger than 1 MiB ("request body too large")');
const preflight = { summary: 'CORS preflight (the handler does not run)', responses: { '200': { description: 'Empty body' } } };

export const paths: OpenApiPaths = {
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disable': {
    put: {
      summary: 'Disable a rule for the whole organization (acknowledge it), with a justification',
      operationId: 'disableRuleSystemWide',
      parameters: params,
      requestBody: justificationBody,
      responses: { '200': justificationOk, '400': badRequest, '401': unauthorized, '413': tooLarge, '500': internal },
    },
    options: { ...preflight, operationId: 'disableRuleSystemWideOptions', parameters: params },
  },
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/enable': {
    put: {
      summary: 'Re-enable a rule disabled for the whole organization (no error if it was not disabled)',
      operationId: 'enableRuleSystemWide',
      parameters: params,
      responses: {
        '200': {
          description: 'Rule enabled (the status value is literally "rule enabled")',
          content: {
            'application/json': {
              schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['rule enabled'] } }, additionalProperties: false },
            },
          },
        },
        '400': paramError,
        '401': unauthorized,
        '413': tooLarge,
        '500': internal,
      },
    },
    options: { ...preflight, operationId: 'enableRuleSystemWideOptions', parameters: params },
  },
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/update': {
    post: {
      summary: 'Update the justification of an organization-wide disable (a no-op, still 200, if the rule is not disabled)',
      operationId: 'updateRuleSystemWide',
      parameters: params,
      requestBody: justificationBody,
      responses: { '200': justificationOk, '400': badRequest, '401': unauthorized, '413': tooLarge, '500': internal },
    },
    options: { ...preflight, operationId: 'updateRuleSystemWideOptions', parameters: params },
  },
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/': {
    get: {
      summary: 'Read one organization-wide disable (note the trailing slash)',
      operationId: 'readRuleSystemWide',
      parameters: params,
      responses: {
        '200': {
          description: 'The disabled rule',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['disabledRule', 'status'],
                properties: { disabledRule, status: { type: 'string', enum: ['ok'] } },
                additionalProperties: false,
              },
            },
          },
        },
        '400': paramError,
        '401': unauthorized,
        '404': statusError('"Rule was not disabled"'),
        '500': internal,
      },
    },
  },
  '/rules/organizations/{org_id}/disabled_system_wide': {
    get: {
      summary: 'List the rules disabled for the whole organization',
      operationId: 'listRulesDisabledSystemWide',
      parameters: [params[2]],
      responses: {
        '200': {
          description: 'The disabled rules ([] when none)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['disabledRules', 'status'],
                properties: { disabledRules: { type: 'array', items: disabledRule }, status: { type: 'string', enum: ['ok'] } },
                additionalProperties: false,
              },
            },
          },
        },
        '400': statusError('Invalid org_id'),
        '401': unauthorized,
        '500': internal,
      },
    },
  },
};
