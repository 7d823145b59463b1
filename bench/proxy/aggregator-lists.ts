/**
 * `node --import tsx bench/proxy/aggregator-lists.ts [--quick] [--baseline=<bin>] [--requests=N]
 * [--connections=C] [--rounds=R] [--route=A16|A17]`: the CPU the aggregator spends per request on the two routes the smart
 * proxy's `v2/rule` and `v2/clusters` call with ALL of an organisation's clusters in the body (spec A16
 * `recommendations/organizations/{org}/users/{user}/list`, A17
 * `clusters/organizations/{org}/users/{user}/recommendations`), on the proxy bench's data (stack.ts: 1,000
 * clusters, `--quick` 100, 7 hits each from 50 rules; PostgreSQL).
 *
 * The aggregator runs as shipped (`bin/insights-results-aggregator`, build first; with the V8 flags of the
 * executable's first line). `--baseline=<path of another build's bin/insights-results-aggregator>` starts a
 * second aggregator of that build on the same database: rounds alternate between the two (a slow patch of the
 * machine hits both), and their answers are compared byte for byte. Per round, route and build: N requests
 * (default 400; `--quick` 100) from C concurrent clients (default 4) after 20 unmeasured ones; the
 * aggregator's CPU per request and run-queue wait per request, and the CPU per request of the database's
 * PostgreSQL backends (bench/proxy/cpu.ts). Median (min-max) over the rounds (default 3), with the load
 * average at the start and the end.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_HOST, PG_PORT, PG_USER, createPostgresDatabase } from '#test/helpers/databases.js';
import { AggregatorProcess } from '#test/helpers/proxy/aggregator-process.js';
import { showSpread, spread } from '../stats.js';
import { sample } from './cpu.js';
import { ORG, cluster, root, seedBenchOrg } from './stack.js';

const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const QUICK = process.argv.includes('--quick');
const CLUSTERS = QUICK ? 100 : 1000;
const REQUESTS = Number(option('requests') ?? (QUICK ? 100 : 400));
const CONNECTIONS = Number(option('connections') ?? 4);
const ROUNDS = Number(option('rounds') ?? 3);
const WARMUP = 20;
const BASELINE = option('baseline');
/** The V8 flags of bin/insights-results-aggregator's first line (ignored when node runs the file). */
const SHIPPED_FLAGS = ['--max-semi-space-size=8', '--no-allocation-site-pretenuring'];

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Build {
  name: string;
  aggregator: AggregatorProcess;
}

interface Route {
  name: string;
  path: string;
}

const ALL_ROUTES: Route[] = [
  { name: 'A16 recommendations/.../list', path: `recommendations/organizations/${ORG}/users/1/list` },
  { name: 'A17 clusters/.../recommendations', path: `clusters/organizations/${ORG}/users/1/recommendations` },
];
/** `--route=A16` or `--route=A17`: that route only. */
const ONLY = option('route');
const ROUTES = ALL_ROUTES.filter((r) => ONLY === undefined || r.name.startsWith(ONLY));

interface Measured {
  perSecond: number;
  cpuUs: number;
  waitUs: number;
  pgCpuUs: number;
}

/** The database's backends other than the one asking (the aggregators' pool connections). */
async function backendPids(dbName: string): Promise<number[]> {
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [dbName],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/** CPU ms of each process so far (NaN when it is gone). */
const cpuOf = (pids: number[]) => pids.map((pid) => sample(pid)?.cpuMs ?? Number.NaN);
/** CPU ms the processes used between two `cpuOf`, over those that lived through both. */
const cpuBetween = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + (Number.isNaN(v) || Number.isNaN(b[i]) ? 0 : b[i] - v), 0);

async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
  return text;
}

/** `count` requests from CONNECTIONS concurrent clients. */
async function run(url: string, body: string, count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next++ < count) await post(url, body);
    }),
  );
}

