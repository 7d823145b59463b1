/**
 * `npm run bench:consumer [-- --quick] [--messages N] [--preload N] [--partitions P] [--rounds R] [--tsx]`
 *
 * End-to-end db-writer throughput: messages pre-produced to a local Kafka topic (P partitions), the writer
 * running as a separate process (the shipped `bin/insights-results-aggregator`, built first by the npm script;
 * `--tsx`: the sources through tsx) on a fresh
 * PostgreSQL database (dropped afterwards), measured from its first to its last handled message through its
 * /metrics. Two table states: empty, and with `--preload` reports (default 1,000,000) already stored.
 * For each, a baseline writes the same kind of rows straight into PostgreSQL (baseline.ts). Each state runs
 * R rounds (writer, baseline) with fresh messages; prints every round, the best rates, the ratios, the
 * writer's RSS over the run and its peak (VmHWM), and CPU per message of writer / PostgreSQL / Kafka.
 */
import pg from 'pg';
import { Admin } from '@platformatic/kafka';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PG_HOST, PG_PORT, PG_USER, postgresConf } from '../../test/helpers/databases.js';
import { PrivatePostgres, freePort } from '../../test/helpers/private-postgres.js';
import { BOOTSTRAP, makeTopic, produce, sleep } from '../../src/aggregator/consumer/runtime/test-helpers/kafka.js';
import { migratedDb, spawnWriter, stopChild } from '../../src/aggregator/consumer/runtime/test-helpers/writer.js';
import { MAX_BATCH_MESSAGES } from '../../src/aggregator/consumer/runtime/start.js';
import { benchStream, type StreamMessage } from './stream.js';
import { preload } from './preload.js';
import { runBaseline } from './baseline.js';
import { perMessage, snapshot, type CpuSnapshot } from './cpu.js';
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
const ROUNDS = opt('rounds', quick ? 1 : 2);
/**
 * `--shared-pg`: use the machine's PostgreSQL (127.0.0.1:5432, as installed: shared_buffers 128 MB,
 * max_wal_size 1 GB). Default: a private PostgreSQL of the same version, started for the run in a temporary
 * folder on the same disk, durable (fsync, full-page writes, synchronous commit all on) and sized for a
 * database server on this 24 GB machine, as production would be (PRODUCTION_PG below).
 */
const SHARED_PG = argv.includes('--shared-pg');
const PRODUCTION_PG = {
  fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on',
  shared_buffers: '4GB', effective_cache_size: '12GB', max_wal_size: '8GB', checkpoint_timeout: '15min',
  wal_compression: 'lz4', max_connections: '100',
};
let pgTarget = { host: PG_HOST, port: PG_PORT };
const storageConf = () => ({ ...postgresConf(dbName), pg_host: pgTarget.host, pg_port: pgTarget.port });
const log = (s: string) => process.stdout.write(`${s}\n`);

const dbName = `irbench_${randomBytes(5).toString('hex')}`;
const admin = (database = 'postgres') => {
  const c = new pg.Client({ host: pgTarget.host, port: pgTarget.port, user: PG_USER, database });
  return c.connect().then(() => c);
};
const topics: string[] = [];

