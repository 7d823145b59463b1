/**
 * `npm run bench:consumer [-- --quick] [--messages N] [--preload N] [--partitions P] [--rounds R] [--tsx] [--shared-pg]`
 *
 * End-to-end db-writer throughput: messages pre-produced to a local Kafka topic (P partitions), the writer
 * running as a separate process (the shipped `bin/insights-results-aggregator`, built first by the npm script;
 * `--tsx`: the sources through tsx), measured from its first to its last handled message through its
 * /metrics (writer-run.ts). Two table states, each in its own fresh PostgreSQL database (dropped
 * afterwards): empty, and with `--preload` reports (default 1,000,000) already stored. For each, a baseline
 * writes the same kind of rows straight into PostgreSQL (baseline.ts).
 *
 * The states are measured in alternation: R rounds, each one a (writer run, baseline run) on both states,
 * the order of the states swapped every round. This VM's speed drifts by 10-20 % over minutes; measuring
 * all of one state and then all of the other put that drift into the comparison (the same build gave
 * +3 % and -23 % from one run to the next). Every run gets fresh messages. Prints every run, the best and
 * the median rates, the ratios, the writer's RSS over the run and its peak (VmHWM), CPU per message of
 * writer / PostgreSQL / Kafka, and PostgreSQL's WAL volume, full-page images and autovacuum passes.
 */
import pg from 'pg';
import { Admin } from '@platformatic/kafka';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PG_HOST, PG_PORT, PG_USER, postgresConf } from '../../test/helpers/databases.js';
import { PrivatePostgres } from '../../test/helpers/private-postgres.js';
import { BOOTSTRAP } from '../../test/helpers/kafka.js';
import { migratedDb } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import { MAX_BATCH_MESSAGES } from '../../src/aggregator/db-writer/runtime/start.js';
import { benchStream, type StreamMessage } from './stream.js';
import { preload } from './preload.js';
import { runBaseline } from './baseline.js';
import { perMessage, snapshot, type CpuSnapshot } from './cpu.js';
import { describeActivity, pgActivity } from './pg-activity.js';
import { writerRun, type WriterRun } from './writer-run.js';
import { serviceArgs } from '../service-command.js';

const ROOT = new URL('../../', import.meta.url).pathname;

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const N = opt('messages', quick ? 3000 : 30_000);
const PRELOAD = opt('preload', quick ? 20_000 : 1_000_000);
const P = opt('partitions', 4);
/** `--tsx`: run the writer from the TypeScript sources (default: the shipped executable on dist/). */
const TSX = argv.includes('--tsx');
const ROUNDS = opt('rounds', quick ? 1 : 3);
/**
 * `--shared-pg`: use the machine's PostgreSQL (127.0.0.1:5432, as installed: shared_buffers 128 MB,
 * max_wal_size 1 GB). Default: a private PostgreSQL of the same version, started for the run in a temporary
 * folder on the same disk, durable (fsync, full-page writes, synchronous commit all on) and sized for a
 * database server on this 24 GB machine, as production would be (PRODUCTION_PG below).
 */
const SHARED_PG = argv.includes('--shared-pg');
const PRODUCTION_PG = {
  fsync: 'on',
  full_page_writes: 'on',
  synchronous_commit: 'on',
  shared_buffers: '4GB',
  effective_cache_size: '12GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '15min',
  wal_compression: 'lz4',
  max_connections: '100',
};
let pgTarget = { host: PG_HOST, port: PG_PORT };
const storageConf = (database: string) => ({ ...postgresConf(database), pg_host: pgTarget.host, pg_port: pgTarget.port });
const log = (s: string) => process.stdout.write(`${s}\n`);

const runId = randomBytes(5).toString('hex');
const admin = (database = 'postgres') => {
  const c = new pg.Client({ host: pgTarget.host, port: pgTarget.port, user: PG_USER, database });
  return c.connect().then(() => c);
};
const topics: string[] = [];

/** A table state: its database, how many reports were preloaded, and how it is restored after a run. */
interface State {
  name: string;
  database: string;
  preloaded: number;
  reset: () => Promise<void>;
  writer: WriterRun[];
  baseline: number[];
}

