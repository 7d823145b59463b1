/** OpenAPI fragment of the DVO workloads routes. */
import { type OpenApiPaths, errorResponse, jsonContent, jsonResponse, okStatus, rfc3339Seconds } from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const cluster = {
  type: 'object',
  required: ['uuid', 'display_name'],
  properties: { uuid: { type: 'string' }, display_name: { type: 'string', description: 'Always "" (the smart proxy fills it)' } },
  additionalProperties: false,
};

const namespace = {
  type: 'object',
  required: ['uuid', 'name'],
  properties: { uuid: { type: 'string' }, name: { type: 'string' } },
  additionalProperties: false,
};

const metadata = {
  type: 'object',
  required: ['recommendations', 'objects', 'reported_at', 'last_checked_at', 'highest_severity', 'hits_by_severity'],
  properties: {
    recommendations: { type: 'integer', description: 'Workload recommendations hitting this namespace' },
    objects: { type: 'integer', description: 'Distinct workloads of this namespace hit by any recommendation' },
    reported_at: { ...rfc3339Seconds, description: 'First time the namespace was seen (RFC 3339, seconds)' },
    last_checked_at: { ...rfc3339Seconds, description: 'Time of the latest archive (RFC 3339, seconds)' },
    highest_severity: { type: 'integer', enum: [0], description: 'Always 0 (the smart proxy fills it)' },
    hits_by_severity: { type: 'null', description: 'Always null (the smart proxy fills it)' },
  },
  additionalProperties: false,
};

const workloadsForNamespace = {
  type: 'object',
  required: ['cluster', 'namespace', 'metadata', 'recommendations_hit_count'],
  properties: {
    cluster,
    namespace,
    metadata,
    recommendations_hit_count: {
      type: 'object',
      description: 'Composite rule ID (module|ERROR_KEY) to the number of hit workloads in this namespace',
      additionalProperties: { type: 'integer' },
    },
  },
  additionalProperties: false,
};

const workloadsList = (description: string) =>
  jsonResponse(description, {
    type: 'object',
    required: ['status', 'workloads'],
    properties: {
      status: okStatus,
      workloads: { type: ['array', 'null'], items: workloadsForNamespace, description: 'null (not []) when no row matches' },
    },
    additionalProperties: false,
  });

const dvoRecommendation = {
  type: 'object',
  required: ['check', 'details', 'resolution', 'modified', 'more_info', 'extra_data', 'objects'],
  properties: {
    check: { type: 'string', description: 'module (without .recommendation)|ERROR_KEY' },
    details: { type: 'string', enum: [''] },
    resolution: { type: 'string', enum: [''] },
    modified: { type: 'string', enum: [''] },
    more_info: { type: 'string', enum: [''] },
    extra_data: { type: ['object', 'null'], description: 'The recommendation details from the report' },
    objects: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['kind', 'uid', 'display_name'],
        properties: { kind: { type: 'string' }, uid: { type: 'string' }, display_name: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const { '401': unauthorized, '413': tooLarge, '500': internal } = errors;

export const paths: OpenApiPaths = {
  '/organization/{org_id}/workloads': {
    get: {
      summary: 'All DVO workloads (namespaces) of an organization',
      operationId: 'getWorkloads',
      parameters: [params.org_id],
      responses: {
        '200': workloadsList('One element per namespace per cluster'),
        '400': errorResponse('Invalid org_id'),
        '401': unauthorized,
        '500': internal,
      },
    },
    post: {
      summary: 'DVO workloads of an organization, restricted to the listed (active) clusters',
      operationId: 'getWorkloadsForClusters',
      parameters: [params.org_id],
      requestBody: {
        required: true,
        content: jsonContent({
          type: 'array',
          items: { type: 'string' },
          description: 'A bare JSON array of cluster IDs (not validated); [] answers workloads: [] without reading the storage',
        }),
      },
      responses: {
        '200': workloadsList('One element per namespace of the listed clusters'),
        '400': errorResponse(
          'Invalid org_id, missing body ("client didn\'t provide request body"), JSON syntax error, or "bad type in json data" (not an array of strings)',
        ),
        '401': unauthorized,
        '413': tooLarge,
        '500': internal,
      },
    },
  },
  '/organization/{org_id}/namespace/{namespace}/cluster/{cluster}/workloads': {
    get: {
      summary: 'The DVO recommendations and workloads of one namespace of one cluster',
      operationId: 'getWorkloadsForNamespace',
      parameters: [
        params.org_id,
        {
          name: 'namespace',
          in: 'path',
          required: true,
          description: 'Namespace UID, 1..256 bytes',
          schema: { type: 'string', minLength: 1 },
        },
        { ...params.cluster, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: {
        '200': jsonResponse('The namespace with its recommendations (recommendations is [] when the stored report is unusable)', {
          type: 'object',
          required: ['status', 'workloads'],
          properties: {
            status: okStatus,
            workloads: {
              type: 'object',
              required: ['status', 'cluster', 'namespace', 'metadata', 'recommendations'],
              properties: {
                status: { type: 'string', enum: [''] },
                cluster,
                namespace,
                metadata,
                recommendations: { type: 'array', items: dvoRecommendation },
              },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        }),
        '400': errorResponse('Invalid org_id, cluster or namespace'),
        '401': unauthorized,
        '404': errorResponse('"Item with ID <org>:<cluster>:<namespace> was not found in the storage"'),
        '500': internal,
      },
    },
  },
};
