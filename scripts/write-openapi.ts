// Writes openapi.json from the features' fragments (src/aggregator/api/*/openapi.ts).
// `npm run openapi`; src/aggregator/api/service/openapi.test.ts fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/aggregator/api/service/openapi-doc.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const target = new URL('../openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(pkg.version), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
