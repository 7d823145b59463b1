/** OpenAPI fragment of the per-cluster toggle routes (spec 4.4.5). */
import {
  type OpenApiPaths,
  jsonContent,
  jsonResponse,
  nullTimeSchema as nullTime,
  okSchema,
  okStatus,
  preflight,
  rfc3339Nano,
} from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const disabledRule = {
  type: 'object',
  required: ['ClusterID', 'RuleID', 'ErrorKey', 'Disabled', 'DisabledAt', 'EnabledAt', 'UpdatedAt'],
  properties: {
    ClusterID: { type: 'string' },
    RuleID: { type: 'string', description: 'Rule module with `.report`' },
    ErrorKey: { type: 'string' },
    Disabled: { type: 'integer', enum: [1] },
    DisabledAt: nullTime,
    EnabledAt: { ...nullTime, description: 'Never selected from the database: always invalid' },
    UpdatedAt: nullTime,
  },
  additionalProperties: false,
};

const rulesResponse = {
  type: 'object',
  required: ['rules', 'status'],
  properties: { rules: { type: 'array', items: disabledRule }, status: okStatus },
  additionalProperties: false,
};

const reason = {
  type: 'object',
  required: ['ClusterID', 'RuleID', 'ErrorKey', 'Message', 'AddedAt', 'UpdatedAt'],
  properties: {
    ClusterID: { type: 'string' },
    RuleID: { type: 'string' },
    ErrorKey: { type: 'string' },
    Message: { type: 'string' },
    AddedAt: nullTime,
    UpdatedAt: nullTime,
  },
  additionalProperties: false,
};

const disabledCluster = {
  type: 'object',
  required: ['cluster_id', 'cluster_name', 'disabled_at', 'justification'],
  properties: {
    cluster_id: { type: 'string' },
    cluster_name: { type: 'string', description: 'Always ""' },
    disabled_at: rfc3339Nano,
    justification: { type: 'string', description: 'Newest disable feedback of any user for this cluster and rule, or ""' },
  },
  additionalProperties: false,
};

const BASE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}';
const clusterRuleParams = [params.cluster, params.rule_id, params.error_key, params.org_id];
const status400 = errors['400'];

const toggleOp = (operationId: string, summary: string) => ({
  put: {
    summary,
    operationId,
    tags: ['toggles'],
    parameters: clusterRuleParams,
    responses: { '200': jsonResponse('Stored', okSchema), ...errors },
  },
  options: preflight({ summary }),
});

export const paths: OpenApiPaths = {
  [`${BASE}/disable`]: toggleOp('disableRuleForCluster', 'Disable a rule (module with .report, error key) for one cluster'),
  [`${BASE}/enable`]: toggleOp('enableRuleForCluster', 'Enable a rule again for one cluster'),
  [`${BASE}/users/{user_id}/disable_feedback`]: {
    post: {
      summary: 'Store the justification of a user for disabling a rule on one cluster',
      operationId: 'disableRuleFeedback',
      tags: ['toggles'],
      parameters: [...clusterRuleParams, params.user_id],
      requestBody: {
        required: true,
        description: 'The justification, at most `server.maximum_feedback_message_length` bytes (default 255). No body: 400.',
        content: jsonContent({ type: ['object', 'null'], properties: { message: { type: ['string', 'null'] } } }),
      },
      responses: {
        '200': jsonResponse('Stored; the message is echoed', {
          type: 'object',
          required: ['message', 'status'],
          properties: { message: { type: 'string' }, status: okStatus },
          additionalProperties: false,
        }),
        ...errors,
      },
    },
  },
  '/rules/organizations/{org_id}/disabled': {
    get: {
      summary: 'Every (cluster, rule) pair disabled in the organization',
      operationId: 'listDisabledRules',
      tags: ['toggles'],
      parameters: [params.org_id],
      responses: {
        '200': jsonResponse('Disabled rules (`[]` when none)', rulesResponse),
        '400': status400,
        '401': errors['401'],
        '500': errors['500'],
      },
    },
  },
  '/rules/organizations/{org_id}/disabled_for_clusters': {
    post: {
      summary: 'The disabled (cluster, rule) pairs of the organization, restricted to the listed clusters',
      operationId: 'listDisabledRulesForClusters',
      tags: ['toggles'],
      parameters: [params.org_id],
      requestBody: {
        required: true,
        description: 'A bare JSON array of cluster IDs (not validated). `[]` or `null` gives `[]`.',
        content: jsonContent({ type: ['array', 'null'], items: { type: 'string' } }),
      },
      responses: {
        '200': jsonResponse('Disabled rules (`[]` when none)', rulesResponse),
        '400': status400,
        '401': errors['401'],
        '413': errors['413'],
        '500': errors['500'],
      },
    },
    options: preflight({ summary: 'The disabled rules of the listed clusters' }),
  },
  '/rules/users/{user_id}/disabled/feedback': {
    get: {
      summary: 'Every disable justification written by a user, across all organizations',
      operationId: 'listDisableReasonsOfUser',
      tags: ['toggles'],
      parameters: [params.user_id],
      responses: {
        '200': jsonResponse('Justifications (`[]` when none)', {
          type: 'object',
          required: ['reasons', 'status'],
          properties: { reasons: { type: 'array', items: reason }, status: okStatus },
          additionalProperties: false,
        }),
        '400': status400,
        '401': errors['401'],
        '500': errors['500'],
      },
    },
  },
  '/clusters/rules/{rule_id}/error_key/{error_key}/organizations/{org_id}/disabled': {
    get: {
      summary: 'The clusters of the organization on which a rule is disabled, newest first',
      operationId: 'listClustersWithDisabledRule',
      tags: ['toggles'],
      parameters: [params.rule_id, params.error_key, params.org_id],
      responses: {
        '200': jsonResponse('Clusters; `clusters` is `null` (not `[]`) when there are none', {
          type: 'object',
          required: ['clusters', 'status'],
          properties: { clusters: { type: ['array', 'null'], items: disabledCluster }, status: okStatus },
          additionalProperties: false,
        }),
        '400': status400,
        '401': errors['401'],
        '500': errors['500'],
      },
    },
  },
};
