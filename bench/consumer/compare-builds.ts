/**
 * `npm run bench:consumer:builds -- --old REF [--new REF] [--rounds R] [--messages N] [--partitions P] [--shared-pg] [--cpu-prof DIR]`
 *
 * The db-writer of two builds on the same work, in the same run: throughput and peak RSS of the shipped
 * executable of git ref REF (`--old`, built into .cache/bench-builds/<sha>) against the working tree's
 * (or `--new REF`'s). One stream of generated messages (~8 KB, 7 rule hits) is produced once to a topic;
 * every run consumes all of it with a new consumer group into freshly emptied tables (TRUNCATE, VACUUM
 * ANALYZE, CHECKPOINT before each run). Rounds alternate the two builds, the order swapped every round:
 * the machine is shared and its speed drifts, so both builds see the same conditions. Each build runs with
 * the environment and V8 flags of its own `bin/insights-results-aggregator` first line.
 *
 * Prints every run (rate, peak RSS = VmHWM, RSS over the run), then per build the median (min-max) of
 * both, and the new/old ratio of the median rates. A run that rejects any message or fails is discarded
 * and reported. `--cpu-prof DIR` writes a V8 CPU profile of every writer run into DIR (named by pid; the
 * run's line prints the pid).
 */
import pg from 'pg';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Admin } from '@platformatic/kafka';
import { PG_HOST, PG_PORT, PG_USER, postgresConf } from '../../test/helpers/databases.js';
import { PrivatePostgres, freePort } from '../../test/helpers/private-postgres.js';
import { BOOTSTRAP, makeTopic, produce, sleep } from '../../test/helpers/kafka.js';
import { migratedDb, spawnWriter, stopChild } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import { binEnv, binNodeFlags } from '../service-command.js';
import { benchStream } from './stream.js';
import { handledCount, pollDelay } from './writer-run.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, dflt: number) => Number(arg(name) ?? dflt);
const OLD = arg('old');
const NEW = arg('new');
const ROUNDS = num('rounds', 3);
const N = num('messages', 30_000);
const P = num('partitions', 4);
const SHARED_PG = argv.includes('--shared-pg');
const CPU_PROF = arg('cpu-prof');
const log = (s: string) => process.stdout.write(`${s}\n`);
if (!OLD) {
  log(
    'usage: npm run bench:consumer:builds -- --old REF [--new REF] [--rounds R] [--messages N] [--partitions P] [--shared-pg] [--cpu-prof DIR]',
  );
  process.exit(2);
}

interface Build {
  name: string;
  /** The tree whose bin/ and dist/ run. */
  dir: string;
  runs: { rate: number; peakMb: number; rss: number[] }[];
  discarded: string[];
}

/** A detached worktree of `ref` under .cache/bench-builds, with the working tree's node_modules, built. */
function buildOf(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(ROOT, '.cache/bench-builds', sha);
  if (!existsSync(join(dir, 'dist/aggregator/main.js'))) {
    mkdirSync(join(ROOT, '.cache/bench-builds'), { recursive: true });
    if (!existsSync(dir)) execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: ROOT, stdio: 'ignore' });
    if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const script = existsSync(join(dir, 'scripts/build.mjs'))
      ? ['scripts/build.mjs']
      : ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'];
    const r = spawnSync(process.execPath, script, { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`building ${ref} (${sha}) failed`);
  }
  return dir;
}

