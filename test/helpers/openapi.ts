/**
 * Checks a real response against the project's OpenAPI document (composed from the features' fragments):
 * `assertMatchesOpenApi('get', '/organizations/{organization}/clusters', res)`.
 * The operation must document the response status, and the JSON body must satisfy its schema.
 */
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { openApiDocument } from '../../src/aggregator/api/service/openapi-doc.js';
import type { TestResponse } from './api.js';

const ajv = new Ajv({ strict: false, allErrors: true });
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const doc = openApiDocument('test') as { paths: Record<string, Record<string, Operation>> };

export function assertMatchesOpenApi(method: string, path: string, res: TestResponse): void {
  const op = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `openapi.json documents ${method.toUpperCase()} ${path}`);
  const response = op.responses?.[String(res.status)] ?? op.responses?.default;
  assert.ok(response, `openapi.json documents status ${res.status} for ${method.toUpperCase()} ${path}`);
  const content: Record<string, { schema?: object }> = response.content ?? {};
  const media = content['application/json'] ?? content[Object.keys(content)[0]];
  if (!media?.schema) return;
  if (content['application/json']) assert.notEqual(res.json, undefined, `JSON body for ${method} ${path}: ${res.text}`);
  else return;
  const validate = ajv.compile(media.schema);
  const ok = validate(res.json);
  assert.ok(
    ok,
    `${method.toUpperCase()} ${path} ${res.status} body ${res.text.slice(0, 500)} violates openapi.json: ${ajv.errorsText(validate.errors)}`,
  );
}
