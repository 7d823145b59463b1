#!/usr/bin/env node
// `npm start`: the whole system on one machine, no Kafka, PostgreSQL, S3 or Java (config/local/README.md):
// builds what is missing (dist/, web-console/dist/), then src/tools/launcher/local.ts starts every service
// as its own process, seeds the demo fleet through the real pipeline, and serves the console.
// LOCAL_DATA_DIR (default data/local) and LOCAL_PORT_CONSOLE|INGRESS|AGGREGATOR|PROXY|CONTENT|PIPELINE|DVO_WRITER.
// Ctrl-C stops every service.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildConsole } from './console-build.mjs';

const started = Date.now();
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
/** Newest modification time of the files below `dir` (0 when it does not exist). */
const newest = (dir) => {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
};
const stale = (output, ...sources) => !existsSync(output) || Math.max(...sources.map(newest)) > statSync(output).mtimeMs;
const build = (what, args) => {
  console.log(`building ${what} (missing or older than its sources)...`);
  return spawnSync('npm', args, { stdio: 'inherit' }).status === 0;
};
if (stale('dist/build-info.json', 'src') || !existsSync('dist/tools/launcher/local.js')) {
  if (!build('dist/', ['run', 'build', '--silent'])) {
    console.error('building dist/ failed');
    process.exit(1);
  }
}
const consoleStale = () => stale('web-console/dist/index.html', 'web-console/src', 'web-console/public');
if (consoleStale()) {
  // the services run without it: the console's address then says how to build it
  console.log('building the web console (missing or older than its sources)...');
  if (!buildConsole(consoleStale)) console.error('building the web console failed; starting without it');
}

const { startLocalSystem, portsFromEnv } = await import(`${root}dist/tools/launcher/local.js`);
let system;
try {
  system = await startLocalSystem({ root, dataDir: process.env.LOCAL_DATA_DIR || undefined, ports: portsFromEnv() });
} catch (err) {
  console.error(`start failed: ${err.message}`);
  process.exit(1);
}
console.log(`\nready in ${((Date.now() - started) / 1000).toFixed(1)} s (services ${(system.readyMs / 1000).toFixed(1)} s)`);
console.log(`  web console      ${system.urls.console}`);
console.log(`  upload endpoint  ${system.urls.upload}  (org 1; Authorization: Bearer local-demo-org-2 for org 2)`);
console.log(`  smart proxy      ${system.urls.proxyV2}  (x-rh-identity required)`);
console.log(`  data and logs    ${system.dataDir}`);
console.log('Ctrl-C stops everything.');
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await system.stop();
    process.exit(0);
  });
}
