/** OpenAPI fragment of the Advisor recommendation routes (spec 4.4.8), as implemented. */
import type { OpenApiPaths } from '../openapi-types.js';

const statusEnvelope = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' } },
};

const error = (description: string) => ({ description, content: { 'application/json': { schema: statusEnvelope } } });

const orgId = {
  name: 'org_id',
  in: 'path',
  required: true,
  description: 'Organization ID (unsigned 32-bit integer > 0)',
  schema: { type: 'integer', minimum: 1, maximum: 4294967295 },
};
const userId = { name: 'user_id', in: 'path', required: true, description: 'User ID (not checked against the token)', schema: { type: 'string' } };
const ruleSelector = {
  name: 'rule_selector',
  in: 'path',
  required: true,
  description: 'Rule selector `module|ERROR_KEY` (module without `.report`), matched against recommendation.rule_id',
  schema: { type: 'string', example: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION' },
};

const clusterListRequest = {
  required: true,
  description: 'A bare JSON array of cluster IDs (not validated; unknown IDs are ignored). `null` means an empty list.',
  content: {
    'application/json': {
      schema: { type: ['array', 'null'], items: { type: ['string', 'null'] } },
      example: ['34c3ecc5-624a-49a5-bab8-4fdc5e51a266', '74ae54aa-6577-4e80-85e7-697cb646ff37'],
    },
  },
};

const commonErrors = {
  '400': error(
    "Bad path parameter (`Error during parsing param 'org_id' ...`, `value N out of range for uint32`, `Missing required param from request: user_id`), " +
      "missing body (`client didn't provide request body`), JSON syntax error (the parser message) or wrong JSON type (`bad type in json data`)",
  ),
  '401': error('server.auth is on and the x-rh-identity header is missing or malformed'),
  '413': error('The request body is larger than the limit (1 MiB)'),
  '500': error('Storage error (`Internal Server Error`)'),
};

const preflight = (operationId: string) => ({
  summary: 'CORS preflight: answered with 200 and an empty body; the handler does not run (no authentication)',
  operationId,
  parameters: [],
  responses: { '200': { description: 'Empty body' } },
});

export const paths: OpenApiPaths = {
  '/recommendations/organizations/{org_id}/users/{user_id}/list': {
    post: {
      summary: 'Recommendations hitting a list of clusters',
      description:
        'A map from rule_id (`module|ERROR_KEY`, without `.report`) to the clusters of the request (and of this org) on which ' +
        'that recommendation currently hits; `{}` for an empty list or no hits. Keys and lists are sorted. (The upstream ' +
        'openapi.json shows an array; the upstream service returns this map.)',
      operationId: 'getRecommendationsForClusters',
      parameters: [orgId, userId],
      requestBody: clusterListRequest,
      responses: {
        '200': {
          description: 'rule_id → cluster IDs',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['recommendations', 'status'],
                properties: {
                  status: { type: 'string', enum: ['ok'] },
                  recommendations: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
                },
              },
              example: {
                recommendations: { 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION': ['34c3ecc5-624a-49a5-bab8-4fdc5e51a266'] },
                status: 'ok',
              },
            },
          },
        },
        ...commonErrors,
      },
    },
    options: preflight('optionsRecommendationsForClusters'),
  },
  '/clusters/organizations/{org_id}/users/{user_id}/recommendations': {
    post: {
      summary: 'Recommendation lists of a list of clusters',
      description:
        'For each cluster of the request that has a report in this org: `created_at` = the report\'s last_checked_at (RFC 3339 with ' +
        'nanoseconds, trailing zeros trimmed), the rule IDs hitting it (`[]` when none, sorted) and the cluster version ' +
        '(`""` when unknown). Clusters without a report in this org are left out; an empty list gives `{}`.',
      operationId: 'getClustersRecommendations',
      parameters: [orgId, userId],
      requestBody: clusterListRequest,
      responses: {
        '200': {
          description: 'cluster → recommendations',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['clusters', 'status'],
                properties: {
                  status: { type: 'string', enum: ['ok'] },
                  clusters: {
                    type: 'object',
                    additionalProperties: {
                      type: 'object',
                      required: ['created_at', 'meta', 'recommendations'],
                      additionalProperties: false,
                      properties: {
                        created_at: { type: 'string', format: 'date-time' },
                        meta: {
                          type: 'object',
                          required: ['cluster_version'],
                          additionalProperties: false,
                          properties: { cluster_version: { type: 'string' } },
                        },
                        recommendations: { type: 'array', items: { type: 'string', minLength: 1 } },
                      },
                    },
                  },
                },
              },
              example: {
                clusters: {
                  '34c3ecc5-624a-49a5-bab8-4fdc5e51a266': {
                    created_at: '2024-05-02T10:11:12.123456Z',
                    meta: { cluster_version: '4.14.3' },
                    recommendations: ['ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION'],
                  },
                },
                status: 'ok',
              },
            },
          },
        },
        ...commonErrors,
      },
    },
    options: preflight('optionsClustersRecommendations'),
  },
  '/rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail': {
    get: {
      summary: 'Clusters of an org hit by one recommendation',
      description:
        'Optional request body on this GET (read only when Content-Length > 0): `{"clusters":["<uuid>",...]}` restricts the result ' +
        'to those clusters; an empty or absent list applies no filter. Sorted by cluster. `last_checked_at` is the time the ' +
        'recommendation row was written and `impacted` its impacted_since (RFC 3339 with nanoseconds; `0001-01-01T00:00:00Z` for NULL).',
      operationId: 'getClustersDetailForRule',
      parameters: [ruleSelector, orgId, userId],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: { type: ['object', 'null'], properties: { clusters: { type: ['array', 'null'], items: { type: ['string', 'null'] } } } },
          },
        },
      },
      responses: {
        '200': {
          description: 'Hitting clusters',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['clusters', 'status'],
                properties: {
                  status: { type: 'string', enum: ['ok'] },
                  clusters: {
                    type: 'array',
                    minItems: 1,
                    items: {
                      type: 'object',
                      required: ['cluster', 'cluster_name', 'last_checked_at', 'impacted', 'meta'],
                      additionalProperties: false,
                      properties: {
                        cluster: { type: 'string' },
                        cluster_name: { type: 'string', description: 'Always ""' },
                        last_checked_at: { type: 'string', format: 'date-time' },
                        impacted: { type: 'string', format: 'date-time' },
                        meta: {
                          type: 'object',
                          required: ['cluster_version'],
                          additionalProperties: false,
                          properties: { cluster_version: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        '400': error(
          "Bad path parameter (org_id, rule_selector: `... 'Param rule_selector is not a valid rule selector (plugin_name|error_key)'`, " +
            '`Missing required param from request: user_id`), JSON syntax error in the body or wrong JSON type (`bad type in json data`)',
        ),
        '401': commonErrors['401'],
        '404': error('No cluster of the org is hit: `Item with ID <rule_selector> was not found in the storage`'),
        '413': commonErrors['413'],
        '500': commonErrors['500'],
      },
    },
  },
};
