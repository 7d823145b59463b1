/**
 * CPU per request of the smart proxy's three benchmarked routes (docs/performance.md, smart proxy):
 * `node --import tsx bench/proxy/route-cpu.ts [--quick] [--cache] [--rounds=N]` starts the bench's stack
 * (stack.ts; `--cache`: the proxy with `amsclient.cluster_list_caching`), then per route and round runs the
 * load generator in its own process (bench/api/load.mjs) and prints, per request, the CPU of the proxy, the
 * aggregator and the AMS fake (cpu.ts), with throughput, latency and the load average; then each route
 * paced at a fixed rate (bench/api/paced.mjs: reports at 200/s and 500/s, the others at 20/s), where the CPU
 * per request of two builds is compared at the same batching. Needs `npm run build` (the stack runs bin/).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { encodeIdentity } from '#common/http/identity.js';
import { showSpread, spread } from '../stats.js';
import { startAccounting } from './cpu.js';
import { ORG, root, startStack } from './stack.js';

const quick = process.argv.includes('--quick');
const cache = process.argv.includes('--cache');
const rounds = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 3);
const CLUSTERS = quick ? 100 : 1000;
const DURATION = quick ? 4 : 8;
const work = mkdtempSync(join(tmpdir(), 'bench-proxy-cpu-'));

interface Summary {
  requestsPerSecond: number;
  totalRequests: number;
  latency: { p50: number; p99: number };
  errors?: number;
  non2xx?: number;
}

let seq = 0;
async function load(
  origin: string,
  paths: string[],
  opts: { connections: number; duration: number; overallRate?: number },
): Promise<Summary> {
  const file = join(work, `job-${seq++}.json`);
  writeFileSync(
    file,
    JSON.stringify({ origin, method: 'GET', paths, headers: { 'x-rh-identity': encodeIdentity(ORG) }, warmup: 1, ...opts }),
  );
  const script = join(root, opts.overallRate ? 'bench/api/paced.mjs' : 'bench/api/load.mjs');
  const child = spawn(process.execPath, [script, file], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  let summary: Summary | null = null;
  for await (const line of createInterface({ input: child.stdout })) if (line.startsWith('{')) summary = JSON.parse(line) as Summary;
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  if (!summary) throw new Error('load generator gave no result');
  return summary;
}

/** `µs` per request of each process from cpu.ts's line. */
function cpuOf(line: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/([\w ]+) CPU (\d+) µs/g)) out[m[1].trim()] = Number(m[2]);
  return out;
}

const la = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main() {
  const startLoad = la();
  const stack = await startStack({
    clusters: CLUSTERS,
    proxyEnv: cache ? { INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__CLUSTER_LIST_CACHING: 'true' } : {},
  });
  const reports = stack.ids.map((c) => `/api/v2/cluster/${c}/reports`);
  const routes: { name: string; paths: string[]; connections: number }[] = [
    { name: 'v2/cluster/{c}/reports', paths: reports, connections: 20 },
    { name: 'v2/rule', paths: ['/api/v2/rule'], connections: 4 },
    { name: 'v2/clusters', paths: ['/api/v2/clusters'], connections: 4 },
  ];
  const lines: string[] = [];
  try {
    for (const route of routes) {
      const cpu: Record<string, number[]> = {};
      const rps: number[] = [];
      const p99: number[] = [];
      let failed = 0;
      for (let r = 0; r < rounds; r++) {
        const account = startAccounting(stack.pids);
        const s = await load(stack.origin, route.paths, { connections: route.connections, duration: DURATION });
        if (s.errors || s.non2xx) {
          failed++;
          continue;
        }
        for (const [name, us] of Object.entries(cpuOf(account(s.totalRequests)))) {
          cpu[name] = [...(cpu[name] ?? []), us];
        }
        rps.push(s.requestsPerSecond);
        p99.push(s.latency.p99);
      }
      const fmt = (xs: number[], digits = 0) => showSpread(spread(xs), (n) => n.toFixed(digits));
      lines.push(
        `${route.name.padEnd(24)} ${fmt(rps)} req/s, p99 ${fmt(p99, 1)} ms; CPU per request µs: ${Object.entries(cpu)
          .map(([name, xs]) => `${name} ${fmt(xs)}`)
          .join(', ')}${failed ? `; ${failed} round(s) discarded (errors or non-2xx)` : ''}`,
      );
    }
    // Paced: the same rate for every build, so CPU per request is compared at the same batching.
    // The 1 s warm-up is not in totalRequests but its CPU is in the account.
    for (const [route, rate] of [
      [routes[0], 200],
      [routes[0], 500],
      [routes[1], 20],
      [routes[2], 20],
    ] as const) {
      const account = startAccounting(stack.pids);
      const paced = await load(stack.origin, route.paths, { connections: 50, duration: DURATION, overallRate: rate });
      lines.push(
        `${`${route.name} at ${rate}/s`.padEnd(32)} ${paced.requestsPerSecond.toFixed(0)} req/s, p50 ${paced.latency.p50.toFixed(1)} ms, p99 ${paced.latency.p99.toFixed(1)} ms; CPU per request µs: ${Object.entries(
          cpuOf(account(paced.totalRequests + rate)),
        )
          .map(([name, us]) => `${name} ${us}`)
          .join(', ')}${paced.errors || paced.non2xx ? ' (errors or non-2xx: discard)' : ''}`,
      );
    }
  } finally {
    await stack.stop();
  }
  console.log(
    `\nsmart proxy CPU per request: ${CLUSTERS} clusters${cache ? ', cluster_list_caching on' : ''}, ${rounds} rounds of ${DURATION} s per route (median (min-max))`,
  );
  for (const l of lines) console.log(l);
  console.log(`load average: ${startLoad} at the start, ${la()} at the end`);
}

await main();
