import type { OpenApiPaths } from '../openapi-types.js';

const statusError = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: { type: 'object', required: ['status'], properties: { status: { type: 'string' } }, additionalProperties: false },
    },
  },
});

/** RFC 3339 with seconds precision, UTC (Go's zero time when the column is NULL). */
const RFC3339_SECONDS = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$';

const orgParam = { name: 'org_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 4294967295 } };

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
    reported_at: { type: 'string', pattern: RFC3339_SECONDS, description: 'First time the namespace was seen (RFC 3339, seconds)' },
    last_checked_at: { type: 'string', pattern: RFC3339_SECONDS, description: 'Time of the latest archive (RFC 3339, seconds)' },
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

const workloadsList = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['status', 'workloads'],
        properties: {
          status: { type: 'string', enum: ['ok'] },
          workloads: { type: ['array', 'null'], items: workloadsForNamespace, description: 'null (not []) when no row matches' },
        },
        additionalProperties: false,
      },
    },
  },
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

const unauthorized = statusError('Missing or malformed x-rh-identity (server.auth = true)');
const internal = statusError('Storage error or DVO storage not configured ("Internal Server Error")');

export const paths: OpenApiPaths = {
  '/organization/{org_id}/workloads': {
    get: {
      summary: 'All DVO workloads (namespaces) of an organization',
      operationId: 'getWorkloads',
      parameters: [orgParam],
      responses: {
        '200': workloadsList('One element per namespace per cluster'),
        '400': statusError('Invalid org_id'),
        '401': unauthorized,
        '500': internal,
      },
    },
    post: {
      summary: 'DVO workloads of an organization, restricted to the listed (active) clusters',
      operationId: 'getWorkloadsForClusters',
      parameters: [orgParam],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { type: 'array', items: { type: 'string' }, description: 'A bare JSON array of cluster IDs (not validated); [] answers workloads: [] without reading the storage' },
          },
        },
      },
      responses: {
        '200': workloadsList('One element per namespace of the listed clusters'),
        '400': statusError('Invalid org_id, missing body ("client didn\'t provide request body"), JSON syntax error, or "bad type in json data" (not an array of strings)'),
        '401': unauthorized,
        '413': statusError('Request body larger than 1 MiB ("request body too large")'),
        '500': internal,
      },
    },
  },
  '/organization/{org_id}/namespace/{namespace}/cluster/{cluster}/workloads': {
    get: {
      summary: 'The DVO recommendations and workloads of one namespace of one cluster',
      operationId: 'getWorkloadsForNamespace',
      parameters: [
        orgParam,
        { name: 'namespace', in: 'path', required: true, description: 'Namespace UID, 1..256 bytes', schema: { type: 'string', minLength: 1 } },
        { name: 'cluster', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: {
        '200': {
          description: 'The namespace with its recommendations (recommendations is [] when the stored report is unusable)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status', 'workloads'],
                properties: {
                  status: { type: 'string', enum: ['ok'] },
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
              },
            },
          },
        },
        '400': statusError('Invalid org_id, cluster or namespace'),
        '401': unauthorized,
        '404': statusError('"Item with ID <org>:<cluster>:<namespace> was not found in the storage"'),
        '500': internal,
      },
    },
  },
};
