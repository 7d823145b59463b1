/** OpenAPI fragment of the reports feature (spec 4.4.3), describing what the implementation returns. */
import {
  type OpenApiPaths,
  errorResponse as error,
  jsonContent,
  jsonResponse as json,
  okStatus,
  pathParam,
  preflight,
  rfc3339Seconds,
} from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const { '401': unauthorized, '500': internal } = errors;
const reportParams = [params.org_id, params.cluster, params.user_id];
const singleRuleParams = [...reportParams, pathParam('rule_id', '`<module>|<ERROR_KEY>` (`|` raw or %7C)')];

const paramError = error(
  "Invalid path parameter, in the validation order of the endpoint: `Error during parsing param '<name>' with value '<v>'. Error: '<reason>'`, `value <n> out of range for uint32` or `Missing required param from request: user_id`",
);

const ruleHit = {
  type: 'object',
  required: ['component', 'key', 'user_vote', 'disabled', 'disable_feedback', 'disabled_at', 'details', 'impacted'],
  properties: {
    component: { type: 'string', description: 'Rule module with `.report` (rule_hit.rule_fqdn)' },
    key: { type: 'string', description: 'Error key' },
    user_vote: { type: 'integer', enum: [-1, 0, 1], description: "This user's vote on (cluster, component), any error key; 0 when none" },
    disabled: { type: 'boolean', description: 'A cluster_rule_toggle row (same org, cluster, rule, key) has disabled = 1' },
    disable_feedback: { type: 'string', description: 'This user\'s disable justification, "" when none' },
    disabled_at: { type: 'string', description: 'updated_at of that justification (RFC 3339 s), "" when none' },
    details: { description: 'template_data parsed as JSON (keys sorted); a base64 string when it is not JSON' },
    impacted: { ...rfc3339Seconds, description: 'rule_hit.created_at (RFC 3339 s); 0001-01-01T00:00:00Z when NULL' },
  },
};

const clusterReportsBody = {
  type: 'object',
  required: ['clusters', 'errors', 'reports', 'generated_at', 'status'],
  properties: {
    clusters: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'Requested clusters with a stored report, in request order; null when none',
    },
    errors: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'Requested clusters without a (parsable) stored report; null when none',
    },
    reports: { type: 'object', additionalProperties: { type: 'object' }, description: 'Cluster → the stored report JSON as stored' },
    generated_at: { type: 'string', enum: [''] },
    status: okStatus,
  },
};

const clusterReportsResponses = (listError: string) => ({
  '200': json('Tab-indented JSON (Go json.MarshalIndent), no trailing newline', clusterReportsBody),
  '400': error(
    `\`Error during parsing param 'org_id' ...\`, ${listError}, \`invalid cluster ID: '<id>'. Error: <uuid error>\`, or \`Improper organization ID\` when a known cluster belongs to another org`,
  ),
  '401': unauthorized,
  '500': internal,
});

