import {
  type OpenApiPaths,
  errorResponse,
  jsonContent,
  jsonResponse,
  nullTimeSchema as nullTime,
  okStatus,
  preflight,
} from '#common/http/openapi.js';
import { errors, params as common } from '../openapi-common.js';

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

const params = [common.rule_id, common.error_key, common.org_id];

const justificationBody = {
  required: true,
  content: jsonContent({
    type: 'object',
    properties: { justification: { type: 'string', description: 'At most server.maximum_feedback_message_length bytes' } },
  }),
};

const justificationOk = jsonResponse('The stored justification', {
  type: 'object',
  required: ['justification', 'status'],
  properties: { justification: { type: 'string' }, status: okStatus },
  additionalProperties: false,
});

const badRequest = errorResponse(
  'Invalid org_id, rule_id, missing body ("client didn\'t provide request body"), JSON syntax error, "bad type in json data" or a justification longer than the limit',
);
const paramError = errorResponse('Invalid org_id or rule_id');
const { '401': unauthorized, '413': tooLarge, '500': internal } = errors;

export const paths: OpenApiPaths = {
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disable': {
    put: {
      summary: 'Disable a rule for the whole organization (acknowledge it), with a justification',
      operationId: 'disableRuleSystemWide',
      parameters: params,
      requestBody: justificationBody,
      responses: { '200': justificationOk, '400': badRequest, '401': unauthorized, '413': tooLarge, '500': internal },
    },
    options: preflight({ operationId: 'disableRuleSystemWideOptions', parameters: params }),
  },
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/enable': {
    put: {
      summary: 'Re-enable a rule disabled for the whole organization (no error if it was not disabled)',
      operationId: 'enableRuleSystemWide',
      parameters: params,
      responses: {
        '200': jsonResponse('Rule enabled (the status value is literally "rule enabled")', {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', enum: ['rule enabled'] } },
          additionalProperties: false,
        }),
        '400': paramError,
        '401': unauthorized,
        '413': tooLarge,
        '500': internal,
      },
    },
    options: preflight({ operationId: 'enableRuleSystemWideOptions', parameters: params }),
  },
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/update': {
    post: {
      summary: 'Update the justification of an organization-wide disable (a no-op, still 200, if the rule is not disabled)',
      operationId: 'updateRuleSystemWide',
      parameters: params,
      requestBody: justificationBody,
      responses: { '200': justificationOk, '400': badRequest, '401': unauthorized, '413': tooLarge, '500': internal },
    },
    options: preflight({ operationId: 'updateRuleSystemWideOptions', parameters: params }),
  },
  '/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/': {
    get: {
      summary: 'Read one organization-wide disable (note the trailing slash)',
      operationId: 'readRuleSystemWide',
      parameters: params,
      responses: {
        '200': jsonResponse('The disabled rule', {
          type: 'object',
          required: ['disabledRule', 'status'],
          properties: { disabledRule, status: okStatus },
          additionalProperties: false,
        }),
        '400': paramError,
        '401': unauthorized,
        '404': errorResponse('"Rule was not disabled"'),
        '500': internal,
      },
    },
  },
  '/rules/organizations/{org_id}/disabled_system_wide': {
    get: {
      summary: 'List the rules disabled for the whole organization',
      operationId: 'listRulesDisabledSystemWide',
      parameters: [common.org_id],
      responses: {
        '200': jsonResponse('The disabled rules ([] when none)', {
          type: 'object',
          required: ['disabledRules', 'status'],
          properties: { disabledRules: { type: 'array', items: disabledRule }, status: okStatus },
          additionalProperties: false,
        }),
        '400': errorResponse('Invalid org_id'),
        '401': unauthorized,
        '500': internal,
      },
    },
  },
};
