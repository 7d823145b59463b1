/** Writer helpers for the integration tests: configs, migrated databases, in-process and child writers, dumps. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { zeroConfig, type Config, type StorageConfig } from '../../../config.js';
import { silentLogger } from '#common/logger.js';
import { Metrics } from '../../../metrics.js';
import { openStorage, type Db } from '../../../storage/db.js';
import { maxVersion, migrateTo } from '../../../storage/migrations/migrator.js';
import type { RunningConsumer } from '../../index.js';
import { startWriter, type WriterTuning } from '../start.js';
import { BOOTSTRAP, sleep } from '#test/helpers/kafka.js';

import { REPO_ROOT } from '#test/helpers/corpus.js';

export interface WriterSetup {
  use: 'ocp_recommendations' | 'dvo_recommendations';
  storage: StorageConfig;
  topic: string;
  group: string;
  deadLetterTopic?: string;
  trackerTopic?: string;
  serviceName?: string;
  /** Bootstrap servers (default: the shared broker, KAFKA_BOOTSTRAP). */
  brokers?: string;
}

export function writerConfig(s: WriterSetup): Config {
  const config = zeroConfig();
  Object.assign(config.broker, {
    addresses: s.brokers ?? BOOTSTRAP,
    enabled: true,
    topic: s.topic,
    group: s.group,
    client_id: 'test-writer',
    dead_letter_queue_topic: s.deadLetterTopic ?? '',
    payload_tracker_topic: s.trackerTopic ?? '',
    service_name: s.serviceName ?? 'insights-results-db-writer',
    display_message_with_wrong_structure: false,
  });
  config.storage_backend.use = s.use;
  if (s.use === 'ocp_recommendations') config.ocp_recommendations_storage = { ...s.storage };
  else config.dvo_recommendations_storage = { ...s.storage };
  return config;
}

export async function migratedDb(conf: StorageConfig, sets: ('ocp' | 'dvo')[] = ['ocp', 'dvo']): Promise<Db> {
  const db = openStorage(conf);
  for (const set of sets) await migrateTo(db, set, maxVersion(set));
  return db;
}

export interface InProcessWriter {
  running: RunningConsumer;
  metrics: Metrics;
  db: Db;
}

export async function startInProcess(s: WriterSetup, db: Db, tuning: WriterTuning = {}): Promise<InProcessWriter> {
  const config = writerConfig(s);
  const metrics = new Metrics('', { defaultMetrics: false });
  const dbs = s.use === 'ocp_recommendations' ? { ocp: db, dvo: null } : { ocp: null, dvo: db };
  const running = await startWriter(
    { config, metrics, logger: silentLogger, ...dbs },
    { backoff: { initialMs: 100, maxMs: 1000 }, ...tuning },
  );
  return { running, metrics, db };
}

export { metricValue } from './metrics.js';

function specFile(): string {
  const root = join(REPO_ROOT, 'openapi.json');
  if (existsSync(root)) return root;
  const path = join(mkdtempSync(join(tmpdir(), 'irspec-')), 'openapi.json');
  writeFileSync(path, '{"openapi":"3.0.0","info":{"title":"test","version":"0"},"paths":{}}');
  return path;
}

