import type { OpenApiPaths } from '../openapi-types.js';

const statusOk = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
};

export const paths: OpenApiPaths = {
  '/': {
    get: {
      summary: 'Main endpoint: the service answers',
      operationId: 'getMain',
      responses: { '200': { description: 'ok', content: { 'application/json': { schema: statusOk } } } },
    },
  },
  '/info': {
    get: {
      summary: 'Build and database version information',
      operationId: 'getInfo',
      responses: {
        '200': {
          description: 'info',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status', 'info'],
                properties: {
                  status: { type: 'string' },
                  info: {
                    type: 'object',
                    required: ['BuildBranch', 'BuildCommit', 'BuildTime', 'BuildVersion', 'UtilsVersion', 'OCP_DB_version', 'DVO_DB_version'],
                    additionalProperties: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics (no authentication)',
      operationId: 'getMetrics',
      responses: { '200': { description: 'Prometheus text exposition', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/openapi.json': {
    get: {
      summary: 'This document (no authentication)',
      operationId: 'getOpenApi',
      responses: { '200': { description: 'OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
};
