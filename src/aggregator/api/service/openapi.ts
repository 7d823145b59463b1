/** OpenAPI fragment of the service routes (main endpoint, info, metrics, this document). */
import { type OpenApiPaths, jsonResponse, okSchema } from '#common/http/openapi.js';
import { readinessPaths } from '#common/http/readiness.js';

export const paths: OpenApiPaths = {
  '/': {
    get: {
      summary: 'Main endpoint: the service answers',
      operationId: 'getMain',
      responses: { '200': jsonResponse('ok', okSchema) },
    },
  },
  '/info': {
    get: {
      summary: 'Build and database version information',
      operationId: 'getInfo',
      responses: {
        '200': jsonResponse('info', {
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
        }),
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
      responses: { '200': jsonResponse('OpenAPI 3 document', { type: 'object' }) },
    },
  },
  ...readinessPaths,
};
