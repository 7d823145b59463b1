/** `{p}`, `{p}info`, `{p}metrics`, `{p}openapi.json` (spec 4.4.1). */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { RouteDef } from '#common/http/routes.js';
import type { ApiDeps } from '../deps.js';

export class ApiSpecFileError extends Error {}

/** Upstream refuses to start without the spec file ("All customer facing APIs MUST serve the current OpenAPI specification"). */
export function checkApiSpecFile(path: string): void {
  let ok = false;
  try {
    ok = statSync(path).isFile();
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ApiSpecFileError(`All customer facing APIs MUST serve the current OpenAPI specification: ${path} is not a readable file`);
}

/** Without debug, operations tagged `debug` are removed (and paths left empty are dropped). */
export function filterDebugOperations(text: string): string {
  const doc = JSON.parse(text) as { paths?: Record<string, Record<string, { tags?: string[] }>> };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === 'object' && Array.isArray(op.tags) && op.tags.includes('debug')) delete item[method];
    }
    if (Object.keys(item).length === 0) delete doc.paths![path];
  }
  return JSON.stringify(doc, null, 2);
}

export function serviceRoutes(deps: ApiDeps): RouteDef[] {
  const specFile = deps.config.server.api_spec_file || 'openapi.json';
  let specCache: string | null = null;
  return [
    { method: 'GET', path: '', handler: async () => ({ json: { status: 'ok' } }) },
    {
      method: 'GET',
      path: 'info',
      options: true,
      handler: async () => ({
        json: { info: { ...deps.build, OCP_DB_version: deps.dbVersions.ocp, DVO_DB_version: deps.dbVersions.dvo }, status: 'ok' },
      }),
    },
    {
      method: 'GET',
      path: 'metrics',
      auth: false,
      handler: async () => ({
        raw: await deps.metrics.registry.metrics(),
        contentType: deps.metrics.registry.contentType,
      }),
    },
    {
      method: 'GET',
      path: basename(specFile),
      auth: false,
      handler: async () => {
        if (specCache === null) {
          const text = readFileSync(specFile, 'utf8');
          specCache = deps.config.server.debug ? text : filterDebugOperations(text);
        }
        return { raw: specCache, contentType: 'application/json' };
      },
    },
  ];
}
