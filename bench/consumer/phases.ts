/**
 * `node --import tsx bench/consumer/phases.ts [N] [ENV-JSON]`: where a batch's time goes in the shipped
 * writer (`bin/insights-results-aggregator` of this tree, built): N generated messages (default 10,000) on
 * 4 partitions of a new topic, consumed into a new database on the machine's PostgreSQL; prints the
 * number of batches, their mean size and the mean of the writer's own `batch consumed` times (store:
 * decode + transaction; produce: dead letters and payload-tracker statuses acknowledged), then the first
 * 40 batch sizes. ENV-JSON adds environment variables (e.g. an empty payload tracker topic).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresConf, PG_HOST, PG_PORT, PG_USER } from '../../test/helpers/databases.js';
import { freePort } from '../../test/helpers/private-postgres.js';
import { makeTopic, produce, sleep } from '../../test/helpers/kafka.js';
import { migratedDb, spawnWriter, stopChild } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import { binEnv, binNodeFlags } from '../service-command.js';
import { perMessage, snapshot, type CpuSnapshot } from './cpu.js';
import { benchStream } from './stream.js';
const ROOT = process.env.PHASES_DIR ?? new URL('../../', import.meta.url).pathname;
const N = Number(process.argv[2] ?? 10000);
const extra = JSON.parse(process.argv[3] ?? '{}');
const database = `irph_${randomBytes(4).toString('hex')}`;
const a = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database: 'postgres' });
await a.connect();
await a.query(`CREATE DATABASE ${database}`);
const storage = postgresConf(database);
await (await migratedDb(storage, ['ocp'])).close();
const topic = `bench.ph.${randomBytes(3).toString('hex')}`;
await makeTopic(topic, 4);
await produce(
  topic,
  benchStream({ count: N, partitions: 4, salt: 7 }).map((m) => ({ value: m.value, partition: m.partition })),
  1000,
);
const w = spawnWriter(
  {
    use: 'ocp_recommendations',
    storage,
    topic,
    group: `g-${randomBytes(3).toString('hex')}`,
    deadLetterTopic: `${topic}.dlq`,
    trackerTopic: `${topic}.tracker`,
  },
  await freePort(),
  { INSIGHTS_RESULTS_AGGREGATOR__LOGGING__LOG_LEVEL: 'info', ...binEnv(ROOT), ...extra },
  [...(process.env.PHASES_NODE_FLAGS?.split(' ') ?? binNodeFlags(ROOT)), join(ROOT, 'bin/insights-results-aggregator')],
);
const t0 = performance.now();
let n = 0;
let first: { n: number; cpu: CpuSnapshot } | null = null;
/** The writer's memory at its highest RSS sample (process and V8 metrics of its /metrics, MB). */
let peak: Record<string, number> = {};
let snapshotAt = Number(process.env.PHASES_SNAPSHOT_MB ?? 0);
const MEMORY =
  /^(process_resident_memory_bytes|nodejs_heap_size_total_bytes|nodejs_heap_size_used_bytes|nodejs_external_memory_bytes|nodejs_heap_space_size_(?:used|total)_bytes\{space="(?:old|new|code|large_object)"\}) (\S+)$/gm;
while (n < N) {
  await sleep(100);
  const text = await fetch(`http://127.0.0.1:${w.httpPort}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  n = Number(/^successful_messages_processing_time_count (\S+)$/m.exec(text)?.[1] ?? 0);
  const sample: Record<string, number> = {};
  for (const m of text.matchAll(MEMORY))
    sample[m[1].replace(/^(process_|nodejs_)/, '').replace(/_bytes/, '')] = Math.round(Number(m[2]) / 1048576);
  if ((sample.resident_memory ?? 0) > (peak.resident_memory ?? 0)) peak = sample;
  // PHASES_SNAPSHOT_MB=M with `--heapsnapshot-signal=SIGUSR2` in PHASES_NODE_FLAGS: one heap snapshot of the
  // writer (into its working directory) once its RSS passes M MB.
  if (snapshotAt > 0 && (sample.resident_memory ?? 0) >= snapshotAt) {
    w.proc.kill('SIGUSR2');
    snapshotAt = 0;
  }
  if (!first && n > 0) first = { n, cpu: snapshot(w.proc.pid!, database) };
}
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${w.proc.pid}/status`, 'utf8'))?.[1];
const cpuLine = `${first ? perMessage(first.cpu, snapshot(w.proc.pid!, database), N - first.n) : ''}; writer peak RSS ${Math.round(Number(hwm) / 1024)} MB`;
const secs = (performance.now() - t0) / 1000;
interface BatchLine {
  messages: number;
  durationMs: number;
  storeMs: number;
  produceMs: number;
}
const batches = w.logs.filter((l) => l.msg === 'batch consumed') as unknown as BatchLine[];
const sum = (f: (b: BatchLine) => number) => batches.reduce((s, b) => s + f(b), 0);
console.log(
  `N ${N} in ${secs.toFixed(1)} s; batches ${batches.length}, mean size ${(N / batches.length).toFixed(0)}; mean durationMs ${(sum((b) => b.durationMs) / batches.length).toFixed(0)}, storeMs ${(sum((b) => b.storeMs) / batches.length).toFixed(0)}, produceMs ${(sum((b) => b.produceMs) / batches.length).toFixed(0)}`,
);
console.log(cpuLine);
console.log('memory at the highest RSS sample (MB):', JSON.stringify(peak));
console.log(
  'sizes',
  batches
    .slice(0, 40)
    .map((b) => b.messages)
    .join(','),
);
await stopChild(w);
// PHASES_RAW_LINES=FILE: the writer's output lines that are not JSON log lines (e.g. `--trace-gc`), into FILE.
if (process.env.PHASES_RAW_LINES) {
  const raw = w.logs.filter((l) => Object.keys(l).length === 1 && typeof l.msg === 'string').map((l) => l.msg);
  writeFileSync(process.env.PHASES_RAW_LINES, `${raw.join('\n')}\n`);
}
await a.query(`DROP DATABASE ${database} WITH (FORCE)`);
await a.end();
