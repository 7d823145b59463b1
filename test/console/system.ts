/**
 * The whole system for the console's browser tests, as `npm run start:full` runs it but private to one test
 * file: topics, bucket and database of its own, every service its own process on an ephemeral port
 * (ingress, pipeline, aggregator with the OCP db-writer, a DVO db-writer, content service, smart proxy),
 * the built console behind a gateway that routes the API prefixes to the proxy and the upload path to the
 * ingress (web-console/dev/gateway.ts), and Chromium (playwright-core) on it.
 * Content: the repository's rules plus one DVO rule (the repository has none yet), so workloads have content.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { dvoValue, type RecommendationSpec } from '../../src/aggregator/db-writer/processor/test-helpers/messages.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { createPostgresDatabase } from '../helpers/databases.js';
import { BOOTSTRAP, makeTopic, produce, unique } from '../helpers/kafka.js';
import { AggregatorProcess } from '../helpers/proxy/aggregator-process.js';
import { ContentProcess } from '../helpers/proxy/content-process.js';
import { TEST_REDIS_DB } from '../helpers/redis.js';
import { S3_ENDPOINT } from '../helpers/s3.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { type Gateway, startGateway } from '../../web-console/dev/gateway.js';

export const DVO_MODULE = 'ccx_rules_ocp.external.dvo.unset_requirements';
export const DVO_KEY = 'UNSET_REQUIREMENTS';
export const DVO_DESCRIPTION = 'Workloads run without CPU and memory requests';
const CONSOLE_DIR = join(REPO_ROOT, 'web-console');
export const SCREENSHOTS = join(CONSOLE_DIR, '.cache/screenshots');

/** The repository's content with a DVO rule added, in a temporary folder. */
function contentTree(dir: string): { rules: string; groups: string } {
  const rules = join(dir, 'rules');
  cpSync(join(REPO_ROOT, 'content'), rules, { recursive: true });
  const rule = join(rules, 'external/dvo/unset_requirements');
  mkdirSync(join(rule, DVO_KEY), { recursive: true });
  const files: Record<string, string> = {
    'plugin.yaml': `name: Unset resource requirements\nnode_id: null\nproduct_code: OCP4\npython_module: ${DVO_MODULE}\n`,
    'summary.md': 'Workloads without resource requests.\n',
    'reason.md': 'The workload sets no CPU or memory request, so the scheduler cannot place it well.\n',
    'resolution.md': 'Set `resources.requests` on every container of the workload.\n',
    'more_info.md': 'See [resource management](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/).\n',
    [`${DVO_KEY}/generic.md`]: 'Containers without resource requests.\n',
    [`${DVO_KEY}/metadata.yaml`]: `description: ${DVO_DESCRIPTION}\nimpact: Application Failure\nlikelihood: 2\npublish_date: "2024-10-01 00:00:00"\nresolution_risk: Application Configuration\nstatus: active\ntags:\n  - dvo\n  - fault_tolerance\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(rule, name), text);
  return { rules, groups: join(REPO_ROOT, 'config/content-service/groups_config.yaml') };
}

export interface ConsoleSystem {
  /** The gateway: the console and, under their public paths, the proxy's API and the upload endpoint. */
  url: string;
  org: number;
  /** The aggregator the proxy calls (its process also runs the OCP db-writer). */
  aggregator: AggregatorProcess;
  proxy: ServiceProcess;
  pipeline: ServiceProcess;
  ingress: ServiceProcess;
  browser: Browser;
  /** A fresh page; `errors` collects console errors, page errors and failed answers (but the expected 404s). */
  page(): Promise<{ page: Page; errors: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  /** Produces a DVO results message (as dvo-extractor would) for a cluster of the org. */
  produceDvo(cluster: string, recommendations: RecommendationSpec[]): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleSystem(name: string): Promise<ConsoleSystem> {
  const org = 40_000_000 + Math.floor(Math.random() * 1_000_000);
  const s = unique(`console-${name}`);
  const topics = {
    announce: await makeTopic(`${s}.announce`),
    results: await makeTopic(`${s}.results`),
    dvo: await makeTopic(`${s}.dvo`),
    tracker: await makeTopic(`${s}.tracker`),
  };
  const closers: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => {});
  };
  try {
    const database = await createPostgresDatabase();
    closers.push(() => database.drop());
    const broker = (topic: string, group: string): Record<string, string> => ({
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__ENABLED: 'true',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__ADDRESSES: BOOTSTRAP,
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__TOPIC: topic,
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__GROUP: group,
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__PAYLOAD_TRACKER_TOPIC: topics.tracker,
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__DEAD_LETTER_QUEUE_TOPIC: '',
      INSIGHTS_RESULTS_AGGREGATOR__BROKER__TIMEOUT: '30s',
    });
    const aggregator = new AggregatorProcess(database, broker(topics.results, `${s}.agg`));
    const dvoWriter = new AggregatorProcess(database, {
      ...broker(topics.dvo, `${s}.dvo-writer`),
      INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__USE: 'dvo_recommendations',
    });
    await aggregator.prepare(async () => {});
    closers.push(() => aggregator.stop());
    await aggregator.start();
    closers.push(() => dvoWriter.stop());
    await dvoWriter.start();

    const contentDir = mkdtempSync(join(tmpdir(), 'console-content-'));
    closers.push(() => rmSync(contentDir, { recursive: true, force: true }));
    const content = new ContentProcess(contentTree(contentDir));
    closers.push(() => content.stop());
    await content.start();

    const pipeline = new ServiceProcess({
      name: 'pipeline',
      entry: 'src/pipeline/main.ts',
      env: (port) => ({
        CCX_DATA_PIPELINE_CONFIG_FILE: 'config/pipeline.toml',
        CCX_DATA_PIPELINE__BROKER__ADDRESSES: BOOTSTRAP,
        CCX_DATA_PIPELINE__CONSUMER__INCOMING_TOPIC: topics.announce,
        CCX_DATA_PIPELINE__CONSUMER__GROUP_ID: `${s}.pipe`,
        CCX_DATA_PIPELINE__CONSUMER__DEAD_LETTER_QUEUE_TOPIC: `${s}.pdlq`,
        CCX_DATA_PIPELINE__PUBLISHER__OUTGOING_TOPIC: topics.results,
        CCX_DATA_PIPELINE__PAYLOAD_TRACKER__TOPIC: topics.tracker,
        // the local S3 server is not an AWS host
        CCX_DATA_PIPELINE__DOWNLOADER__ALLOW_UNSAFE_LINKS: 'true',
        CCX_DATA_PIPELINE__METRICS__ADDRESS: `127.0.0.1:${port}`,
        CCX_DATA_PIPELINE__LOGGING__LOG_LEVEL: 'warn',
      }),
      ready: (port) => `http://127.0.0.1:${port}/metrics`,
    });
    closers.push(() => pipeline.stop());
    await pipeline.start();

    const ingress = new ServiceProcess({
      name: 'ingress',
      entry: 'src/ingress/main.ts',
      env: (port) => ({
        INSIGHTS_INGRESS_CONFIG_FILE: 'config/ingress.toml',
        INSIGHTS_INGRESS__SERVER__ADDRESS: `127.0.0.1:${port}`,
        INSIGHTS_INGRESS__STORAGE__ENDPOINT: S3_ENDPOINT,
        INSIGHTS_INGRESS__STORAGE__BUCKET: s
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
          .slice(0, 60),
        INSIGHTS_INGRESS__BROKER__ADDRESSES: BOOTSTRAP,
        INSIGHTS_INGRESS__ANNOUNCE__TOPIC: topics.announce,
        INSIGHTS_INGRESS__LOGGING__LOG_LEVEL: 'warn',
      }),
      ready: (port) => `http://127.0.0.1:${port}/api/ingress/v1/`,
    });
    closers.push(() => ingress.stop());
    await ingress.start();

    const proxy = new ServiceProcess({
      name: 'smart proxy',
      entry: 'src/smart-proxy/main.ts',
      env: (port) => ({
        INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: 'config/smart-proxy.toml',
        INSIGHTS_RESULTS_SMART_PROXY__SERVER__ADDRESS: `127.0.0.1:${port}`,
        INSIGHTS_RESULTS_SMART_PROXY__SERVER__AUTH: 'true',
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__AGGREGATOR: aggregator.url,
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__CONTENT: content.url,
        INSIGHTS_RESULTS_SMART_PROXY__SERVICES__UPSTREAM_TIMEOUT: '5s',
        INSIGHTS_RESULTS_SMART_PROXY__REDIS__DATABASE: String(TEST_REDIS_DB),
        INSIGHTS_RESULTS_SMART_PROXY__LOGGING__LOG_LEVEL: 'warn',
      }),
      ready: (port) => `http://127.0.0.1:${port}/api/v1/info`,
    });
    closers.push(() => proxy.stop());
    await proxy.start();

    const dist = join(CONSOLE_DIR, `.cache/system-dist-${name}`);
    await build({ configFile: join(CONSOLE_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
    const consoleConfig = `window.insightsConsoleConfig = ${JSON.stringify({
      identity: { org_id: String(org), user_id: '1', username: 'console-test' },
      refreshSeconds: 2,
      retrySeconds: 1,
    })};\n`;
    const gateway: Gateway = await startGateway({
      site: { distDir: dist, basePath: '/', consoleConfig },
      routes: [
        { prefix: '/api/insights-results-aggregator/v1/', target: `${proxy.base}/api/v1/`, name: 'The smart proxy' },
        { prefix: '/api/insights-results-aggregator/v2/', target: `${proxy.base}/api/v2/`, name: 'The smart proxy' },
        { prefix: '/api/ingress/v1/', target: `${ingress.base}/api/ingress/v1/`, name: 'The upload endpoint' },
      ],
    });
    closers.push(() => gateway.close());

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    closers.push(() => browser.close());
    mkdirSync(SCREENSHOTS, { recursive: true });
    return {
      url: gateway.url,
      org,
      aggregator,
      proxy,
      pipeline,
      ingress,
      browser,
      async page() {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        const errors: string[] = [];
        // The browser logs a failed load without its URL: failed answers are recorded with their path instead,
        // leaving out the documented 404 of a cluster without on-demand gathering requests (`…/requests`).
        page.on('console', (m) => {
          if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
        });
        page.on('response', (r) => {
          const path = new URL(r.url()).pathname;
          if (r.status() >= 400 && !(r.status() === 404 && path.endsWith('/requests'))) errors.push(`status of ${r.status()} ${path}`);
        });
        page.on('requestfailed', (r) => {
          // a refresh in flight when the test navigates away is aborted by the browser, not failed
          if (r.failure()?.errorText !== 'net::ERR_ABORTED')
            errors.push(`request failed ${new URL(r.url()).pathname}: ${r.failure()?.errorText}`);
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        return { page, errors };
      },
      async screenshot(page, shot) {
        await page.screenshot({ path: join(SCREENSHOTS, `${shot}.png`), fullPage: true });
      },
      async produceDvo(cluster, recommendations) {
        const value = dvoValue({ org, cluster, lastChecked: new Date().toISOString(), recommendations });
        await produce(topics.dvo, [JSON.stringify(value)]);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
