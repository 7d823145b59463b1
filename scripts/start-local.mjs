#!/usr/bin/env node
// `npm start`: the whole system on one machine, no Kafka, PostgreSQL, S3 or Java (config/local/README.md):
// builds what is missing (dist/, web-console/dist/), then src/tools/launcher/local.ts starts every service
// as its own process, seeds the demo fleet through the real pipeline, and serves the console.
// LOCAL_DATA_DIR (default data/local) and LOCAL_PORT_CONSOLE|INGRESS|AGGREGATOR|PROXY|CONTENT|PIPELINE.
// Ctrl-C stops every service.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const started = Date.now();
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const build = (what, args) => {
  console.log(`building ${what} (missing)...`);
  if (spawnSync('npm', args, { stdio: 'inherit' }).status !== 0) {
    console.error(`building ${what} failed`);
    process.exit(1);
  }
};
if (!existsSync('dist/tools/launcher/local.js')) build('dist/', ['run', 'build', '--silent']);
if (!existsSync('web-console/dist/index.html')) build('the web console', ['run', 'build:console', '--silent']);

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
