/**
 * `npm run bench:proxy [-- --quick] [--cache] [--rounds=N]`: the smart proxy under load, each part its own process: PostgreSQL,
 * the aggregator (bin/), the content service (bin/), the proxy (bin/), the load generator
 * (bench/api/load.mjs, paced.mjs), the AMS fake (ams-process.ts). An organisation of 1,000 clusters
 * (--quick: 100), about 7 hits each from 50 rules. Per route: maximum throughput and p50/p99 at a fixed
 * rate, beside the baselines measured in the same run: the aggregator route the proxy wraps, and a bare
 * node:http server sending the proxy's bytes (bench/api/bare-server.mjs). `--cache`: the proxy with
 * `amsclient.cluster_list_caching` on. `v2/rule` and `v2/clusters` run for one organisation (the targets), whose
 * concurrent requests share their A16/A17 reads while in flight (docs/compatibility.md), and again with the
 * requests taking 4 organisations in turn, which rarely share; for each run the aggregator's A16/A17 calls
 * per request are printed. Method in docs/performance.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { encodeIdentity } from '#common/http/identity.js';
import { showSpread, spread } from '../stats.js';
import { startAccounting } from './cpu.js';
import { HITS, ORG, RULES, root, startStack } from './stack.js';

const quick = process.argv.includes('--quick');
const cache = process.argv.includes('--cache');
const CLUSTERS = quick ? 100 : 1000;
/** `--rounds=N`: measurement rounds (default 5; 1 with --quick); every figure is printed as median (min-max). */
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? (quick ? 1 : 5));
const BARE = 'bare node:http (same bytes)';
const AGG = 'aggregator report (wrapped route)';
const REPORTS_MAX = 'proxy v2/cluster/{c}/reports max';
const REPORTS_PACED = 'proxy v2/cluster/{c}/reports @500/s';
const RULE_MAX = 'proxy v2/rule max';
const RULE_PACED = 'proxy v2/rule @20/s';
const CLUSTERS_MAX = 'proxy v2/clusters max';
const CLUSTERS_PACED = 'proxy v2/clusters @20/s';
/** Organisations of the second pair of list-route runs: requests take them in turn, so they rarely share reads. */
const ORGS = 4;
const RULE_ORGS = `proxy v2/rule max, ${ORGS} orgs`;
const CLUSTERS_ORGS = `proxy v2/clusters max, ${ORGS} orgs`;
const DURATION = quick ? 3 : 10;
const work = mkdtempSync(join(tmpdir(), 'bench-proxy-'));

function spawnChild(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; lines: AsyncIterable<string> } {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return { child, lines: createInterface({ input: child.stdout! }) };
}

interface Summary {
  requestsPerSecond: number;
  latency: { p50: number; p99: number };
  totalRequests: number;
  errors?: number;
  non2xx?: number;
}

let seq = 0;
async function load(
  origin: string,
  paths: string[],
  opts: { connections: number; duration: number; overallRate?: number; headerSets?: Record<string, string>[] },
) {
  const file = join(work, `job-${seq++}.json`);
  const headers = { 'x-rh-identity': encodeIdentity(ORG) };
  writeFileSync(file, JSON.stringify({ origin, method: 'GET', paths, headers, warmup: 1, ...opts }));
  const { child, lines } = spawnChild([join(root, opts.overallRate ? 'bench/api/paced.mjs' : 'bench/api/load.mjs'), file], process.env);
  let summary: Summary | null = null;
  for await (const line of lines) if (line.startsWith('{')) summary = JSON.parse(line) as Summary;
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  if (!summary) throw new Error('load generator gave no result');
  return summary;
}