/** The INSIGHTS_RESULTS_AGGREGATOR__* environment of a writer process. */
export function writerEnv(s: WriterSetup, httpPort: number): NodeJS.ProcessEnv {
  const p = 'INSIGHTS_RESULTS_AGGREGATOR__';
  const st = s.use === 'ocp_recommendations' ? 'OCP_RECOMMENDATIONS_STORAGE' : 'DVO_RECOMMENDATIONS_STORAGE';
  const env: NodeJS.ProcessEnv = {
    [`${p}BROKER__ENABLED`]: 'true',
    [`${p}BROKER__ADDRESSES`]: s.brokers ?? BOOTSTRAP,
    [`${p}BROKER__TOPIC`]: s.topic,
    [`${p}BROKER__GROUP`]: s.group,
    [`${p}BROKER__CLIENT_ID`]: 'test-writer',
    [`${p}BROKER__DEAD_LETTER_QUEUE_TOPIC`]: s.deadLetterTopic ?? '',
    [`${p}BROKER__PAYLOAD_TRACKER_TOPIC`]: s.trackerTopic ?? '',
    [`${p}BROKER__SERVICE_NAME`]: s.serviceName ?? 'insights-results-db-writer',
    [`${p}BROKER__DISPLAY_MESSAGE_WITH_WRONG_STRUCTURE`]: 'false',
    [`${p}STORAGE_BACKEND__USE`]: s.use,
    [`${p}SERVER__ADDRESS`]: `127.0.0.1:${httpPort}`,
    [`${p}SERVER__API_PREFIX`]: '/',
    [`${p}SERVER__API_SPEC_FILE`]: specFile(),
    [`${p}SERVER__AUTH`]: 'false',
    [`${p}LOGGING__LOG_LEVEL`]: 'info',
    [`${p}METRICS__NAMESPACE`]: '',
  };
  for (const [k, v] of Object.entries(s.storage)) env[`${p}${st}__${k.toUpperCase()}`] = String(v);
  return env;
}

export interface ChildWriter {
  proc: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  httpPort: number;
  metric(name: string): Promise<number>;
  /** Several metrics from one scrape of /metrics (a scrape costs the writer about 1 ms of CPU). */
  metrics(...names: string[]): Promise<number[]>;
}

/**
 * Runs the real service as a writer process: `node --import tsx src/aggregator/main.ts` by default, or
 * `node <args>` (e.g. `['dist/aggregator/main.js']`).
 */
export function spawnWriter(
  s: WriterSetup,
  httpPort: number,
  extraEnv: NodeJS.ProcessEnv = {},
  args = ['--import', 'tsx', 'src/aggregator/main.ts'],
): ChildWriter {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...writerEnv(s, httpPort), ...extraEnv };
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let buf = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  exited.then((code) => {
    if (code !== 0 && code !== null && process.env.TEST_VERBOSE) process.stderr.write(`writer exited ${code}: ${stderr}\n`);
  });
  return {
    proc,
    logs,
    exited,
    httpPort,
    metric: async (name) => (await scrape(httpPort, [name]))[0]!,
    metrics: (...names) => scrape(httpPort, names),
  };
}

async function scrape(httpPort: number, names: string[]): Promise<number[]> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  return names.map((name) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  });
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(w: ChildWriter, graceMs = 15_000): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  w.proc.kill('SIGTERM');
  const t = setTimeout(() => w.proc.kill('SIGKILL'), graceMs);
  await w.exited;
  clearTimeout(t);
}

/**
 * Everything the writer stores, in a stable order, without the columns that hold the write time
 * (report.reported_at, rule_hit.created_at, recommendation.created_at/impacted_since, consumer_error.consumed_at).
 */
export async function dumpOcp(db: Db): Promise<Record<string, unknown[]>> {
  const q = async (text: string) => (await sql.raw(text).execute(db.kysely)).rows;
  return {
    report: await q('SELECT org_id, cluster, report, last_checked_at, kafka_offset, gathered_at FROM report ORDER BY cluster'),
    rule_hit: await q(
      'SELECT org_id, cluster_id, rule_fqdn, error_key, template_data FROM rule_hit ORDER BY cluster_id, rule_fqdn, error_key',
    ),
    recommendation: await q(
      'SELECT org_id, cluster_id, rule_fqdn, error_key, rule_id FROM recommendation ORDER BY cluster_id, rule_fqdn, error_key',
    ),
    report_info: await q('SELECT org_id, cluster_id, version_info FROM report_info ORDER BY cluster_id'),
    consumer_error: await q(
      'SELECT topic, partition, topic_offset, key, produced_at, message, error FROM consumer_error ORDER BY topic, partition, topic_offset',
    ),
  };
}

export async function count(db: Db, table: string, where = 'TRUE'): Promise<number> {
  const r = await sql.raw<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).execute(db.kysely);
  return Number(r.rows[0]!.n);
}

export { sleep };
