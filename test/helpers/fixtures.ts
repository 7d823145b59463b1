/**
 * Fixtures shared by the API feature tests: well-known cluster and rule IDs, row counts (to prove a
 * request changed nothing), a raw node:http request and the JSON parser's message.
 */
import http from 'node:http';
import { encodeIdentity } from '#common/http/identity.js';
import type { Db } from '../../src/aggregator/storage/db.js';
import type { Database } from '../../src/aggregator/storage/tables.js';
import type { TestApi } from './api.js';
import { parseJson, type TestResponse } from './http.js';

/** Four valid cluster UUIDs; each feature's fixtures decide which org (if any) owns them. */
export const CLUSTER_IDS = [
  '34c3ecc5-624a-49a5-bab8-4fdc5e51a266',
  '74ae54aa-6577-4e80-85e7-697cb646ff37',
  'a7467445-8d6a-43cc-b82c-7007664bdf69',
  'ee7d2bf4-8933-4a3a-8634-3328fe806e08',
] as const;

/** A valid cluster UUID that no test stores. */
export const NEVER_STORED_CLUSTER = 'c0000000-0000-4000-8000-000000000000';

/** Rule modules (without `.report`) and error keys of real OCP rules. */
export const KUBELET_MODULE = 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check';
export const KUBELET_KEY = 'NODE_KUBELET_VERSION';
export const BUG_MODULE = 'ccx_rules_ocp.external.bug_rules.bug_1766907';
export const BUG_KEY = 'BUGZILLA_BUG_1766907';

/** Number of rows of a table. */
export async function countRows(db: Db, table: keyof Database & string): Promise<number> {
  const row = await db.kysely
    .selectFrom(table as never)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number((row as { n: number | string }).n);
}

/** Row counts of the given tables (to prove a request changed nothing). */
export async function rowCounts(db: Db, tables: readonly (keyof Database & string)[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = await countRows(db, table);
  return out;
}

/**
 * A request through node:http, on any method (fetch refuses a body on GET), with exact control of the
 * body and its headers. `contentLength: false` sends the body chunked, without a Content-Length header.
 */
export function rawRequest(
  api: TestApi,
  method: string,
  path: string,
  init: { body?: string; org?: number; contentType?: string; contentLength?: boolean } = {},
): Promise<TestResponse> {
  const url = new URL(api.url + api.prefix + path);
  const headers: Record<string, string> = {};
  if (init.org !== undefined) headers['x-rh-identity'] = encodeIdentity(init.org);
  if (init.body !== undefined) {
    headers['content-type'] = init.contentType ?? 'application/json';
    if (init.contentLength !== false) headers['content-length'] = String(Buffer.byteLength(init.body));
    else headers['transfer-encoding'] = 'chunked';
  }
  return new Promise((resolve, reject) => {
    // agent: false, one connection per request: after a 413 on a GET body the server keeps the connection
    // alive without draining the body (server.ts readRaw), which would corrupt the next request on it.
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, text, json: parseJson(text) });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** The message JSON.parse gives for a text (what the server answers for a syntax error). */
export function parserMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}
