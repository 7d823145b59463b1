/** OpenAPI fragment of the Advisor recommendation routes (spec 4.4.8), as implemented. */
import { type OpenApiPaths, errorResponse as error, jsonContent, okStatus, preflight, rfc3339Nano } from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const orgId = params.org_id;
const userId = params.user_id;

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
  '401': errors['401'],
  '413': errors['413'],
  '500': errors['500'],
};

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
                  status: okStatus,
                  recommendations: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
                },
              },
              example: {
                recommendations: {
                  'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION': ['34c3ecc5-624a-49a5-bab8-4fdc5e51a266'],
                },
                status: 'ok',
              },
            },
          },
        },
        ...commonErrors,
      },
    },
    options: preflight({ operationId: 'optionsRecommendationsForClusters', parameters: [orgId, userId] }),
  },
  '/clusters/organizations/{org_id}/users/{user_id}/recommendations': {
    post: {
      summary: 'Recommendation lists of a list of clusters',
      description:
        "For each cluster of the request that has a report in this org: `created_at` = the report's last_checked_at (RFC 3339 with " +
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
                  status: okStatus,
                  clusters: {
                    type: 'object',
                    additionalProperties: {
                      type: 'object',
                      required: ['created_at', 'meta', 'recommendations'],
                      additionalProperties: false,
                      properties: {
                        created_at: rfc3339Nano,
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
    options: preflight({ operationId: 'optionsClustersRecommendations', parameters: [orgId, userId] }),
  },
  '/rules/{rule_selector}/organizations/{org_id}/users/{user_id}/clusters_detail': {
    get: {
      summary: 'Clusters of an org hit by one recommendation',
      description:
        'Optional request body on this GET (read only when Content-Length > 0): `{"clusters":["<uuid>",...]}` restricts the result ' +
        'to those clusters; an empty or absent list applies no filter. Sorted by cluster. `last_checked_at` is the time the ' +
        'recommendation row was written and `impacted` its impacted_since (RFC 3339 with nanoseconds; `0001-01-01T00:00:00Z` for NULL).',
      operationId: 'getClustersDetailForRule',
      parameters: [params.rule_selector, orgId, userId],
      requestBody: {
        required: false,
        content: jsonContent({
          type: ['object', 'null'],
          properties: { clusters: { type: ['array', 'null'], items: { type: ['string', 'null'] } } },
        }),
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
                  status: okStatus,
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
                        last_checked_at: rfc3339Nano,
                        impacted: rfc3339Nano,
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