async function counts(database: string): Promise<Record<string, number>> {
  const c = await admin(database);
  try {
    const out: Record<string, number> = {};
    for (const t of ['report', 'rule_hit', 'recommendation', 'report_info', 'consumer_error']) {
      out[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
    }
    return out;
  } finally {
    await c.end();
  }
}

/** Statistics fresh and dirty pages flushed, so that no run pays for the previous one's writes. */
async function settle(database: string, truncate = false): Promise<void> {
  const c = await admin(database);
  try {
    if (truncate) await c.query('TRUNCATE report, rule_hit, recommendation, report_info, consumer_error CASCADE');
    await c.query('VACUUM ANALYZE report, rule_hit, recommendation, report_info');
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
}

async function baseline(database: string, messages: StreamMessage[]): Promise<{ rate: number; cpu: string; pg: string }> {
  const snaps: CpuSnapshot[] = [];
  const stats = await admin(database);
  const pgBefore = await pgActivity(stats);
  const seconds = await runBaseline(
    () => admin(database),
    messages,
    P,
    MAX_BATCH_MESSAGES,
    () => snaps.push(snapshot(null, database)),
  );
  const pg = describeActivity(pgBefore, await pgActivity(stats), messages.length);
  await stats.end();
  return { rate: messages.length / seconds, cpu: perMessage(snaps[0]!, snaps[1]!, messages.length), pg };
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cpuCount = () =>
  readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('processor')).length;
const mb = (x: number) => `${x.toFixed(0)} MB`;
function rssProfile(r: number[]): string {
  if (r.length === 0) return '-';
  const at = (f: number) => r[Math.min(r.length - 1, Math.floor(f * (r.length - 1)))]!;
  return `${mb(at(0.1))} @10% / ${mb(at(0.5))} @50% / ${mb(at(0.9))} @90% / ${mb(at(1))} @end`;
}

/** One round on one state: writer run, reset, baseline run, reset (fresh messages for each). */
async function round(state: State, r: number): Promise<void> {
  const salt = (state.preloaded ? 100 : 0) + r * 10;
  const stream = (n: number) => benchStream({ count: N, partitions: P, salt: salt + n, preloaded: state.preloaded });
  const w = await writerRun(
    {
      label: `${state.name}-${r}`,
      partitions: P,
      database: state.database,
      storage: storageConf(state.database),
      serviceArgs: serviceArgs(ROOT, TSX),
      connect: () => admin(state.database),
      log,
      topics,
    },
    stream(1),
  );
  log(
    `  round ${r + 1} ${state.name} writer:   ${w.rate.toFixed(0)} msg/s (${w.seconds.toFixed(1)} s), rejected ${w.rejected}; rows ${JSON.stringify(await counts(state.database))}`,
  );
  log(`          RSS ${rssProfile(w.rss)}; peak (VmHWM) ${mb(w.peakMb)}`);
  log(`          ${w.cpu}`);
  log(`          ${w.pg}`);
  state.writer.push(w);
  await state.reset();
  const b = await baseline(state.database, stream(2));
  log(`  round ${r + 1} ${state.name} baseline: ${b.rate.toFixed(0)} msg/s; ${b.cpu}`);
  log(`          ${b.pg}`);
  state.baseline.push(b.rate);
  await state.reset();
}

async function main(): Promise<void> {
  let server: PrivatePostgres | null = null;
  if (!SHARED_PG) {
    server = await PrivatePostgres.start(PRODUCTION_PG);
    pgTarget = { host: '127.0.0.1', port: server.port };
  }
  const pgWhat = server
    ? `private PostgreSQL ${pgTarget.host}:${pgTarget.port} (${Object.entries(PRODUCTION_PG)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`
    : `the machine's PostgreSQL ${pgTarget.host}:${pgTarget.port} as installed`;
  log(
    `bench:consumer ${quick ? '(quick) ' : ''}— ${N} messages per run, ${P} partitions, preload ${PRELOAD}, ${ROUNDS} round(s); Kafka ${BOOTSTRAP}; databases irbench_${runId}_* on ${pgWhat}`,
  );
  log(`machine: ${cpuCount()} cores, load average ${loadavg()} (other processes on this machine skew the rates)`);
  try {
    await measure();
  } finally {
    await server?.destroy();
  }
}

async function measure(): Promise<void> {
  const empty: State = {
    name: 'empty',
    database: `irbench_${runId}_empty`,
    preloaded: 0,
    reset: () => settle(empty.database, true),
    writer: [],
    baseline: [],
  };
  const full: State = {
    name: `${PRELOAD}-stored`,
    database: `irbench_${runId}_full`,
    preloaded: PRELOAD,
    reset: () => settle(full.database),
    writer: [],
    baseline: [],
  };
  const states = [empty, full];
  const a = await admin();
  for (const s of states) await a.query(`CREATE DATABASE ${s.database}`);
  await a.end();
  try {
    for (const s of states) await (await migratedDb(storageConf(s.database), ['ocp'])).close();
    const loader = await admin(full.database);
    const preloadSeconds = await preload(loader, PRELOAD, log);
    await loader.end();
    for (const s of states) await settle(s.database);
    log(`  preloaded ${PRELOAD} reports into ${full.database} in ${preloadSeconds.toFixed(0)} s`);

    for (let r = 0; r < ROUNDS; r++) {
      log(`\n[round ${r + 1} of ${ROUNDS}]`);
      for (const s of r % 2 === 0 ? states : [...states].reverse()) await round(s, r);
    }

    // Best of the rounds for each side (the machine is shared: the best round is the least disturbed one);
    // the medians are printed too, so one lucky round cannot carry a result unseen.
    const best = (xs: number[]) => Math.max(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const w1 = best(empty.writer.map((r) => r.rate));
    const b1 = best(empty.baseline);
    const w2 = best(full.writer.map((r) => r.rate));
    const b2 = best(full.baseline);
    const m1 = median(empty.writer.map((r) => r.rate));
    const m2 = median(full.writer.map((r) => r.rate));
    const peak = best([...empty.writer, ...full.writer].map((r) => r.peakMb));
    const drop = (1 - w2 / w1) * 100;
    const medianDrop = (1 - m2 / m1) * 100;
    const signed = (d: number) => `${d >= 0 ? '-' : '+'}${Math.abs(d).toFixed(1)}%`;
    log(`\nresult (best of ${ROUNDS} rounds each; writer median in brackets)`);
    log(`  table state        writer msg/s   baseline msg/s   ratio`);
    log(
      `  empty              ${w1.toFixed(0).padStart(12)}   ${b1.toFixed(0).padStart(14)}   ${(w1 / b1).toFixed(2)}   (${m1.toFixed(0)})`,
    );
    log(
      `  ${String(PRELOAD).padEnd(8)} stored   ${w2.toFixed(0).padStart(12)}   ${b2.toFixed(0).padStart(14)}   ${(w2 / b2).toFixed(2)}   (${m2.toFixed(0)})`,
    );
    log(`  writer peak RSS (VmHWM, all runs): ${mb(peak)}`);
    log(
      `  writer rate change empty -> ${PRELOAD} stored: ${signed(drop)} (medians: ${signed(medianDrop)}; ` +
        `per round, against the empty run next to it: ${full.writer.map((w, i) => signed((1 - w.rate / empty.writer[i]!.rate) * 100)).join(', ')})`,
    );
    const ok = (b: boolean) => (b ? 'MET' : 'MISSED');
    log(`  load average at the end: ${loadavg()}`);
    log(
      `  targets: >= 2000 msg/s ${ok(Math.min(w1, w2) >= 2000)}; <= 10% slower at ${PRELOAD} ${ok(drop <= 10)}; ratio >= 0.5 ${ok(w1 / b1 >= 0.5 && w2 / b2 >= 0.5)}`,
    );
  } finally {
    const c = await admin();
    for (const s of states) await c.query(`DROP DATABASE IF EXISTS ${s.database} WITH (FORCE)`);
    await c.end();
    const k = new Admin({ clientId: 'bench-admin', bootstrapBrokers: BOOTSTRAP.split(',') });
    for (const t of topics.flatMap((x) => [x, `${x}.tracker`, `${x}.dlq`])) await k.deleteTopics({ topics: [t] }).catch(() => {});
    await k.close().catch(() => {});
  }
}

await main();
