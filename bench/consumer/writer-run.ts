/**
 * One measured run of the writer: the messages are produced to a fresh topic first, then the writer (the
 * shipped executable, or the sources with `tsx`) consumes them into `database` as a separate process. The
 * rate is measured through its /metrics from the first poll with >= 10 % handled (start-up and group join
 * excluded) to the last message.
 */
import type pg from 'pg';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StorageConfig } from '../../src/aggregator/config.js';
import { freePort } from '../../test/helpers/private-postgres.js';
import { makeTopic, produce, sleep } from '../../test/helpers/kafka.js';
import { type ChildWriter, spawnWriter, stopChild } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import type { StreamMessage } from './stream.js';
import { perMessage, snapshot, type CpuSnapshot } from './cpu.js';
import { describeActivity, pgActivity } from './pg-activity.js';

export interface WriterRun {
  rate: number;
  seconds: number;
  peakMb: number;
  rss: number[];
  rejected: number;
  cpu: string;
  pg: string;
}

export interface WriterRunSetup {
  label: string;
  partitions: number;
  database: string;
  storage: StorageConfig;
  /** node arguments that start the service (bench/service-command.ts). */
  serviceArgs: string[];
  /** Environment the executable's first line sets (bench/service-command.ts). */
  serviceEnv: Record<string, string>;
  /** A client on `database`, for PostgreSQL's statistics. */
  connect: () => Promise<pg.Client>;
  log: (s: string) => void;
  /** Every topic created is added here (the caller deletes them). */
  topics: string[];
}

/** Messages the writer has fully handled (stored or rejected), from one scrape of its /metrics. */
export async function handledCount(w: ChildWriter): Promise<number> {
  const [ok, failed] = await w.metrics('successful_messages_processing_time_count', 'failed_messages_processing_time_count');
  return ok! + failed!;
}

/**
 * How long to wait before the next poll of a run of `total` messages, `n` handled: every scrape costs the
 * measured writer CPU, so 100 ms apart (10 a second), and 5 ms apart over the last 3 %, where the poll
 * times the end of the run.
 */
export const pollDelay = (n: number, total: number): number => (n >= total * 0.97 ? 5 : 100);

function status(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

export async function writerRun(s: WriterRunSetup, messages: StreamMessage[]): Promise<WriterRun> {
  const topic = `bench.consumer.${s.label}.${randomBytes(3).toString('hex')}`;
  s.topics.push(topic);
  await makeTopic(topic, s.partitions);
  const t0 = performance.now();
  await produce(
    topic,
    messages.map((m) => ({ value: m.value, partition: m.partition })),
    1000,
  );
  s.log(`  produced ${messages.length} messages to ${topic} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const stats = await s.connect();
  const pgBefore = await pgActivity(stats);
  const w = spawnWriter(
    {
      use: 'ocp_recommendations',
      storage: { ...s.storage, log_sql_queries: false },
      topic,
      group: `bench-${s.label}`,
      deadLetterTopic: `${topic}.dlq`,
      trackerTopic: `${topic}.tracker`,
    },
    await freePort(),
    { INSIGHTS_RESULTS_AGGREGATOR__LOGGING__LOG_LEVEL: 'warn', ...s.serviceEnv },
    s.serviceArgs,
  );
  const handled = () => handledCount(w);
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
    if (!first && n >= messages.length * 0.1) first = { n, cpu: snapshot(w.proc.pid!, s.database) };
    if (n >= messages.length) {
      last = snapshot(w.proc.pid!, s.database);
      break;
    }
    if (Date.now() > deadline) throw new Error(`writer did not finish: ${n} / ${messages.length}`);
    await sleep(pollDelay(n, messages.length));
  }
  const peakMb = status(w.proc.pid!, 'VmHWM');
  const rejected = await w.metric('consuming_errors');
  await stopChild(w);
  const pgAfter = await pgActivity(stats);
  await stats.end();
  const seconds = (last.at - first!.cpu.at) / 1000;
  const measured = messages.length - first!.n;
  return {
    rate: measured / seconds,
    seconds,
    peakMb,
    rss,
    rejected,
    cpu: perMessage(first!.cpu, last, measured),
    pg: describeActivity(pgBefore, pgAfter, messages.length),
  };
}
