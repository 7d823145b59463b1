/**
 * `npm run bench:consumer [-- --quick] [--messages N] [--preload N] [--partitions P] [--rounds R] [--tsx] [--shared-pg]`
 *
 * End-to-end db-writer throughput: messages pre-produced to a local Kafka topic (P partitions), the writer
 * running as a separate process (the shipped `bin/insights-results-aggregator`, built first by the npm script;
 * `--tsx`: the sources through tsx), measured from its first to its last handled message through its
 * /metrics (writer-run.ts). Two table states, each kept as a template database: empty, and with `--preload`
 * reports (default 1,000,000) already stored. For each, a baseline writes the same kind of rows straight into
 * PostgreSQL (baseline.ts). Fair by construction (docs/performance.md, "Method"):
 * - both sides of a round get the SAME message stream, and are timed over the same window (from >= 10 % of
 *   the messages handled to the last one);
 * - every run starts on a fresh copy of its state's template (CREATE DATABASE ... TEMPLATE), so no run
 *   inherits the rows another run wrote;
 * - a round with any rejected message or failure on either side is discarded and reported;
 * - every figure is printed as median (min-max) over the kept rounds; the median is the headline and the
 *   targets are judged on it.
 * The states are measured in alternation (order swapped every round): this VM's speed drifts by 10-20 % over
 * minutes. Also printed: the writer's RSS over the run and its peak (VmHWM), CPU per message of writer /
 * PostgreSQL / Kafka, and PostgreSQL's WAL volume, full-page images and autovacuum passes.
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
import { binEnv, serviceArgs } from '../service-command.js';
import { showSpread, spread } from '../stats.js';

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
const ROUNDS = opt('rounds', quick ? 1 : 5);
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

/** A table state: the template holding it, the database each run gets a fresh copy of, and the kept rounds. */
interface State {
  name: string;
  template: string;
  database: string;
  preloaded: number;
  rounds: { writer: WriterRun; baseline: number; round: number }[];
  discarded: string[];
}