function status(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

interface WriterRun {
  rate: number;
  seconds: number;
  peakMb: number;
  rss: number[];
  rejected: number;
  cpu: string;
}

async function writerRun(label: string, messages: StreamMessage[]): Promise<WriterRun> {
  const topic = `bench.consumer.${label}.${randomBytes(3).toString('hex')}`;
  topics.push(topic);
  await makeTopic(topic, P);
  const t0 = performance.now();
  await produce(topic, messages.map((m) => ({ value: m.value, partition: m.partition })), 1000);
  log(`  produced ${messages.length} messages to ${topic} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const conf = { ...storageConf(), log_sql_queries: false };
  const w = spawnWriter(
    { use: 'ocp_recommendations', storage: conf, topic, group: `bench-${label}`, deadLetterTopic: `${topic}.dlq`, trackerTopic: `${topic}.tracker` },
    await freePort(),
    { INSIGHTS_RESULTS_AGGREGATOR__LOGGING__LOG_LEVEL: 'warn' },
    serviceArgs(ROOT, TSX),
  );
  const handled = async () => (await w.metric('successful_messages_processing_time_count')) + (await w.metric('failed_messages_processing_time_count'));
  // The window runs from the first poll with >= 10% handled (start-up and group join excluded) to the end.
  const rss: number[] = [];
  let first: { n: number; cpu: CpuSnapshot } | null = null;
  let last: CpuSnapshot;
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    if (w.proc.exitCode !== null) throw new Error(`writer exited with ${w.proc.exitCode}: ${JSON.stringify(w.logs.slice(-5))}`);
    let n = 0;
    try {
      n = await handled();
    } catch {
      // HTTP server not up yet
    }
    if (n > 0) rss.push(status(w.proc.pid!, 'VmRSS'));
    if (!first && n >= messages.length * 0.1) first = { n, cpu: snapshot(w.proc.pid!, dbName) };
    if (n >= messages.length) {
      last = snapshot(w.proc.pid!, dbName);
      break;
    }
    if (Date.now() > deadline) throw new Error(`writer did not finish: ${n} / ${messages.length}`);
    await sleep(25);
  }
  const peakMb = status(w.proc.pid!, 'VmHWM');
  const rejected = await w.metric('consuming_errors');
  await stopChild(w);
  const seconds = (last.at - first!.cpu.at) / 1000;
  const measured = messages.length - first!.n;
  return { rate: measured / seconds, seconds, peakMb, rss, rejected, cpu: perMessage(first!.cpu, last, measured) };
}

async function counts(): Promise<Record<string, number>> {
  const c = await admin(dbName);
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

async function truncate(): Promise<void> {
  const c = await admin(dbName);
  await c.query('TRUNCATE report, rule_hit, recommendation, report_info, consumer_error CASCADE');
  await settle(c);
  await c.end();
}

/** Statistics fresh and dirty pages flushed, so that no run pays for the previous one's writes. */
async function settle(c: pg.Client): Promise<void> {
  await c.query('VACUUM ANALYZE report, rule_hit, recommendation, report_info');
  await c.query('CHECKPOINT');
}

async function baseline(messages: StreamMessage[]): Promise<{ rate: number; cpu: string }> {
  const snaps: CpuSnapshot[] = [];
  const seconds = await runBaseline(() => admin(dbName), messages, P, MAX_BATCH_MESSAGES, () => snaps.push(snapshot(null, dbName)));
  return { rate: messages.length / seconds, cpu: perMessage(snaps[0]!, snaps[1]!, messages.length) };
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cpuCount = () => readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
const mb = (x: number) => `${x.toFixed(0)} MB`;
function rssProfile(r: number[]): string {
  if (r.length === 0) return '-';
  const at = (f: number) => r[Math.min(r.length - 1, Math.floor(f * (r.length - 1)))]!;
  return `${mb(at(0.1))} @10% / ${mb(at(0.5))} @50% / ${mb(at(0.9))} @90% / ${mb(at(1))} @end`;
}

/** ROUNDS x (writer run, reset, baseline run, reset) on the current table state. */
async function phase(name: string, preloaded: number, reset: () => Promise<void>): Promise<{ writer: WriterRun[]; baseline: number[] }> {
  const out = { writer: [] as WriterRun[], baseline: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const salt = (preloaded ? 100 : 0) + r * 10;
    const w = await writerRun(`${name}-${r}`, benchStream({ count: N, partitions: P, salt: salt + 1, preloaded }));
    const c = await counts();
    log(`  round ${r + 1} writer:   ${w.rate.toFixed(0)} msg/s (${w.seconds.toFixed(1)} s), rejected ${w.rejected}; rows ${JSON.stringify(c)}`);
    log(`          RSS ${rssProfile(w.rss)}; peak (VmHWM) ${mb(w.peakMb)}`);
    log(`          ${w.cpu}`);
    out.writer.push(w);
    await reset();
    const b = await baseline(benchStream({ count: N, partitions: P, salt: salt + 2, preloaded }));
    log(`  round ${r + 1} baseline: ${b.rate.toFixed(0)} msg/s; ${b.cpu}`);
    out.baseline.push(b.rate);
    await reset();
  }
  return out;
}

async function main(): Promise<void> {
  let server: PrivatePostgres | null = null;
  if (!SHARED_PG) {
    server = await PrivatePostgres.start(PRODUCTION_PG);
    pgTarget = { host: '127.0.0.1', port: server.port };
  }
  const pgWhat = server
    ? `private PostgreSQL ${pgTarget.host}:${pgTarget.port} (${Object.entries(PRODUCTION_PG).map(([k, v]) => `${k}=${v}`).join(', ')})`
    : `the machine's PostgreSQL ${pgTarget.host}:${pgTarget.port} as installed`;
  log(`bench:consumer ${quick ? '(quick) ' : ''}— ${N} messages per run, ${P} partitions, preload ${PRELOAD}, ${ROUNDS} round(s); Kafka ${BOOTSTRAP}; database ${dbName} on ${pgWhat}`);
  log(`machine: ${cpuCount()} cores, load average ${loadavg()} (other processes on this machine skew the rates)`);
  try {
    await measure();
  } finally {
    await server?.destroy();
  }
}

async function measure(): Promise<void> {
  const a = await admin();
  await a.query(`CREATE DATABASE ${dbName}`);
  await a.end();
  try {
    const db = await migratedDb(storageConf(), ['ocp']);
    await db.close();

    log('\n[1] empty tables');
    const empty = await phase('empty', 0, truncate);

    log(`\n[2] ${PRELOAD} reports already stored`);
    const loader = await admin(dbName);
    const preloadSeconds = await preload(loader, PRELOAD, log);
    await settle(loader);
    await loader.end();
    log(`  preload took ${preloadSeconds.toFixed(0)} s`);
    const full = await phase('preloaded', PRELOAD, async () => {
      const c = await admin(dbName);
      await settle(c);
      await c.end();
    });

    // Best of the rounds for each side (the machine is shared: the best round is the least disturbed one).
    const best = (xs: number[]) => Math.max(...xs);
    const w1 = best(empty.writer.map((r) => r.rate));
    const b1 = best(empty.baseline);
    const w2 = best(full.writer.map((r) => r.rate));
    const b2 = best(full.baseline);
    const peak = best([...empty.writer, ...full.writer].map((r) => r.peakMb));
    const drop = (1 - w2 / w1) * 100;
    log(`\nresult (best of ${ROUNDS} rounds each)`);
    log(`  table state        writer msg/s   baseline msg/s   ratio`);
    log(`  empty              ${w1.toFixed(0).padStart(12)}   ${b1.toFixed(0).padStart(14)}   ${(w1 / b1).toFixed(2)}`);
    log(`  ${String(PRELOAD).padEnd(8)} stored   ${w2.toFixed(0).padStart(12)}   ${b2.toFixed(0).padStart(14)}   ${(w2 / b2).toFixed(2)}`);
    log(`  writer peak RSS (VmHWM, all runs): ${mb(peak)}`);
    log(`  writer rate change empty -> ${PRELOAD} stored: ${drop >= 0 ? '-' : '+'}${Math.abs(drop).toFixed(1)}%`);
    const ok = (b: boolean) => (b ? 'MET' : 'MISSED');
    log(`  load average at the end: ${loadavg()}`);
    log(`  targets: >= 2000 msg/s ${ok(Math.min(w1, w2) >= 2000)}; <= 10% slower at ${PRELOAD} ${ok(drop <= 10)}; ratio >= 0.5 ${ok(w1 / b1 >= 0.5 && w2 / b2 >= 0.5)}`);
  } finally {
    const c = await admin();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
    const k = new Admin({ clientId: 'bench-admin', bootstrapBrokers: BOOTSTRAP.split(',') });
    for (const t of topics.flatMap((x) => [x, `${x}.tracker`, `${x}.dlq`])) await k.deleteTopics({ topics: [t] }).catch(() => {});
    await k.close().catch(() => {});
  }
}

await main();
