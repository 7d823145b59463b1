/**
 * The OpenAPI document a service serves (`server.api_spec_file`): upstream refuses to start without it
 * ("All customer facing APIs MUST serve the current OpenAPI specification"), and serves it with the
 * operations tagged `debug` removed unless `server.debug` is on.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { RouteDef } from '../http/routes.js';

export class ApiSpecFileError extends Error {}

/** Throws ApiSpecFileError unless `path` is a readable regular file. */
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
    if (Object.keys(item).length === 0) delete doc.paths?.[path];
  }
  return JSON.stringify(doc, null, 2);
}

/** `GET {prefix}<file name>`: the document, read once, without authentication. */
export function apiSpecRoute(specFile: string, debug: boolean): RouteDef {
  let cached: string | null = null;
  return {
    method: 'GET',
    path: basename(specFile),
    auth: false,
    handler: async () => {
      if (cached === null) {
        const text = readFileSync(specFile, 'utf8');
        cached = debug ? text : filterDebugOperations(text);
      }
      return { raw: cached, contentType: 'application/json' };
    },
  };
}
