/** The content service's OpenAPI document (config/content-service/openapi.json; `npm run openapi` writes it). */
import { composeOpenApi, jsonResponse, okSchema, okStatus, preflight } from '#common/http/openapi.js';

const groupSchema = {
  type: 'object',
  required: ['title', 'description', 'tags'],
  properties: { title: { type: 'string' }, description: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  additionalProperties: false,
};

const ruleStatusSchema = {
  type: 'object',
  required: ['type', 'loaded', 'error'],
  properties: { type: { type: 'string', enum: ['external', 'internal'] }, loaded: { type: 'boolean' }, error: { type: 'string' } },
  additionalProperties: false,
};

const text = { type: 'string' };
const texts = { generic: text, summary: text, resolution: text, more_info: text, reason: text, HasReason: { type: 'boolean' } };
const errorKeySchema = {
  type: 'object',
  properties: {
    metadata: {
      type: 'object',
      properties: {
        description: text,
        impact: { type: 'object', properties: { name: text, impact: { type: 'integer' } } },
        likelihood: { type: 'integer' },
        publish_date: text,
        resolution_risk: { type: 'integer' },
        status: text,
        tags: { type: ['array', 'null'], items: text },
      },
    },
    total_risk: { type: 'integer' },
    ...texts,
  },
};
const contentJsonSchema = {
  type: 'object',
  required: ['Config', 'Rules'],
  properties: {
    Config: { type: 'object', properties: { impact: { type: 'object', additionalProperties: { type: 'integer' } } } },
    Rules: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          plugin: { type: 'object', properties: { name: text, node_id: text, product_code: text, python_module: text } },
          error_keys: { type: 'object', additionalProperties: errorKeySchema },
          ...texts,
        },
      },
    },
  },
};

const info = { type: 'string' };

export const contentPaths = {
  '/': { get: { summary: 'Main endpoint', operationId: 'getRoot', responses: { '200': jsonResponse('The service is up', okSchema) } } },
  '/groups': {
    get: {
      summary: 'The rule groups (groups_config.yaml)',
      operationId: 'getGroups',
      responses: {
        '200': jsonResponse('Groups', {
          type: 'object',
          required: ['groups', 'status'],
          properties: { groups: { type: 'array', items: groupSchema }, status: okStatus },
          additionalProperties: false,
        }),
      },
    },
    options: preflight({ operationId: 'optionsGroups' }),
  },
  '/content': {
    get: {
      summary:
        'The whole parsed content: Go encoding/gob of RuleContentDirectory (labelled application/json, as upstream); JSON of the same tree when Accept names application/json (ours)',
      operationId: 'getContent',
      parameters: [{ name: 'Accept', in: 'header', required: false, schema: { type: 'string' } }],
      responses: {
        '200': {
          description: 'gob bytes, or JSON with Accept: application/json',
          content: {
            'application/json': { schema: contentJsonSchema },
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
      },
    },
    options: preflight({ operationId: 'optionsContent' }),
  },
  '/status': {
    get: {
      summary: 'Parse status of every rule; ?external, ?internal and ?rule=<name> (repeatable) select their union',
      operationId: 'getStatus',
      parameters: [
        { name: 'external', in: 'query', required: false, allowEmptyValue: true, schema: { type: 'string' } },
        { name: 'internal', in: 'query', required: false, allowEmptyValue: true, schema: { type: 'string' } },
        { name: 'rule', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: true },
      ],
      responses: {
        '200': jsonResponse(
          'Status per rule directory name (reload: ours, only while a reload failed and the previous content is served)',
          {
            type: 'object',
            required: ['rules', 'status'],
            properties: {
              rules: { type: 'object', additionalProperties: ruleStatusSchema },
              status: okStatus,
              reload: { type: 'object', properties: { loaded: { type: 'boolean' }, error: text, at: text } },
            },
            additionalProperties: false,
          },
        ),
      },
    },
    options: preflight({ operationId: 'optionsStatus' }),
  },
  '/info': {
    get: {
      summary: 'Build information',
      operationId: 'getInfo',
      responses: {
        '200': jsonResponse('Build information', {
          type: 'object',
          required: ['info', 'status'],
          properties: {
            info: {
              type: 'object',
              required: ['BuildVersion', 'BuildTime', 'BuildBranch', 'BuildCommit', 'UtilsVersion', 'OCPRulesVersion'],
              properties: {
                BuildVersion: info,
                BuildTime: info,
                BuildBranch: info,
                BuildCommit: info,
                UtilsVersion: info,
                OCPRulesVersion: info,
              },
              additionalProperties: false,
            },
            status: okStatus,
          },
          additionalProperties: false,
        }),
      },
    },
    options: preflight({ operationId: 'optionsInfo' }),
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      operationId: 'getMetrics',
      responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/openapi.json': {
    get: {
      summary: 'This document',
      operationId: 'getOpenApi',
      responses: { '200': jsonResponse('OpenAPI document', { type: 'object' }) },
    },
  },
};

export function contentOpenApiDocument(version: string): Record<string, unknown> {
  return composeOpenApi(
    {
      title: 'Insights Content Service',
      description: 'Rule content (YAML + Markdown) parsed once and served to the smart proxy and the consoles',
      version,
      servers: [{ url: '/api/v1' }],
    },
    [contentPaths],
  );
}
