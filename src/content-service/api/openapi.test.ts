import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { contentOpenApiDocument } from './openapi.js';

describe('content service OpenAPI document', () => {
  it('config/content-service/openapi.json is current (npm run openapi writes it)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    const file = JSON.parse(readFileSync(new URL('../../../config/content-service/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(file, contentOpenApiDocument(pkg.version));
    assert.deepEqual(Object.keys(file.paths as object), ['/', '/content', '/groups', '/info', '/metrics', '/openapi.json', '/status']);
  });
});