function status(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: number[], digits = 0) =>
  xs.length === 0 ? '-' : `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

async function main(): Promise<void> {
  const builds: Build[] = [
    { name: `old ${OLD}`, dir: buildOf(OLD as string), runs: [], discarded: [] },
    { name: NEW ? `new ${NEW}` : 'new (working tree)', dir: NEW ? buildOf(NEW) : ROOT, runs: [], discarded: [] },
  ];
  if (!NEW) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building the working tree failed');
  }
  let server: PrivatePostgres | null = null;
  let target = { host: PG_HOST, port: PG_PORT };
  if (!SHARED_PG) {
    server = await PrivatePostgres.start({
      shared_buffers: '1GB',
      max_wal_size: '8GB',
      checkpoint_timeout: '15min',
      wal_compression: 'lz4',
    });
    target = { host: '127.0.0.1', port: server.port };
  }
  const database = `irbuilds_${randomBytes(4).toString('hex')}`;
  const admin = async (db = 'postgres') => {
    const c = new pg.Client({ host: target.host, port: target.port, user: PG_USER, database: db });
    await c.connect();
    return c;
  };
  const topic = `bench.builds.${randomBytes(3).toString('hex')}`;
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  log(`bench:consumer:builds — ${N} messages, ${P} partitions, ${ROUNDS} rounds; load average ${load()}`);
  for (const b of builds)
    log(
      `  ${b.name}: ${b.dir} (${Object.entries(binEnv(b.dir))
        .map(([k, v]) => `${k}=${v} `)
        .join('')}node ${binNodeFlags(b.dir).join(' ')})`,
    );
  const a = await admin();
  await a.query(`CREATE DATABASE ${database}`);
  await a.end();
  const storage = { ...postgresConf(database), pg_host: target.host, pg_port: target.port };
  try {
    await (await migratedDb(storage, ['ocp'])).close();
    await makeTopic(topic, P);
    await produce(
      topic,
      benchStream({ count: N, partitions: P, salt: 7 }).map((m) => ({ value: m.value, partition: m.partition })),
      1000,
    );
    for (let r = 0; r < ROUNDS; r++) {
      for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
        const c = await admin(database);
        await c.query('TRUNCATE report, rule_hit, recommendation, report_info, consumer_error CASCADE');
        await c.query('VACUUM ANALYZE report, rule_hit, recommendation, report_info');
        await c.query('CHECKPOINT');
        await c.end();
        const w = spawnWriter(
          {
            use: 'ocp_recommendations',
            storage,
            topic,
            group: `builds-${r}-${randomBytes(3).toString('hex')}`,
            deadLetterTopic: `${topic}.dlq`,
            trackerTopic: `${topic}.tracker`,
          },
          await freePort(),
          { INSIGHTS_RESULTS_AGGREGATOR__LOGGING__LOG_LEVEL: 'warn', ...binEnv(b.dir) },
          [
            ...binNodeFlags(b.dir),
            ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []),
            join(b.dir, 'bin/insights-results-aggregator'),
          ],
        );
        try {
          const handled = () => handledCount(w);
          const rss: number[] = [];
          let first: { n: number; at: number } | null = null;
          let ninety: { n: number; at: number } | null = null;
          let n = 0;
          const deadline = Date.now() + 30 * 60_000;
          while (n < N) {
            if (w.proc.exitCode !== null) throw new Error(`exited with ${w.proc.exitCode}`);
            if (Date.now() > deadline) throw new Error(`did not finish: ${n} / ${N}`);
            n = await handled().catch(() => 0);
            if (n > 0) rss.push(status(w.proc.pid!, 'VmRSS'));
            if (!first && n >= N * 0.1) first = { n, at: performance.now() };
            if (!ninety && n >= N * 0.9) ninety = { n, at: performance.now() };
            if (n < N) await sleep(pollDelay(n, N));
          }
          const rate = (N - first!.n) / ((performance.now() - first!.at) / 1000);
          // Without the tail, where fewer partitions than the writer handles at once still have messages.
          const steady = (ninety!.n - first!.n) / ((ninety!.at - first!.at) / 1000);
          const peakMb = status(w.proc.pid!, 'VmHWM');
          const rejected = await w.metric('consuming_errors');
          if (rejected > 0) throw new Error(`${rejected} messages rejected`);
          b.runs.push({ rate, peakMb, rss });
          const at = (f: number) => rss[Math.min(rss.length - 1, Math.floor(f * (rss.length - 1)))]!.toFixed(0);
          log(
            `  round ${r + 1} ${b.name.padEnd(24)} (pid ${w.proc.pid}) ${rate.toFixed(0).padStart(6)} msg/s (${steady.toFixed(0)} from 10 to 90 %), peak RSS ${peakMb.toFixed(0)} MB (RSS ${at(0.1)} / ${at(0.5)} / ${at(0.9)} MB at 10/50/90 %)`,
          );
        } catch (err) {
          b.discarded.push(`round ${r + 1}: ${(err as Error).message}`);
          log(`  round ${r + 1} ${b.name}: DISCARDED (${(err as Error).message})`);
        } finally {
          await stopChild(w);
        }
      }
    }
    log(`\nresult (median (min-max) over the kept rounds; load average at the end ${load()})`);
    log(`  build                      msg/s                  peak RSS MB`);
    for (const b of builds) {
      log(
        `  ${b.name.padEnd(24)}   ${spread(b.runs.map((x) => x.rate)).padEnd(22)} ${spread(b.runs.map((x) => x.peakMb))}${b.discarded.length ? `   (${b.discarded.length} discarded)` : ''}`,
      );
    }
    const [old, cur] = builds.map((b) => median(b.runs.map((x) => x.rate)));
    log(`  new / old median rate: ${(cur! / old!).toFixed(2)}`);
  } finally {
    const c = await admin();
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.end();
    const k = new Admin({ clientId: 'bench-admin', bootstrapBrokers: BOOTSTRAP.split(',') });
    for (const t of [topic, `${topic}.dlq`, `${topic}.tracker`]) await k.deleteTopics({ topics: [t] }).catch(() => {});
    await k.close().catch(() => {});
    await server?.destroy();
  }
}

await main();
