// Writes openapi.json from the features' fragments (src/aggregator/api/*/openapi.ts).
// `npm run openapi`; src/aggregator/api/service/openapi.test.ts fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/aggregator/api/service/openapi-doc.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const target = new URL('../openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(pkg.version), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);

// The content service's document (src/content-service/api/openapi.ts).
const { contentOpenApiDocument } = await import('../src/content-service/api/openapi.js');
const contentTarget = new URL('../config/content-service/openapi.json', import.meta.url);
writeFileSync(contentTarget, `${JSON.stringify(contentOpenApiDocument(pkg.version), null, 2)}\n`);
console.log(`wrote ${contentTarget.pathname}`);
