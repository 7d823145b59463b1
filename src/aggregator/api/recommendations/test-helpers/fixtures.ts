/** Shared fixtures of the recommendation route tests. */
import http from 'node:http';
import type { TestApi, TestResponse } from '../../../../../test/helpers/api.js';
import { encodeIdentity } from '../../../../common/http/identity.js';
import type { Db } from '../../../../storage/connection.js';
import { seedReport } from '../../../../../test/helpers/seed.js';

export const ORG = 1;
export const OTHER_ORG = 2;
export const C1 = '34c3ecc5-624a-49a5-bab8-4fdc5e51a266';
export const C2 = '74ae54aa-6577-4e80-85e7-697cb646ff37';
export const C3 = 'a7467445-8d6a-43cc-b82c-7007664bdf69';
/** Belongs to OTHER_ORG. */
export const C4 = 'ee7d2bf4-8933-4a3a-8634-3328fe806e08';
/** Never stored. */
export const UNKNOWN = 'c0000000-0000-4000-8000-000000000000';

export const KUBELET = 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check';
export const KUBELET_KEY = 'NODE_KUBELET_VERSION';
export const KUBELET_ID = `${KUBELET}|${KUBELET_KEY}`;
export const BUG = 'ccx_rules_ocp.external.bug_rules.bug_1766907';
export const BUG_KEY = 'BUGZILLA_BUG_1766907';
export const BUG_ID = `${BUG}|${BUG_KEY}`;

export const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM recommendation', '") OR 1=1 --'];

/**
 * Org 1: C1 hit by KUBELET and BUG (version 4.14.3), C2 hit by KUBELET only (no report_info), C3 without hits
 * (version 4.15.0). Org 2: C4 hit by KUBELET.
 */
export async function seedAdvisor(db: Db): Promise<void> {
  await seedReport(db, {
    org: ORG,
    cluster: C1,
    lastCheckedAt: '2024-05-02 10:11:12.123456',
    reportedAt: '2024-05-03 01:02:03.5',
    version: '4.14.3',
    hits: [
      { component: `${KUBELET}.report`, key: KUBELET_KEY, createdAt: '2024-04-01 08:00:00' },
      { component: `${BUG}.report`, key: BUG_KEY, createdAt: '2024-04-02 08:00:00.25' },
    ],
  });
  await seedReport(db, {
    org: ORG,
    cluster: C2,
    lastCheckedAt: '2024-05-02 10:11:12',
    reportedAt: '2024-05-03 01:02:04',
    hits: [{ component: `${KUBELET}.report`, key: KUBELET_KEY, createdAt: null }],
  });
  await seedReport(db, { org: ORG, cluster: C3, lastCheckedAt: '2024-05-02 10:11:13.1', version: '4.15.0' });
  await seedReport(db, {
    org: OTHER_ORG,
    cluster: C4,
    lastCheckedAt: '2024-05-02 10:11:14',
    version: '4.13.0',
    hits: [{ component: `${KUBELET}.report`, key: KUBELET_KEY }],
  });
}

const TABLES = ['report', 'rule_hit', 'recommendation', 'report_info'] as const;

/** Row counts of the tables these routes read (to prove a request changed nothing). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/**
 * A request with a body on any method (fetch refuses a body on GET). `contentLength: false` sends the body
 * chunked, without a Content-Length header.
 */
export function rawRequest(
  api: TestApi,
  method: string,
  path: string,
  init: { body?: string; org?: number; contentLength?: boolean } = {},
): Promise<TestResponse> {
  const url = new URL(api.url + api.prefix + path);
  const headers: Record<string, string> = {};
  if (init.org !== undefined) headers['x-rh-identity'] = encodeIdentity(init.org);
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
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
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, text, json });
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
