/**
 * The benchmark's stack, each part its own process: PostgreSQL (shared), the aggregator (bin/), the content
 * service (bin/), the proxy (bin/) and the AMS fake (ams-process.ts). An organisation of
 * `clusters` clusters, about 7 hits each from 50 rules. Used by run.ts, and by
 * `node --import tsx bench/proxy/stack.ts [--quick] [-- proxy node flags]` which starts it and holds it
 * (prints the origins) for by-hand measurement and profiling (docs/performance.md, smart proxy).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RuleContentDirectory } from '#contracts/content.js';
import { encodeIdentity } from '#common/http/identity.js';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { seedReport } from '#test/helpers/seed.js';
import { AggregatorProcess, freePort, waitHttp } from '#test/helpers/proxy/aggregator-process.js';
import { shebangLaunch } from '#test/helpers/service-process.js';
import { ContentProcess } from '#test/helpers/proxy/content-process.js';
import type { Db } from '../../src/aggregator/storage/db.js';
import { benchOrgClusters, cluster, ORG } from './org.js';

export { benchOrgClusters, cluster, ORG };

export const RULES = 50;
export const HITS = 7;
export const root = new URL('../../', import.meta.url).pathname;

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

/** The AMS fake in its own process (ams-process.ts): its URL, token URL, process and a way to stop it. */
async function startAmsFake(orgs: number, clusters: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/proxy/ams-process.ts'), String(orgs), String(clusters)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'], // its stdin closes when this process ends, however it ends: it exits then
  });
  let url = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('READY ')) {
      url = line.slice('READY '.length);
      break;
    }
  }
  if (!url) throw new Error('the AMS fake did not start');
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, tokenUrl: `${url}/token`, pid: child.pid ?? 0, stop };
}

/** The organisation's reports: cluster i hits HITS of the RULES rules (a spread that depends on i). */
export async function seedBenchOrg(db: Db, ids: readonly string[], org = ORG): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const hits = Array.from({ length: HITS }, (_, h) => ({
      component: `${module((i * 3 + h * 7) % RULES)}.report`,
      key: 'EK',
      details: { error_key: 'EK' },
    }));
    await seedReport(db, { org, cluster: id, hits, version: '4.16.0' });
  }
}

export interface BenchStack {
  /** The proxy's origin. */
  origin: string;
  /** The aggregator's origin (its API under /api/v1/). */
  aggOrigin: string;
  /** The AMS fake, its own process (ams-process.ts). */
  ams: { url: string; tokenUrl: string; pid: number };
  ids: string[];
  proxy: ChildProcess;
  /** Process IDs by part, for the CPU accounting. */
  pids: Record<'proxy' | 'aggregator' | 'ams fake', number>;
  /** What the aggregator wrote so far (e.g. with BENCH_AGGREGATOR_NODE_ARGS=--trace-gc). */
  aggregatorOutput(): string;
  stop(): Promise<void>;
}

export async function startStack(opts: {
  clusters: number;
  /** Organisations 1..orgs, each with `clusters` clusters of its own (default 1; `ids` are org 1's). */
  orgs?: number;
  proxyNodeArgs?: string[];
  aggregatorEnv?: Record<string, string>;
  /** More environment for the proxy (configuration keys, e.g. cluster_list_caching). */
  proxyEnv?: Record<string, string>;
}): Promise<BenchStack> {
  process.env.PROXY_TEST_AGGREGATOR_BIN ??= join(root, 'bin/insights-results-aggregator');
  process.env.PROXY_TEST_CONTENT_BIN ??= join(root, 'bin/insights-content-service');
  const orgs = Array.from({ length: opts.orgs ?? 1 }, (_, k) => ORG + k);
  const idsOf = (org: number) => benchOrgClusters(org, opts.clusters);
  const ams = await startAmsFake(orgs.length, opts.clusters);
  const ids = idsOf(ORG);
  const aggregator = new AggregatorProcess(await createPostgresDatabase(), opts.aggregatorEnv);
  // BENCH_AGGREGATOR_NODE_ARGS: node flags for the aggregator (e.g. --cpu-prof --cpu-prof-dir=DIR).
  aggregator.nodeArgs = (process.env.BENCH_AGGREGATOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
  await aggregator.prepare(async (db) => {
    for (const org of orgs) await seedBenchOrg(db, idsOf(org), org);
  });
  const contentService = new ContentProcess(content());
  await aggregator.start();
  await contentService.start();
  const port = await freePort();
  // As an operator runs bin/insights-results-smart-proxy: its shebang's node flags, then any given here.
  const launch = shebangLaunch(join(root, 'bin/insights-results-smart-proxy'));
  const proxy = spawn(process.execPath, [...launch.flags, ...(opts.proxyNodeArgs ?? []), 'bin/insights-results-smart-proxy'], {
    cwd: root,
    // BENCH_PROXY_OUTPUT=<file>: the proxy's stdout and stderr go there (e.g. with `-- --trace-gc`).
    stdio: process.env.BENCH_PROXY_OUTPUT ? ['ignore', openSync(process.env.BENCH_PROXY_OUTPUT, 'w'), 'inherit'] : 'ignore',
    env: {
      PATH: process.env.PATH,
      ...launch.env,
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
      ...opts.proxyEnv,
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proxy.exitCode === null) {
      const exited = new Promise((r) => proxy.once('exit', r));
      proxy.kill('SIGTERM');
      await exited;
    }
    await contentService.stop();
    contentService.remove();
    await aggregator.stop();
    await aggregator.database.drop();
    await ams.stop();
  };
  try {
    await waitHttp(`${origin}/api/v1/`);
    const headers = { 'x-rh-identity': encodeIdentity(ORG) };
    for (;;) {
      const r = await fetch(`${origin}/api/v2/rule`, { headers });
      await r.arrayBuffer();
      if (r.status === 200) break;
      await new Promise((res) => setTimeout(res, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const pids = { proxy: proxy.pid ?? 0, aggregator: aggregator.pid ?? 0, 'ams fake': ams.pid };
  const aggregatorOutput = () => aggregator.output;
  return { origin, aggOrigin: aggregator.url.replace(/\/api\/v1\/$/, ''), ams, ids, proxy, pids, aggregatorOutput, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const sep = process.argv.indexOf('--');
  const stack = await startStack({ clusters: quick ? 100 : 1000, proxyNodeArgs: sep >= 0 ? process.argv.slice(sep + 1) : [] });
  console.log(
    `proxy ${stack.origin}\naggregator ${stack.aggOrigin}\nams ${stack.ams.url}\nproxy pid ${stack.proxy.pid}\nidentity ${encodeIdentity(ORG)}`,
  );
  console.log(`cluster ${stack.ids[0]}`);
  const bye = () => void stack.stop().then(() => process.exit(0));
  process.once('SIGINT', bye);
  process.once('SIGTERM', bye);
}
