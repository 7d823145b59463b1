/**
 * `npm run bench:proxy [-- --quick] [--cache]`: the smart proxy under load, each part its own process: PostgreSQL,
 * the aggregator (bin/), the content service (bin/), the proxy (bin/), the load generator
 * (bench/api/load.mjs, paced.mjs); the AMS fake runs in this process. An organisation of 1,000 clusters
 * (--quick: 100), about 7 hits each from 50 rules. Per route: maximum throughput and p50/p99 at a fixed
 * rate, beside the baselines measured in the same run: the aggregator route the proxy wraps, and a bare
 * node:http server sending the proxy's bytes (bench/api/bare-server.mjs). `--cache`: the proxy with
 * `amsclient.cluster_list_caching` on. Method in docs/performance.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { encodeIdentity } from '#common/http/identity.js';
import { startAccounting } from './cpu.js';
import { HITS, ORG, RULES, root, startStack } from './stack.js';

const quick = process.argv.includes('--quick');
const cache = process.argv.includes('--cache');
const CLUSTERS = quick ? 100 : 1000;
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
async function load(origin: string, paths: string[], opts: { connections: number; duration: number; overallRate?: number }) {
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

async function main() {
  const stack = await startStack({
    clusters: CLUSTERS,
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
    const rows: string[] = [];
    const row = (name: string, s: Summary, base?: Summary) =>
      rows.push(
        `${name.padEnd(44)} ${s.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${s.latency.p50.toFixed(1).padStart(6)} ms  p99 ${s.latency.p99.toFixed(1).padStart(6)} ms${base ? `  ratio ${(s.requestsPerSecond / base.requestsPerSecond).toFixed(3)}` : ''}${s.non2xx ? `  non2xx ${s.non2xx}` : ''}`,
      );
    const max = { connections: 20, duration: DURATION };
    const bareMax = await load(bareOrigin, reportPaths, max);
    row('bare node:http (same bytes)', bareMax);
    let account = startAccounting({ aggregator: stack.pids.aggregator });
    const aggMax = await load(aggOrigin, aggPaths, max);
    row('aggregator report (wrapped route)', aggMax, bareMax);
    rows.push(`  per request: ${account(aggMax.totalRequests)}`);
    account = startAccounting(stack.pids);
    const proxyMax = await load(origin, reportPaths, max);
    row('proxy v2/cluster/{c}/reports max', proxyMax, bareMax);
    rows.push(`  per request: ${account(proxyMax.totalRequests)}`);
    rows.push(`  proxy / aggregator throughput: ${(proxyMax.requestsPerSecond / aggMax.requestsPerSecond).toFixed(3)}`);
    row('proxy v2/cluster/{c}/reports @500/s', await load(origin, reportPaths, { connections: 50, duration: DURATION, overallRate: 500 }));
    const few = { connections: 4, duration: DURATION };
    row('proxy v2/rule max', await load(origin, ['/api/v2/rule'], few), bareMax);
    row('proxy v2/rule @20/s', await load(origin, ['/api/v2/rule'], { connections: 10, duration: DURATION, overallRate: 20 }));
    row('proxy v2/clusters max', await load(origin, ['/api/v2/clusters'], few), bareMax);
    row('proxy v2/clusters @20/s', await load(origin, ['/api/v2/clusters'], { connections: 10, duration: DURATION, overallRate: 20 }));
    const { loadavg } = await import('node:os');
    rows.push(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
    console.log(
      `\nsmart proxy, ${CLUSTERS} clusters x ${HITS} hits, ${RULES} rules${quick ? ' (--quick)' : ''}${cache ? ', cluster_list_caching on' : ''}, ${DURATION} s per run`,
    );
    for (const r of rows) console.log(r);
    bare.child.kill();
  } finally {
    await stack.stop();
  }
}

await main();
