// @requires redis
/**
 * The two OpenAPI documents (openapi/smart-proxy-v1.json, -v2.json) against the routes the proxy registers
 * (spec 2.7-2.9): every route of v1 (debug on), v2 and the dbg prefix is documented and every documented
 * operation is a route; path parameters match the templates; every $ref resolves; both files are served at
 * `{prefix}openapi.json` over real HTTP, whole with `server.debug`, without the `debug` operations otherwise.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '#common/logger.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { redisSettings } from '#test/helpers/redis.js';
import type { ProxyFeature } from './deps.js';
import { FEATURES } from './features.js';
import { requestsProxyConfig } from './requests/test-helpers/proxy-config.js';
import { buildProxyServer } from './server.js';
import { buildDeps } from './service.js';

type Operation = { tags?: string[]; parameters?: ({ $ref?: string; in?: string; name?: string } | undefined)[] };
type Doc = { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const read = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'openapi', name), 'utf8')) as Doc;
const docs = { v1: read('smart-proxy-v1.json'), v2: read('smart-proxy-v2.json') };

/** `METHOD /path` of every operation of a document (`/` is the API root). */
function operations(doc: Doc, filter: (op: Operation) => boolean = () => true): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => METHODS.filter((m) => item[m] && filter(item[m])).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

const routeKeys = (defs: { method: string; path: string }[] | undefined) =>
  [...new Set((defs ?? []).map((r) => `${r.method} /${r.path}`))].sort();

const opened: { deps: ReturnType<typeof buildDeps>; built: ProxyFeature[] }[] = [];

async function features(debug: boolean) {
  const config = requestsProxyConfig(redisSettings());
  config.server.debug = debug;
  const deps = buildDeps(config, silentLogger, {} as never);
  const built: ProxyFeature[] = [];
  opened.push({ deps, built });
  for (const factory of FEATURES) built.push(await factory(deps));
  return { deps, built };
}

async function closeAll(): Promise<void> {
  for (const { deps, built } of opened.splice(0)) {
    await Promise.all(built.map((f) => f.close?.()));
    await Promise.all([deps.aggregator.close(), deps.ams?.close(), deps.rbac?.close(), deps.content.upstream.close()]);
  }
}

function resolve(doc: Doc, ref: string): unknown {
  const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
  return kind ? doc.components[kind]?.[name] : undefined;
}

describe('smart proxy OpenAPI documents', () => {
  let on: Awaited<ReturnType<typeof features>>;

  before(async () => {
    on = await features(true);
  });
  after(closeAll);

  it('v1 documents every v1 route (debug on) and nothing else; debug routes are tagged debug', async () => {
    const v1 = routeKeys(on.built.flatMap((f) => f.v1 ?? []));
    assert.deepEqual(operations(docs.v1), v1);
    const off = await features(false);
    const v1Plain = routeKeys(off.built.flatMap((f) => f.v1 ?? []));
    assert.deepEqual(
      operations(docs.v1, (op) => !op.tags?.includes('debug')),
      v1Plain,
    );
    assert.ok(v1.length > v1Plain.length, 'debug adds v1 routes');
  });

  it('v2 documents every v2 route and nothing else', () => {
    const v2 = routeKeys(on.built.flatMap((f) => f.v2 ?? []));
    assert.deepEqual(operations(docs.v2), v2);
    assert.ok(v2.length >= 27);
  });

  it('the dbg-prefix routes are the debug operations of v1', () => {
    const dbg = routeKeys(on.built.flatMap((f) => f.dbg ?? []));
    assert.ok(dbg.length > 0);
    const debugOps = operations(docs.v1, (op) => op.tags?.includes('debug') === true);
    for (const key of dbg) assert.ok(debugOps.includes(key), `${key} is a v1 debug operation`);
  });

  it('path parameters match the path templates and every $ref resolves', () => {
    for (const [api, doc] of Object.entries(docs)) {
      const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const r of refs) {
        const ref = r.slice(8, -1);
        assert.ok(resolve(doc, ref), `${api}: ${ref} resolves`);
      }
      for (const [path, item] of Object.entries(doc.paths)) {
        const template = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        for (const m of METHODS) {
          const op = item[m];
          if (!op) continue;
          const declared = (op.parameters ?? [])
            .map((p) => (p?.$ref ? (resolve(doc, p.$ref) as { in: string; name: string }) : p))
            .filter((p) => p?.in === 'path')
            .map((p) => p?.name)
            .sort();
          assert.deepEqual(declared, template, `${api} ${m} ${path}: path parameters`);
          assert.ok((op as { responses?: object }).responses, `${api} ${m} ${path}: responses`);
        }
      }
    }
  });

  describe('served at {prefix}openapi.json', () => {
    const servers: FastifyInstance[] = [];
    const origin = async (debug: boolean) => {
      const set = debug ? on : await features(false);
      const app = buildProxyServer(set.deps, set.built);
      servers.push(app);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      return `http://127.0.0.1:${port}`;
    };
    after(async () => {
      for (const app of servers) await app.close();
    });

    it('whole with server.debug, without the debug operations otherwise, no identity needed', async () => {
      for (const debug of [true, false]) {
        const base = await origin(debug);
        for (const api of ['v1', 'v2'] as const) {
          const res = await fetch(`${base}/api/${api}/openapi.json`);
          assert.equal(res.status, 200);
          const served = (await res.json()) as Doc;
          const expected = debug ? operations(docs[api]) : operations(docs[api], (op) => !op.tags?.includes('debug'));
          assert.deepEqual(operations(served), expected, `${api} debug=${debug}`);
          assert.deepEqual(served.components, docs[api].components);
        }
      }
    });
  });
});
