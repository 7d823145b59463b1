#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx, as an explicit file list.
// A suite declares the real services it needs with a line `// @requires postgres` / `// @requires kafka`
// (both may be named). Before running, this script checks each service:
//  - reachable: the suite runs;
//  - unreachable and CI=true: the run FAILS (CI must test against the real services);
//  - unreachable outside CI: the suite is left out, and the script says so loudly, naming suite and reason.
// Arguments narrow the list: `npm test -- src/aggregator/api/votes` runs files whose path contains that text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

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

const [kafkaHost, kafkaPort] = (process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092').split(':');
const services = {
  postgres: { where: `${process.env.TEST_PG_HOST ?? '127.0.0.1'}:${process.env.TEST_PG_PORT ?? 5432}` },
  kafka: { where: `${kafkaHost}:${kafkaPort}` },
};
services.postgres.up = await reachable(process.env.TEST_PG_HOST ?? '127.0.0.1', Number(process.env.TEST_PG_PORT ?? 5432));
services.kafka.up = await reachable(kafkaHost, Number(kafkaPort));

const files = [...walk(join(root, 'src')), ...walk(join(root, 'test'))]
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const run = [];
const left = [];
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  const needs = [...text.matchAll(/^\/\/ @requires ([a-z ]+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/));
  const missing = needs.filter((n) => !services[n]?.up);
  if (missing.length === 0) run.push(file);
  else left.push({ file, missing });
}

const isCI = process.env.CI === 'true' || process.env.CI === '1';
if (left.length > 0) {
  const bar = '!'.repeat(78);
  console.error(`\n${bar}`);
  for (const name of Object.keys(services)) {
    if (!services[name].up) console.error(`!! ${name} is NOT reachable at ${services[name].where}`);
  }
  for (const { file, missing } of left) console.error(`!! ${isCI ? 'CANNOT RUN' : 'SKIPPED'}: ${file} (needs ${missing.join(', ')})`);
  console.error(`${bar}\n`);
  if (isCI) {
    console.error('CI=true: every service-backed suite must run. Failing.');
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
  env: { ...process.env, KAFKA_BOOTSTRAP: services.kafka.where },
});
if (left.length > 0) console.error(`\n!! ${left.length} suite(s) were NOT run because services were unreachable (see above).`);
process.exit(result.status ?? 1);
