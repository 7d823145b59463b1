/**
 * `npm run bench:proxy [-- --quick]`: the smart proxy under load, each part its own process: PostgreSQL,
 * the aggregator (bin/), the content service (bin/), the proxy (bin/), the load generator
 * (bench/api/load.mjs, paced.mjs); the AMS fake runs in this process. An organisation of 1,000 clusters
 * (--quick: 100), about 7 hits each from 50 rules. Per route: maximum throughput and p50/p99 at a fixed
 * rate, beside the baselines measured in the same run: the aggregator route the proxy wraps, and a bare
 * node:http server sending the proxy's bytes (bench/api/bare-server.mjs). Method in docs/performance.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RuleContentDirectory } from '#contracts/content.js';
import { encodeIdentity } from '#common/http/identity.js';
import { FakeAms } from '#test/fakes/ams.js';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { seedReport } from '#test/helpers/seed.js';
import { AggregatorProcess, freePort, waitHttp } from '#test/helpers/proxy/aggregator-process.js';
import { ContentProcess } from '#test/helpers/proxy/content-process.js';

const quick = process.argv.includes('--quick');
const CLUSTERS = quick ? 100 : 1000;
const RULES = 50;
const HITS = 7;
const DURATION = quick ? 3 : 10;
const ORG = 1;
const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'bench-proxy-'));
process.env.PROXY_TEST_AGGREGATOR_BIN = join(root, 'bin/insights-results-aggregator');
process.env.PROXY_TEST_CONTENT_BIN = join(root, 'bin/insights-content-service');

const cluster = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const module = (r: number) => `ccx_rules_ocp.external.rules.bench_rule_${r}`;

function content(): RuleContentDirectory {
  const rules: RuleContentDirectory['Rules'] = {};
  for (let r = 0; r < RULES; r++) {
    const texts = {
      generic: `Generic ${r}.\n`,
      summary: `Summary ${r}.\n`,
      resolution: 'Fix it.\n',
      more_info: 'See docs.\n',
      reason: 'Because.\n',
      HasReason: true,
    };
    rules[`bench_rule_${r}`] = {
      plugin: { name: `Bench rule ${r}`, node_id: '', product_code: 'OCP4', python_module: module(r) },
      error_keys: {
        EK: {
          metadata: {
            description: `Bench rule ${r} description`,
            impact: { name: 'Data Loss', impact: 4 },
            likelihood: (r % 4) + 1,
            publish_date: '2024-01-02 03:04:05',
            resolution_risk: 0,
            status: 'active',
            tags: ['openshift', r % 5 === 0 ? 'osd_customer' : 'performance'],
          },
          total_risk: 0,
          ...texts,
        },
      },
      ...texts,
    };
  }
  return { Config: { impact: { 'Data Loss': 4 }, resolution_risk: {} }, Rules: rules };
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; lines: AsyncIterable<string> } {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return { child, lines: createInterface({ input: child.stdout! }) };
}

interface Summary {
  requestsPerSecond: number;
  latency: { p50: number; p99: number };
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
  const ams = new FakeAms();
  await ams.server.start();
  ams.addOrg(ORG, 'bench-org');
  const ids = Array.from({ length: CLUSTERS }, (_, i) => cluster(i + 1));
  for (const [i, id] of ids.entries()) {
    ams.subscriptions.push({
      organization_id: 'bench-org',
      external_cluster_id: id,
      display_name: `cluster ${i}`,
      cluster_id: `c${i}`,
      managed: i % 10 === 0,
    });
  }
  const aggregator = new AggregatorProcess(await createPostgresDatabase());
  await aggregator.prepare(async (db) => {
    for (const [i, id] of ids.entries()) {
      const hits = Array.from({ length: HITS }, (_, h) => ({
        component: `${module((i * 3 + h * 7) % RULES)}.report`,
        key: 'EK',
        details: { error_key: 'EK' },
      }));
      await seedReport(db, { org: ORG, cluster: id, hits, version: '4.16.0' });
    }
  });
  const contentService = new ContentProcess(content());
  await aggregator.start();
  await contentService.start();
  const port = await freePort();
  const proxy = spawn(
    process.execPath,
    ['--max-semi-space-size=16', '--no-allocation-site-pretenuring', 'bin/insights-results-smart-proxy'],
    {
      cwd: root,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH,
        INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: 'config/smart-proxy.toml',
        INSIGHTS_RESULTS_SMART_PROXY__SERVER__ADDRESS: `127.0.0.1:${port}`,
        INSIGHTS_RESULTS_SMART_PROXY__SERVER__AUTH: 'true',
        INSIGHTS_RESULTS_SMART_PROXY__SERVER__ORG_CLUSTERS_FALLBACK: 'false',
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__AGGREGATOR: aggregator.url,
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__CONTENT: contentService.url,
        INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__URL: ams.url,
        INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__TOKEN_URL: ams.tokenUrl,
        INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__CLIENT_ID: 'proxy-client',
        INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__CLIENT_SECRET: 'proxy-secret',
        INSIGHTS_RESULTS_SMART_PROXY__LOGGING__LOG_LEVEL: 'error',
      },
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(`${origin}/api/v1/`);
    const headers = { 'x-rh-identity': encodeIdentity(ORG) };
    for (;;) {
      const r = await fetch(`${origin}/api/v2/rule`, { headers });
      await r.arrayBuffer();
      if (r.status === 200) break;
      await new Promise((res) => setTimeout(res, 200));
    }
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
    const aggOrigin = aggregator.url.replace(/\/api\/v1\/$/, '');
    const rows: string[] = [];
    const row = (name: string, s: Summary, base?: Summary) =>
      rows.push(
        `${name.padEnd(44)} ${s.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${s.latency.p50.toFixed(1).padStart(6)} ms  p99 ${s.latency.p99.toFixed(1).padStart(6)} ms${base ? `  ratio ${(s.requestsPerSecond / base.requestsPerSecond).toFixed(3)}` : ''}${s.non2xx ? `  non2xx ${s.non2xx}` : ''}`,
      );
    const max = { connections: 20, duration: DURATION };
    const bareMax = await load(bareOrigin, reportPaths, max);
    row('bare node:http (same bytes)', bareMax);
    const aggMax = await load(aggOrigin, aggPaths, max);
    row('aggregator report (wrapped route)', aggMax, bareMax);
    const proxyMax = await load(origin, reportPaths, max);
    row('proxy v2/cluster/{c}/reports max', proxyMax, bareMax);
    rows.push(`  proxy / aggregator throughput: ${(proxyMax.requestsPerSecond / aggMax.requestsPerSecond).toFixed(3)}`);
    row('proxy v2/cluster/{c}/reports @500/s', await load(origin, reportPaths, { connections: 50, duration: DURATION, overallRate: 500 }));
    const few = { connections: 4, duration: DURATION };
    row('proxy v2/rule max', await load(origin, ['/api/v2/rule'], few), bareMax);
    row('proxy v2/rule @20/s', await load(origin, ['/api/v2/rule'], { connections: 10, duration: DURATION, overallRate: 20 }));
    row('proxy v2/clusters max', await load(origin, ['/api/v2/clusters'], few), bareMax);
    row('proxy v2/clusters @20/s', await load(origin, ['/api/v2/clusters'], { connections: 10, duration: DURATION, overallRate: 20 }));
    console.log(`\nsmart proxy, ${CLUSTERS} clusters x ${HITS} hits, ${RULES} rules${quick ? ' (--quick)' : ''}, ${DURATION} s per run`);
    for (const r of rows) console.log(r);
    bare.child.kill();
  } finally {
    proxy.kill('SIGTERM');
    await contentService.stop();
    contentService.remove();
    await aggregator.stop();
    await aggregator.database.drop();
    await ams.server.stop();
  }
}

await main();