export const paths: OpenApiPaths = {
  '/organizations/{org_id}/clusters/{cluster}/users/{user_id}/report': {
    get: {
      summary: "The cluster's latest report with this user's votes, toggles and disable feedback",
      operationId: 'getReportForCluster',
      parameters: reportParams,
      responses: {
        '200': json('The report', {
          type: 'object',
          required: ['report', 'status'],
          properties: {
            report: {
              type: 'object',
              required: ['meta', 'reports'],
              properties: {
                meta: {
                  type: 'object',
                  required: ['cluster_name', 'count', 'last_checked_at'],
                  properties: {
                    cluster_name: { type: 'string', enum: [''] },
                    count: { type: 'integer', minimum: -1, description: 'Number of rule hits; -1 when there are none' },
                    last_checked_at: rfc3339Seconds,
                    gathered_at: { ...rfc3339Seconds, description: 'Omitted when unknown' },
                  },
                },
                reports: { type: 'array', items: ruleHit },
              },
            },
            status: okStatus,
          },
        }),
        '400': paramError,
        '401': unauthorized,
        '404': error('`Item with ID <org>/<cluster> was not found in the storage`'),
        '500': internal,
      },
    },
    options: preflight({ operationId: 'optionsReportForCluster', parameters: reportParams }),
  },
  '/organizations/{org_id}/clusters/{cluster}/users/{user_id}/report/info': {
    get: {
      summary: 'Report metadata',
      operationId: 'getReportInfoForCluster',
      parameters: reportParams,
      responses: {
        '200': json('Metadata', {
          type: 'object',
          required: ['metainfo', 'status'],
          properties: {
            metainfo: {
              type: 'object',
              required: ['count', 'last_checked_at', 'stored_at'],
              properties: {
                count: { type: 'integer', minimum: -1, description: 'Number of rule hits; -1 when there are none' },
                last_checked_at: rfc3339Seconds,
                stored_at: { ...rfc3339Seconds, description: 'When the report was written to the database' },
              },
            },
            status: okStatus,
          },
        }),
        '400': paramError,
        '401': unauthorized,
        '404': error('`Item with ID <org>/<cluster> was not found in the storage`'),
        '500': internal,
      },
    },
    options: preflight({ operationId: 'optionsReportInfoForCluster', parameters: reportParams }),
  },
  '/organizations/{org_id}/clusters/{cluster}/users/{user_id}/rules/{rule_id}': {
    get: {
      summary: 'One rule hit of the latest report',
      operationId: 'getSingleRuleForCluster',
      parameters: singleRuleParams,
      responses: {
        '200': json('The rule hit', {
          type: 'object',
          required: ['report', 'status'],
          properties: {
            report: {
              type: 'object',
              required: ['component', 'key', 'user_vote', 'disabled', 'disable_feedback', 'disabled_at', 'details'],
              properties: {
                component: { type: 'string' },
                key: { type: 'string' },
                user_vote: { type: 'integer', enum: [-1, 0, 1], description: "This user's vote on (cluster, module, key)" },
                disabled: { type: 'boolean', description: 'The newest toggle of (cluster, module), any key and org, has disabled = 1' },
                disable_feedback: { type: 'string' },
                disabled_at: {
                  type: 'string',
                  description: 'That toggle\'s disabled_at (RFC 3339 s, 0001-01-01T00:00:00Z when NULL); "" when no toggle',
                },
                details: { description: 'template_data parsed as JSON (keys sorted); a base64 string when it is not JSON' },
              },
            },
            status: okStatus,
          },
        }),
        '400': error(
          "Invalid path parameter (cluster, user_id, org_id, rule_id in that order); for rule_id: `Error during parsing param 'rule_id' with value '<v>'. Error: 'Error during validating param 'rule' with value '<v>'. Error: 'invalid rule ID, ...''`",
        ),
        '401': unauthorized,
        '404': error('`Item with ID <org>/<cluster>/<module>/<key> was not found in the storage`'),
        '500': internal,
      },
    },
    options: preflight({ operationId: 'optionsSingleRuleForCluster', parameters: singleRuleParams }),
  },
  '/organizations/{org_id}/clusters/{cluster_list}/reports': {
    get: {
      summary: 'Stored reports of several clusters (comma-separated list)',
      operationId: 'getReportsForClusters',
      parameters: [params.org_id, pathParam('cluster_list', 'Comma-separated cluster UUIDs')],
      responses: clusterReportsResponses('an invalid cluster ID'),
    },
  },
  '/organizations/{org_id}/clusters/reports': {
    post: {
      summary: 'Stored reports of several clusters (list in the body)',
      operationId: 'postReportsForClusters',
      parameters: [params.org_id],
      requestBody: {
        required: true,
        content: jsonContent({ type: 'object', properties: { clusters: { type: ['array', 'null'], items: { type: 'string' } } } }),
      },
      responses: clusterReportsResponses("`client didn't provide request body`, the JSON parser message, `bad type in json data`"),
    },
  },
};