/** The aggregator's A16/A17 calls so far (its `api_endpoints_requests` counter), to show what in-flight sharing saved. */
async function listReads(aggOrigin: string): Promise<{ a16: number; a17: number }> {
  const text = await (await fetch(`${aggOrigin}/api/v1/metrics`)).text();
  const count = (path: string) =>
    Number(new RegExp(`api_endpoints_requests\\{endpoint="/api/v1/${path.replace(/[{}]/g, '\\$&')}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return {
    a16: count('recommendations/organizations/{org_id}/users/{user_id}/list'),
    a17: count('clusters/organizations/{org_id}/users/{user_id}/recommendations'),
  };
}

async function main() {
  const stack = await startStack({
    clusters: CLUSTERS,
    orgs: ORGS,
    proxyEnv: cache ? { INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__CLUSTER_LIST_CACHING: 'true' } : {},
  });
  const { origin, ids } = stack;
  const headers = { 'x-rh-identity': encodeIdentity(ORG) };
  try {
    const reportPaths = ids.map((c) => `/api/v2/cluster/${c}/reports`);
    // The bare baseline serves, per path, the bytes the proxy gave (bench/api/bare-server.mjs: an array keyed `<path>\n<body>`).
    const captured = [];
    for (const path of reportPaths) {
      const res = await fetch(origin + path, { headers });
      captured.push({ key: `${path}\n`, status: res.status, contentType: 'application/json; charset=utf-8', body: await res.text() });
    }
    const responses = join(work, 'responses.json');
    writeFileSync(responses, JSON.stringify(captured));
    const bare = spawnChild([join(root, 'bench/api/bare-server.mjs'), responses], process.env);
    let barePort = 0;
    for await (const line of bare.lines) {
      const m = /^READY (\d+)/.exec(line);
      if (m) {
        barePort = Number(m[1]);
        break;
      }
    }
    const bareOrigin = `http://127.0.0.1:${barePort}`;
    const aggPaths = ids.map((c) => `/api/v1/organizations/${ORG}/clusters/${c}/users/1/report`);
    const aggOrigin = stack.aggOrigin;
    // Per route, the kept rounds' summaries (a round with an error or a non-2xx answer is discarded, reported).
    const kept = new Map<string, Summary[]>();
    const ratios = new Map<string, number[]>();
    const discarded: string[] = [];
    const perRequest: string[] = [];
    const keep = (name: string, round: number, s: Summary, base?: Summary): Summary => {
      if ((s.errors ?? 0) > 0 || (s.non2xx ?? 0) > 0) {
        discarded.push(`round ${round}, ${name}: ${s.errors ?? 0} errors, ${s.non2xx ?? 0} non-2xx`);
        return s;
      }
      kept.set(name, [...(kept.get(name) ?? []), s]);
      if (base) ratios.set(name, [...(ratios.get(name) ?? []), s.requestsPerSecond / base.requestsPerSecond]);
      return s;
    };
    const max = { connections: 20, duration: DURATION };
    const few = { connections: 4, duration: DURATION };
    const orgs = Array.from({ length: ORGS }, (_, k) => ({ 'x-rh-identity': encodeIdentity(ORG + k) }));
    const fewOrgs = { ...few, headerSets: orgs };
    const paced = (rate: number, connections: number) => ({ connections, duration: DURATION, overallRate: rate });
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`round ${round}/${ROUNDS}`);
      const bareMax = keep(BARE, round, await load(bareOrigin, reportPaths, max));
      let account = startAccounting({ aggregator: stack.pids.aggregator });
      const aggMax = keep(AGG, round, await load(aggOrigin, aggPaths, max), bareMax);
      perRequest.push(`round ${round}, aggregator report: ${account(aggMax.totalRequests)}`);
      account = startAccounting(stack.pids);
      const proxyMax = keep(REPORTS_MAX, round, await load(origin, reportPaths, max), bareMax);
      perRequest.push(`round ${round}, proxy report: ${account(proxyMax.totalRequests)}`);
      keep(REPORTS_PACED, round, await load(origin, reportPaths, paced(500, 50)));
      // The list routes' reads of A16/A17 per request: requests of one org share them while in flight.
      const shared = async (name: string, route: 'a16' | 'a17', run: () => Promise<Summary>, warmupRequests = 0) => {
        const before = await listReads(aggOrigin);
        const s = keep(name, round, await run(), name.includes(' max') ? bareMax : undefined);
        const reads = (await listReads(aggOrigin))[route] - before[route];
        // A paced run's 1 s warm-up is not in totalRequests (paced.mjs); its reads are counted.
        const requests = s.totalRequests + warmupRequests;
        perRequest.push(`round ${round}, ${name}: ${(reads / requests).toFixed(2)} ${route.toUpperCase()} reads per request`);
      };
      await shared(RULE_MAX, 'a16', () => load(origin, ['/api/v2/rule'], few));
      await shared(RULE_PACED, 'a16', () => load(origin, ['/api/v2/rule'], paced(20, 10)), 20);
      await shared(CLUSTERS_MAX, 'a17', () => load(origin, ['/api/v2/clusters'], few));
      await shared(CLUSTERS_PACED, 'a17', () => load(origin, ['/api/v2/clusters'], paced(20, 10)), 20);
      await shared(RULE_ORGS, 'a16', () => load(origin, ['/api/v2/rule'], fewOrgs));
      await shared(CLUSTERS_ORGS, 'a17', () => load(origin, ['/api/v2/clusters'], fewOrgs));
    }
    const { loadavg } = await import('node:os');
    const fixed = (digits: number) => (n: number) => n.toFixed(digits);
    console.log(
      `\nsmart proxy, ${CLUSTERS} clusters x ${HITS} hits, ${RULES} rules${quick ? ' (--quick)' : ''}${cache ? ', cluster_list_caching on' : ''}, ${DURATION} s per run, ${ROUNDS} round(s); median (min-max) over the kept rounds`,
    );
    for (const name of [
      BARE,
      AGG,
      REPORTS_MAX,
      REPORTS_PACED,
      RULE_MAX,
      RULE_PACED,
      CLUSTERS_MAX,
      CLUSTERS_PACED,
      RULE_ORGS,
      CLUSTERS_ORGS,
    ]) {
      const runs = kept.get(name) ?? [];
      const ratio = ratios.get(name);
      console.log(
        `${name.padEnd(40)} ${showSpread(spread(runs.map((x) => x.requestsPerSecond)), fixed(0))} req/s  p50 ${showSpread(spread(runs.map((x) => x.latency.p50)), fixed(1))} ms  p99 ${showSpread(spread(runs.map((x) => x.latency.p99)), fixed(1))} ms${ratio ? `  ratio to bare ${showSpread(spread(ratio), fixed(3))}` : ''}  kept ${runs.length}/${ROUNDS}`,
      );
    }
    for (const line of perRequest) console.log(`  per request, ${line}`);
    for (const line of discarded) console.log(`  DISCARDED ${line}`);
    const median = (name: string, pick: (s: Summary) => number) => spread((kept.get(name) ?? []).map(pick)).median;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `targets (on the medians${quick ? '; set for 1,000 clusters, this run has 100' : ''}): reports >= 1,500 req/s ${verdict(median(REPORTS_MAX, (x) => x.requestsPerSecond) >= 1500)}; reports p99 < 15 ms at 500/s ${verdict(median(REPORTS_PACED, (x) => x.latency.p99) < 15)}; v2/rule >= 100 req/s ${verdict(median(RULE_MAX, (x) => x.requestsPerSecond) >= 100)}; v2/rule p99 < 100 ms at 20/s ${verdict(median(RULE_PACED, (x) => x.latency.p99) < 100)}; v2/clusters >= 100 req/s ${verdict(median(CLUSTERS_MAX, (x) => x.requestsPerSecond) >= 100)}; v2/clusters p99 < 100 ms at 20/s ${verdict(median(CLUSTERS_PACED, (x) => x.latency.p99) < 100)}`,
    );
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
    bare.child.kill();
  } finally {
    await stack.stop();
  }
}

await main();
