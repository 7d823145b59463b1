/** Shared fixtures of the vote and per-cluster toggle route tests. */
import http from 'node:http';
import type { TestApi, TestResponse } from '../../../../../test/helpers/api.js';
import { seedReport } from '../../../../../test/helpers/seed.js';
import { encodeIdentity } from '../../../../common/http/identity.js';
import type { Db } from '../../../../storage/connection.js';

export const ORG = 1;
export const OTHER_ORG = 2;
/** Org 1. */
export const C1 = '34c3ecc5-624a-49a5-bab8-4fdc5e51a266';
/** Org 1. */
export const C2 = '74ae54aa-6577-4e80-85e7-697cb646ff37';
/** Org 1. */
export const C3 = 'a7467445-8d6a-43cc-b82c-7007664bdf69';
/** Org 2. */
export const C_OTHER = 'ee7d2bf4-8933-4a3a-8634-3328fe806e08';
/** Never stored. */
export const UNKNOWN = 'c0000000-0000-4000-8000-000000000000';

export const RULE = 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report';
export const KEY = 'NODE_KUBELET_VERSION';
export const RULE2 = 'ccx_rules_ocp.external.bug_rules.bug_1766907.report';
export const KEY2 = 'BUGZILLA_BUG_1766907';

export const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM cluster_rule_toggle', '") OR 1=1 --'];
export const INVALID_RULE_ID = 'invalid rule ID, it must contain only from latin characters, number, underscores or dots';

/** A body just over the server's 1 MiB limit. */
export const HUGE = JSON.stringify({ message: 'x'.repeat(1024 * 1024 + 16) });

export async function seedClusters(db: Db): Promise<void> {
  for (const cluster of [C1, C2, C3]) {
    await seedReport(db, { org: ORG, cluster, hits: [{ component: RULE, key: KEY }, { component: RULE2, key: KEY2 }] });
  }
  await seedReport(db, { org: OTHER_ORG, cluster: C_OTHER, hits: [{ component: RULE, key: KEY }] });
}

const TABLES = ['report', 'rule_hit', 'cluster_rule_user_feedback', 'cluster_rule_toggle', 'cluster_user_rule_disable_feedback'] as const;

/** Row counts of the tables these routes touch (to prove a request changed nothing). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** Joins path segments, each percent-encoded. */
export const seg = (...parts: (string | number)[]) => parts.map((p) => encodeURIComponent(String(p))).join('/');

export interface ClusterRuleTarget {
  cluster?: string;
  rule?: string;
  key?: string;
  org?: string | number;
  user?: string;
}

export function votePath(action: string, t: ClusterRuleTarget = {}): string {
  return seg('clusters', t.cluster ?? C1, 'rules', t.rule ?? RULE, 'error_key', t.key ?? KEY, 'organizations', t.org ?? ORG, 'users', t.user ?? '1', action);
}

export function getVotePath(t: ClusterRuleTarget = {}): string {
  return seg('clusters', t.cluster ?? C1, 'rules', t.rule ?? RULE, 'error_key', t.key ?? KEY, 'users', t.user ?? '1', 'get_vote');
}

export function togglePath(action: 'disable' | 'enable', t: ClusterRuleTarget = {}): string {
  return seg('clusters', t.cluster ?? C1, 'rules', t.rule ?? RULE, 'error_key', t.key ?? KEY, 'organizations', t.org ?? ORG, action);
}

export function feedbackPath(t: ClusterRuleTarget = {}): string {
  return votePath('disable_feedback', t);
}

/** The counter's current value. */
export async function feedbackCount(api: TestApi): Promise<number> {
  const metric = await api.metrics.feedbackOnRules.get();
  return metric.values[0]?.value ?? 0;
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

/** A request through node:http: exact control of the body and the Content-Length header. */
export function rawRequest(api: TestApi, method: string, path: string, init: { body?: string; org?: number; contentType?: string } = {}): Promise<TestResponse> {
  const url = new URL(api.url + api.prefix + path);
  const headers: Record<string, string> = {};
  if (init.org !== undefined) headers['x-rh-identity'] = encodeIdentity(init.org);
  if (init.body !== undefined) {
    headers['content-type'] = init.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(init.body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname, headers }, (res) => {
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
