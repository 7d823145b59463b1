#!/usr/bin/env node
// Runs the whole suite (`CI=true node scripts/run-tests.mjs`, after `npm run build`) again and again, to show
// it has no timing flakiness on a loaded machine (issue 17). One line per run on stdout and in the log file:
// start time, load average at start and end, duration, exit status and the node:test counts. Each run's
// full output is kept beside the log. Stops after N runs (default 5), or at the first failure with
// `--stop-on-failure`.
//
//   node scripts/repeat-tests.mjs [N] [--stop-on-failure] [--log FILE] [-- FILTER...]
// (default log: .tmp/repeat-tests.log; filters after `--` narrow the suites as for run-tests.mjs)
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const dashes = process.argv.indexOf('--');
const args = dashes < 0 ? process.argv.slice(2) : process.argv.slice(2, dashes);
const filters = dashes < 0 ? [] : process.argv.slice(dashes + 1);
const logFile = resolve(args.includes('--log') ? args[args.indexOf('--log') + 1] : join(root, '.tmp/repeat-tests.log'));
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--log') ?? 5);
const stopOnFailure = args.includes('--stop-on-failure');
mkdirSync(dirname(logFile), { recursive: true });

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const count = (output, name) => output.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? '?';
const line = (text) => {
  console.log(text);
  appendFileSync(logFile, `${text}\n`);
};

let consecutive = 0;
for (let n = 1; n <= runs; n++) {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const startLoad = load();
  const started = new Date();
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  const res =
    build.status === 0
      ? spawnSync(process.execPath, ['scripts/run-tests.mjs', ...filters], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, CI: 'true' },
          maxBuffer: 512 * 1024 * 1024,
        })
      : build;
  const output = `${res.stdout}\n${res.stderr}`;
  writeFileSync(`${logFile}.run-${n}.txt`, output);
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  consecutive = res.status === 0 ? consecutive + 1 : 0;
  line(
    `run ${n} | ${started.toISOString().slice(0, 19)}Z | commit ${commit} | load ${startLoad} -> ${load()} | ${seconds} s | ` +
      `${res.status === 0 ? 'PASS' : `FAIL (status ${res.status}${build.status === 0 ? '' : ', build'})`} | ` +
      `tests ${count(output, 'tests')} pass ${count(output, 'pass')} fail ${count(output, 'fail')} cancelled ${count(output, 'cancelled')} | ` +
      `${consecutive} consecutive pass(es)`,
  );
  if (res.status !== 0 && stopOnFailure) break;
}
process.exit(consecutive === runs ? 0 : 1);
