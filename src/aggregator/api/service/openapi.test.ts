import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApiDocument } from './openapi-doc.js';
import { filterDebugOperations } from '#common/service/api-spec.js';
import { allApiRoutes } from '../test-helpers/routes.js';

const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('openapi.json', () => {
  it('is the composition of the features\u2019 fragments (run `npm run openapi` when this fails)', () => {
    const onDisk = JSON.parse(readFileSync(new URL('../../../../openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(onDisk, openApiDocument(pkg.version));
  });

  it('documents every route the API registers (debug on)', () => {
    const routes = allApiRoutes();
    const doc = openApiDocument('x') as { paths: Record<string, Record<string, unknown>> };
    const missing = routes.filter((r) => !doc.paths[`/${r.path}`]?.[r.method.toLowerCase()]).map((r) => `${r.method} /${r.path}`);
    assert.deepEqual(missing, []);
    assert.ok(routes.length >= 4);
  });

  it('drops debug-tagged operations without debug', () => {
    const text = JSON.stringify({
      paths: { '/a': { get: { tags: ['debug'] } }, '/b': { get: { tags: ['x'] }, delete: { tags: ['debug'] } } },
    });
    assert.deepEqual(JSON.parse(filterDebugOperations(text)).paths, { '/b': { get: { tags: ['x'] } } });
  });
});
