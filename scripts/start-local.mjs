#!/usr/bin/env node
// `npm start`: runs the aggregator on the embedded SQLite profile (config/local.toml) at http://localhost:8080,
// after seeding demo clusters through the `import` command (the same validation and storage path as Kafka).
// Environment variables still override any key (INSIGHTS_RESULTS_AGGREGATOR__SECTION__KEY).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
mkdirSync('data', { recursive: true });
const env = {
  ...process.env,
  INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: process.env.INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE ?? 'config/local.toml',
};
const bin = 'bin/insights-results-aggregator';
if (!existsSync('dist/aggregator/main.js')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
const demo = 'data/demo-messages';
spawnSync(process.execPath, ['scripts/demo-messages.mjs', demo], { stdio: 'inherit' });
{
  const seeded = spawnSync(process.execPath, [bin, 'import', demo], { stdio: 'inherit', env });
  if (seeded.status !== 0) console.error('demo data import failed; starting anyway');
}
const child = spawn(process.execPath, [bin, 'start-service'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
