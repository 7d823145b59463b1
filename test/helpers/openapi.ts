/**
 * Checks a real response against the project's OpenAPI document (composed from the features' fragments):
 * `assertMatchesOpenApi('get', '/organizations/{organization}/clusters', res)`.
 * The operation must document the response status and, for a non-empty body, its media type with a schema
 * (never skipped silently); a JSON body must satisfy it.
 */
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { openApiDocument } from '../../src/aggregator/api/service/openapi-doc.js';
import type { TestResponse } from './http.js';

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
  const what = `${method.toUpperCase()} ${path} ${res.status}`;
  if (res.text === '') {
    assert.deepEqual(Object.keys(content), [], `${what}: empty body, but openapi.json documents one`);
    return;
  }
  // A body must be documented with a schema for its media type; a JSON body is validated against it.
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = content[mediaType];
  assert.ok(
    media,
    `${what}: openapi.json documents no ${mediaType || 'media type'} body (documents: ${Object.keys(content).join(', ') || 'none'})`,
  );
  assert.ok(media.schema, `${what}: openapi.json gives no schema for its ${mediaType} body`);
  if (mediaType !== 'application/json') return;
  assert.notEqual(res.json, undefined, `JSON body for ${what}: ${res.text}`);
  const validate = ajv.compile(media.schema);
  const ok = validate(res.json);
  assert.ok(
    ok,
    `${method.toUpperCase()} ${path} ${res.status} body ${res.text.slice(0, 500)} violates openapi.json: ${ajv.errorsText(validate.errors)}`,
  );
}
