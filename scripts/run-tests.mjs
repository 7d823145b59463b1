#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and web-console/ with node:test through tsx, as an explicit file list.
// A suite declares what it needs with lines `// @requires NAME` (several names or lines may be given):
//   postgres  PostgreSQL at TEST_PG_HOST:TEST_PG_PORT (default 127.0.0.1:5432)
//   kafka     a Kafka broker: the first address of KAFKA_BOOTSTRAP (default 127.0.0.1:9092; a comma list and
//             bracketed IPv6 addresses such as [::1]:9092 are accepted)
//   redis     Redis at REDIS_URL (default redis://127.0.0.1:6379)
//   s3        an S3 endpoint answering TCP at S3_ENDPOINT (default http://127.0.0.1:9000)
//   chromium  a Chromium executable at CHROMIUM_PATH (default /usr/bin/chromium)
//   corpus    the upstream test corpus: INSIGHTS_TESTDATA, else ../shared/testdata beside the repository
//             (its absolute path is passed to the suites as INSIGHTS_TESTDATA)
// Before running, this script checks each one:
//  - available: the suite runs;
//  - unavailable and CI=true: the run FAILS (CI must test against the real services and the corpus);
//  - unavailable outside CI: the suite is left out, and the script says so loudly, naming suite and reason.
// Arguments narrow the list: `npm test -- src/aggregator/api/votes` runs files whose path contains that text.
// `--plan` prints what would run and what would be left out (JSON) instead of running (test/run-tests.test.ts).
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const root = new URL('..', import.meta.url).pathname;
const plan = process.argv.includes('--plan');
const filters = process.argv.slice(2).filter((a) => a !== '--plan');

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `host:port` (or `[v6]:port`), the first of a comma-separated list; the port defaults to `defaultPort`. */
function firstAddress(list, defaultPort) {
  const first = list.split(',')[0].trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(first);
  if (v6) return { host: v6[1], port: Number(v6[2] ?? defaultPort) };
  const idx = first.lastIndexOf(':');
  if (idx > 0 && first.indexOf(':') === idx) return { host: first.slice(0, idx), port: Number(first.slice(idx + 1)) };
  return { host: first || '127.0.0.1', port: defaultPort };
}

/** Host and port of a URL (`redis://user:pw@host:6379/0`, `http://host:9000`). */
function urlAddress(text, defaultPort) {
  const url = new URL(text);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || defaultPort) };
}

const show = ({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

const kafkaBootstrap = process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092';
const pg = { host: process.env.TEST_PG_HOST ?? '127.0.0.1', port: Number(process.env.TEST_PG_PORT ?? 5432) };
const kafka = firstAddress(kafkaBootstrap, 9092);
const redis = urlAddress(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
const s3 = urlAddress(process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9000', 80);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const corpus = process.env.INSIGHTS_TESTDATA ? resolve(process.env.INSIGHTS_TESTDATA) : resolve(root, '../shared/testdata');

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const services = {
  postgres: { where: `at ${show(pg)}`, check: () => reachable(pg.host, pg.port) },
  kafka: { where: `at ${show(kafka)} (KAFKA_BOOTSTRAP=${kafkaBootstrap})`, check: () => reachable(kafka.host, kafka.port) },
  redis: { where: `at ${show(redis)}`, check: () => reachable(redis.host, redis.port) },
  s3: { where: `at ${show(s3)}`, check: () => reachable(s3.host, s3.port) },
  chromium: { where: `as an executable at ${chromium} (CHROMIUM_PATH)`, check: async () => executable(chromium) },
  corpus: {
    where: `at ${corpus} (INSIGHTS_TESTDATA, default ../shared/testdata)`,
    check: async () => existsSync(join(corpus, 'messages')),
  },
};

const files = [...walk(join(root, 'src')), ...walk(join(root, 'test')), ...walk(join(root, 'web-console'))]
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

/** What reading the corpus looks like in a suite: the corpus helpers, or its folder named directly. */
const CORPUS_READERS = /\b(CORPUS_DIR|MESSAGES_DIR|sharedMessages|messageFiles)\b|shared\/testdata/;
const needsOf = new Map();
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  const needs = [...text.matchAll(/^\/\/ @requires ([a-z0-9 ]+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/));
  const unknown = needs.filter((n) => !(n in services));
  if (unknown.length > 0) {
    console.error(`${file}: unknown @requires ${unknown.join(', ')} (known: ${Object.keys(services).join(', ')})`);
    process.exit(1);
  }
  // A suite that reads the upstream corpus must say so, or a clone without it fails instead of leaving it out.
  if (!needs.includes('corpus') && CORPUS_READERS.test(text)) {
    console.error(`${file}: reads the upstream corpus (${text.match(CORPUS_READERS)[0]}) without \`// @requires corpus\``);
    process.exit(1);
  }
  needsOf.set(file, needs);
}
// Only what the selected suites need is checked (`--plan` checks everything, to show it).
const wanted = plan ? new Set(Object.keys(services)) : new Set([...needsOf.values()].flat());
await Promise.all([...wanted].map(async (name) => (services[name].up = await services[name].check())));

const run = [];
const left = [];
for (const file of files) {
  const missing = needsOf.get(file).filter((n) => !services[n].up);
  if (missing.length === 0) run.push(file);
  else left.push({ file, missing });
}

const isCI = process.env.CI === 'true' || process.env.CI === '1';
if (plan) {
  const status = Object.fromEntries([...wanted].map((name) => [name, { up: services[name].up, where: services[name].where }]));
  console.log(JSON.stringify({ run, left, services: status }, null, 2));
  process.exit(isCI && left.length > 0 ? 1 : 0);
}
if (left.length > 0) {
  const bar = '!'.repeat(78);
  console.error(`\n${bar}`);
  for (const name of wanted) {
    if (!services[name].up) console.error(`!! ${name} is NOT available ${services[name].where}`);
  }
  for (const { file, missing } of left) console.error(`!! ${isCI ? 'CANNOT RUN' : 'SKIPPED'}: ${file} (needs ${missing.join(', ')})`);
  console.error(`${bar}\n`);
  if (isCI) {
    console.error('CI=true: every suite must run (services and corpus). Failing.');
    process.exit(1);
  }
}
if (run.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...run], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, KAFKA_BOOTSTRAP: kafkaBootstrap, INSIGHTS_TESTDATA: corpus },
});
if (left.length > 0)
  console.error(`\n!! ${left.length} suite(s) were NOT run because a service or the corpus was unavailable (see above).`);
process.exit(result.status ?? 1);
