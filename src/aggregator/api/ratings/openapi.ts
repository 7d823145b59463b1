import type { OpenApiPaths } from '../openapi-types.js';

const statusError = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: { type: 'object', required: ['status'], properties: { status: { type: 'string' } }, additionalProperties: false },
    },
  },
});

const orgParam = { name: 'org_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 4294967295 } };

const rating = (ruleDescription: string) => ({
  type: 'object',
  required: ['rule', 'rating'],
  properties: {
    rule: { type: 'string', description: ruleDescription },
    rating: { type: 'integer', minimum: -32768, maximum: 32767, description: 'Usually -1 (dislike), 0 or 1 (like)' },
  },
  additionalProperties: false,
});

const unauthorized = statusError('Missing or malformed x-rh-identity (server.auth = true)');
const internal = statusError('Storage error ("Internal Server Error")');

export const paths: OpenApiPaths = {
  '/rules/organizations/{org_id}/rating': {
    post: {
      summary: 'Rate a recommendation for an organization (upsert)',
      operationId: 'rateOnRule',
      parameters: [orgParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                rule: { type: 'string', description: '<module>|<ERROR_KEY>, each part matching ^[a-zA-Z_0-9.]+$', example: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION' },
                rating: { type: 'integer', minimum: -32768, maximum: 32767 },
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The stored rating, echoing the rule as sent',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['ratings', 'status'],
                properties: { ratings: rating('As sent'), status: { type: 'string', enum: ['ok'] } },
                additionalProperties: false,
              },
            },
          },
        },
        '400': statusError(
          'Missing body ("client didn\'t provide request body"), JSON syntax error, "bad type in json data" (wrong types or a non-integer rating), invalid org_id, or an invalid rule ("Error during validating param \'rule\' ...")',
        ),
        '401': unauthorized,
        '413': statusError('Request body larger than 1 MiB ("request body too large")'),
        '500': internal,
      },
    },
  },
  '/rules/{rule_selector}/organizations/{org_id}/rating': {
    get: {
      summary: 'Read the rating of a recommendation for an organization',
      operationId: 'getRuleRating',
      parameters: [
        { name: 'rule_selector', in: 'path', required: true, description: '<plugin.module>|<ERROR_KEY> (a "|" may be sent as %7C)', schema: { type: 'string' } },
        orgParam,
      ],
      responses: {
        '200': {
          description: 'The rating',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['rating', 'status'],
                properties: { rating: rating('The stored rule_id (module|KEY)'), status: { type: 'string', enum: ['ok'] } },
                additionalProperties: false,
              },
            },
          },
        },
        '400': statusError('Invalid org_id or rule_selector'),
        '401': unauthorized,
        '404': statusError('"Item with ID <org>/<selector>/rating was not found in the storage"'),
        '500': internal,
      },
    },
  },
};