/** A fresh copy of the state's template as the run's database, its dirty pages flushed. */
async function restore(state: State): Promise<void> {
  const c = await admin();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${state.database} TEMPLATE ${state.template} STRATEGY FILE_COPY`);
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
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
  const { seconds, measured } = await runBaseline(
    () => admin(database),
    messages,
    P,
    MAX_BATCH_MESSAGES,
    () => snaps.push(snapshot(null, database)),
  );
  const pg = describeActivity(pgBefore, await pgActivity(stats), messages.length);
  await stats.end();
  return { rate: measured / seconds, cpu: perMessage(snaps[0]!, snaps[1]!, measured), pg };
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

/** One round on one state: the same stream for writer and baseline, each on a fresh copy of the state. */
async function round(state: State, r: number): Promise<void> {
  const messages = benchStream({ count: N, partitions: P, salt: (state.preloaded ? 100 : 0) + r * 10 + 1, preloaded: state.preloaded });
  try {
    await restore(state);
    const w = await writerRun(
      {
        label: `${state.name}-${r}`,
        partitions: P,
        database: state.database,
        storage: storageConf(state.database),
        serviceArgs: serviceArgs(ROOT, TSX),
        serviceEnv: binEnv(ROOT),
        connect: () => admin(state.database),
        log,
        topics,
      },
      messages,
    );
    log(
      `  round ${r + 1} ${state.name} writer:   ${w.rate.toFixed(0)} msg/s (${w.seconds.toFixed(1)} s), rejected ${w.rejected}; rows ${JSON.stringify(await counts(state.database))}`,
    );
    log(`          RSS ${rssProfile(w.rss)}; peak (VmHWM) ${mb(w.peakMb)}`);
    log(`          ${w.cpu}`);
    log(`          ${w.pg}`);
    await restore(state);
    const b = await baseline(state.database, messages);
    log(`  round ${r + 1} ${state.name} baseline: ${b.rate.toFixed(0)} msg/s; ${b.cpu}`);
    log(`          ${b.pg}`);
    if (w.rejected > 0) throw new Error(`the writer rejected ${w.rejected} message(s)`);
    state.rounds.push({ writer: w, baseline: b.rate, round: r });
  } catch (err) {
    log(`  round ${r + 1} ${state.name} DISCARDED: ${(err as Error).message}`);
    state.discarded.push(`round ${r + 1}: ${(err as Error).message}`);
  }
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
  const state = (name: string, key: string, preloaded: number): State => ({
    name,
    template: `irbench_${runId}_${key}_tpl`,
    database: `irbench_${runId}_${key}`,
    preloaded,
    rounds: [],
    discarded: [],
  });
  const empty = state('empty', 'empty', 0);
  const full = state(`${PRELOAD}-stored`, 'full', PRELOAD);
  const states = [empty, full];
  const a = await admin();
  for (const s of states) await a.query(`CREATE DATABASE ${s.template}`);
  await a.end();
  try {
    for (const s of states) await (await migratedDb(storageConf(s.template), ['ocp'])).close();
    const loader = await admin(full.template);
    const preloadSeconds = await preload(loader, PRELOAD, log);
    await loader.end();
    for (const s of states) await settle(s.template);
    log(`  preloaded ${PRELOAD} reports into ${full.template} in ${preloadSeconds.toFixed(0)} s (every run starts on a fresh copy)`);

    for (let r = 0; r < ROUNDS; r++) {
      log(`\n[round ${r + 1} of ${ROUNDS}]`);
      for (const s of r % 2 === 0 ? states : [...states].reverse()) await round(s, r);
    }

    // Medians are the headline (a target counts as met on the median); min and max show the spread.
    const rate = (n: number) => n.toFixed(0);
    const pct = (d: number) => `${d >= 0 ? '-' : '+'}${Math.abs(d).toFixed(1)}%`;
    const writer = (s: State) => spread(s.rounds.map((x) => x.writer.rate));
    const base = (s: State) => spread(s.rounds.map((x) => x.baseline));
    const ratio = (s: State) => spread(s.rounds.map((x) => x.writer.rate / x.baseline));
    const peak = spread([...empty.rounds, ...full.rounds].map((x) => x.writer.peakMb));
    log(
      `\nresult: median (min-max) over the kept rounds; rounds kept: empty ${empty.rounds.length}/${ROUNDS}, ${full.name} ${full.rounds.length}/${ROUNDS}`,
    );
    log('  table state        writer msg/s              baseline msg/s            ratio writer/baseline');
    for (const s of states) {
      log(
        `  ${s.name.padEnd(17)}  ${showSpread(writer(s), rate).padEnd(24)}  ${showSpread(base(s), rate).padEnd(24)}  ${showSpread(ratio(s), (n) => n.toFixed(2))}`,
      );
    }
    for (const s of states) for (const d of s.discarded) log(`  DISCARDED (${s.name}) ${d}`);
    log(`  writer peak RSS (VmHWM) per run: ${showSpread(peak, mb)}; highest ${mb(peak.max)}`);
    // The change from the empty to the preloaded state: of the medians (headline), and per round.
    const medianDrop = (1 - writer(full).median / writer(empty).median) * 100;
    const perRound = full.rounds.flatMap((f) => {
      const e = empty.rounds.find((x) => x.round === f.round);
      return e ? [(1 - f.writer.rate / e.writer.rate) * 100] : [];
    });
    const roundSpread = spread(perRound);
    log(
      `  writer rate change empty -> ${PRELOAD} stored: ${pct(medianDrop)} on the medians; per round ${showSpread(roundSpread, pct)} ` +
        `[${perRound.map(pct).join(', ')}]`,
    );
    const ok = (b: boolean) => (b ? 'MET' : 'MISSED');
    log(`  load average at the end: ${loadavg()}`);
    log(
      `  targets (on the medians): >= 2000 msg/s ${ok(Math.min(writer(empty).median, writer(full).median) >= 2000)}; ` +
        `<= 10% slower at ${PRELOAD} ${ok(medianDrop <= 10)}; ratio >= 0.5 ${ok(ratio(empty).median >= 0.5 && ratio(full).median >= 0.5)}; ` +
        `writer peak RSS < 200 MB ${ok(peak.max < 200)}`,
    );
  } finally {
    const c = await admin();
    for (const s of states) {
      await c.query(`DROP DATABASE IF EXISTS ${s.database} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${s.template} WITH (FORCE)`);
    }
    await c.end();
    const k = new Admin({ clientId: 'bench-admin', bootstrapBrokers: BOOTSTRAP.split(',') });
    for (const t of topics.flatMap((x) => [x, `${x}.tracker`, `${x}.dlq`])) await k.deleteTopics({ topics: [t] }).catch(() => {});
    await k.close().catch(() => {});
  }
}

await main();
