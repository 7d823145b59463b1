/** OpenAPI fragment of the rule ratings (spec 4.4.7). */
import { type OpenApiPaths, errorResponse, jsonContent, jsonResponse, okStatus } from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const rating = (ruleDescription: string) => ({
  type: 'object',
  required: ['rule', 'rating'],
  properties: {
    rule: { type: 'string', description: ruleDescription },
    rating: { type: 'integer', minimum: -32768, maximum: 32767, description: 'Usually -1 (dislike), 0 or 1 (like)' },
  },
  additionalProperties: false,
});

const { '401': unauthorized, '413': tooLarge, '500': internal } = errors;

export const paths: OpenApiPaths = {
  '/rules/organizations/{org_id}/rating': {
    post: {
      summary: 'Rate a recommendation for an organization (upsert)',
      operationId: 'rateOnRule',
      parameters: [params.org_id],
      requestBody: {
        required: true,
        content: jsonContent({
          type: 'object',
          properties: {
            rule: {
              type: 'string',
              description: '<module>|<ERROR_KEY>, each part matching ^[a-zA-Z_0-9.]+$',
              example: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION',
            },
            rating: { type: 'integer', minimum: -32768, maximum: 32767 },
          },
        }),
      },
      responses: {
        '200': jsonResponse('The stored rating, echoing the rule as sent', {
          type: 'object',
          required: ['ratings', 'status'],
          properties: { ratings: rating('As sent'), status: okStatus },
          additionalProperties: false,
        }),
        '400': errorResponse(
          'Missing body ("client didn\'t provide request body"), JSON syntax error, "bad type in json data" (wrong types or a non-integer rating), invalid org_id, or an invalid rule ("Error during validating param \'rule\' ...")',
        ),
        '401': unauthorized,
        '413': tooLarge,
        '500': internal,
      },
    },
  },
  '/rules/{rule_selector}/organizations/{org_id}/rating': {
    get: {
      summary: 'Read the rating of a recommendation for an organization',
      operationId: 'getRuleRating',
      parameters: [params.rule_selector, params.org_id],
      responses: {
        '200': jsonResponse('The rating', {
          type: 'object',
          required: ['rating', 'status'],
          properties: { rating: rating('The stored rule_id (module|KEY)'), status: okStatus },
          additionalProperties: false,
        }),
        '400': errorResponse('Invalid org_id or rule_selector'),
        '401': unauthorized,
        '404': errorResponse('"Item with ID <org>/<selector>/rating was not found in the storage"'),
        '500': internal,
      },
    },
  },
};