async function measure(build: Build, route: Route, body: string, dbName: string): Promise<Measured> {
  const url = build.aggregator.url + route.path;
  const pid = build.aggregator.pid ?? 0;
  await run(url, body, WARMUP);
  // After the warm-up: the pool's connections of this build exist (idle ones close after 10 s).
  const pgPids = await backendPids(dbName);
  const before = { agg: sample(pid), pg: cpuOf(pgPids), at: performance.now() };
  await run(url, body, REQUESTS);
  const seconds = (performance.now() - before.at) / 1000;
  const after = { agg: sample(pid), pg: cpuOf(pgPids) };
  if (!before.agg || !after.agg) throw new Error('cannot read /proc/<pid>/stat (Linux only)');
  return {
    perSecond: REQUESTS / seconds,
    cpuUs: ((after.agg.cpuMs - before.agg.cpuMs) * 1000) / REQUESTS,
    waitUs: ((after.agg.waitMs - before.agg.waitMs) * 1000) / REQUESTS,
    pgCpuUs: (cpuBetween(before.pg, after.pg) * 1000) / REQUESTS,
  };
}

/** Each route's answer from every build: size, hash, and whether the builds agree byte for byte. */
async function compareAnswers(builds: Build[], body: string): Promise<void> {
  for (const route of ROUTES) {
    const answers = await Promise.all(builds.map((b) => post(b.aggregator.url + route.path, body)));
    const hashes = answers.map((a) => createHash('sha256').update(a).digest('hex').slice(0, 16));
    const verdict = builds.length < 2 ? '' : answers.every((a) => a === answers[0]) ? ' (identical)' : ' DIFFERENT';
    console.log(`${route.name}: ${Buffer.byteLength(answers[0])} bytes, sha256 ${hashes.join(' / ')}${verdict}`);
  }
}

async function main(): Promise<void> {
  const database = await createPostgresDatabase();
  const ids = Array.from({ length: CLUSTERS }, (_, i) => cluster(i + 1));
  const body = JSON.stringify(ids);
  const builds: Build[] = [];
  const bins: [string, string][] = [['this build', join(root, 'bin/insights-results-aggregator')]];
  if (BASELINE) bins.unshift(['baseline', BASELINE]);
  try {
    for (const [name, bin] of bins) {
      process.env.PROXY_TEST_AGGREGATOR_BIN = bin;
      const aggregator = new AggregatorProcess(database);
      // BENCH_AGGREGATOR_NODE_ARGS: more node flags (e.g. --cpu-prof --cpu-prof-dir=DIR), as for stack.ts.
      aggregator.nodeArgs = [...SHIPPED_FLAGS, ...(process.env.BENCH_AGGREGATOR_NODE_ARGS ?? '').split(' ').filter(Boolean)];
      builds.push({ name, aggregator });
    }
    log(`seeding ${CLUSTERS} clusters`);
    await builds[0].aggregator.prepare((db) => seedBenchOrg(db, ids));
    for (const b of builds) await b.aggregator.start();
    await compareAnswers(builds, body);
    const loadStart = load();
    const results = new Map<string, Measured[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const route of ROUTES) {
        for (const b of builds) {
          const m = await measure(b, route, body, database.conf.pg_db_name);
          const key = `${route.name}, ${b.name}`;
          results.set(key, [...(results.get(key) ?? []), m]);
          log(
            `round ${round} ${key}: ${m.perSecond.toFixed(1)} req/s, aggregator CPU ${m.cpuUs.toFixed(0)} µs/req ` +
              `(run-queue wait ${m.waitUs.toFixed(0)} µs), PostgreSQL ${m.pgCpuUs.toFixed(0)} µs/req; load ${load()}`,
          );
        }
      }
    }
    console.log(
      `${CLUSTERS} clusters, ${REQUESTS} requests x ${ROUNDS} rounds at ${CONNECTIONS} connections, median (min-max); ` +
        `load average ${loadStart} at the start, ${load()} at the end`,
    );
    for (const [key, ms] of results) {
      const show = (f: (m: Measured) => number, digits = 0) => showSpread(spread(ms.map(f)), (n) => n.toFixed(digits));
      console.log(
        `${key}: ${show((m) => m.perSecond, 1)} req/s; aggregator CPU ${show((m) => m.cpuUs)} µs/req ` +
          `(run-queue wait ${show((m) => m.waitUs)}); PostgreSQL CPU ${show((m) => m.pgCpuUs)} µs/req`,
      );
    }
  } finally {
    for (const b of builds) await b.aggregator.stop();
    if (process.env.BENCH_AGGREGATOR_OUTPUT)
      (await import('node:fs')).writeFileSync(process.env.BENCH_AGGREGATOR_OUTPUT, builds.map((b) => b.aggregator.output).join('\n'));
    await database.drop();
  }
}

await main();
