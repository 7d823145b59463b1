/**
 * `npm run bench:api [-- --quick] [-- --tsx]`: throughput and latency of the aggregator's REST API on a
 * realistic PostgreSQL database, against a bare node:http server answering the same bytes from memory.
 *
 * 1. creates a fresh database on 127.0.0.1:5432 (user postgres; BENCH_PG_HOST/PORT/USER override),
 *    migrates it and fills it in bulk (seed.ts): 100,000 clusters (10,000 in the measured org, the others
 *    1,000 per org), 7 rule hits each, ~8 KB reports modelled on the benchmark sample messages;
 * 2. starts the real service as shipped (`bin/insights-results-aggregator start-service`, built first by the
 *    npm script; `--tsx`: the sources through tsx with the same V8 flags;
 *    NODE_ENV=production, log level warn, auth off as in production) in its own process;
 * 3. per route, runs the load in ANOTHER process: maximum throughput with autocannon (load.mjs, many
 *    connections, ~10 s) and latency at a fixed 1,000 req/s, evenly paced (paced.mjs), first against the service, then against
 *    bare-server.mjs serving a captured real response;
 * 4. prints a table, drops the database.
 * Routes: (a) GET organizations/{org}/clusters/{cluster}/users/{user}/report cycling through the measured
 * org's clusters; (b) POST clusters/organizations/{org}/users/{user}/recommendations with 100 clusters of
 * the org per body (the bodies cycle through the org's clusters too).
 * `--quick`: 10,000 clusters and 3 s runs (a smoke check; the figures mean little). `--rounds=N`: rounds of
 * ours/bare measurements (default 5): each figure is printed as median (min-max) over the kept rounds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { zeroConfig } from '../../src/aggregator/config.js';
import { openStorage } from '../../src/aggregator/storage/db.js';
import { ensureMigrationInfo, maxVersion, migrateTo } from '../../src/aggregator/storage/migrations/migrator.js';
import { freePort } from '../../test/helpers/private-postgres.js';
import { summarizeProfile } from './profile-summary.js';
import { binEnv, serviceArgs } from '../service-command.js';
import { type LoadSummary, type Round, type Row, fmt, printTable, problems } from './table.js';
import { type DetailsStats, MEASURED_ORG, buildVariants, clusterId, detailsStats, seed } from './seed.js';
import { spread } from '../stats.js';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
/** `--tsx`: run the service from the TypeScript sources (default: the shipped executable on dist/). */
const TSX = args.has('--tsx');
const KEEP_DB = args.has('--keep-db');
/** `--profile`: the service runs with --cpu-prof; the hottest functions are printed at the end. */
const PROFILE = args.has('--profile');
/** `--only=<text>`: measure only the routes whose name contains the text (e.g. `--only=report`). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
/** `--reuse-db=<name>`: measure an existing, filled database (from `--keep-db`) instead of creating one. */
const REUSE_DB = process.argv.find((a) => a.startsWith('--reuse-db='))?.slice('--reuse-db='.length);
const root = new URL('../../', import.meta.url).pathname;

const settings = QUICK
  ? { total: 10_000, measured: 2_000, perOrg: 1_000, detailsPerRule: 500, duration: 3, warmup: 1 }
  : { total: 100_000, measured: 10_000, perOrg: 1_000, detailsPerRule: 5_000, duration: 10, warmup: 3 };
/** Clusters the warm report scenario cycles through: their 7 hits each fit the service's details cache. */
const WARM_CLUSTERS = 50;
const MAX_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** `--rounds=N`: measurement rounds per route (default 5; 1 with --quick). */
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? (QUICK ? 1 : 5));
const RATE = 1000;
/** Seconds of the fixed-rate load sent before the measured part (connections opened and hot). */
const RATE_WARMUP = 2;
const RATE_CONNECTIONS = Number(process.env.BENCH_RATE_CONNECTIONS ?? 64);
const BODY_CLUSTERS = 100;
const PREFIX = '/api/v1/';
const USER = '1';
const PG = {
  host: process.env.BENCH_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_PG_PORT ?? 5432),
  user: process.env.BENCH_PG_USER ?? 'postgres',
};

const dbName = REUSE_DB ?? `bench_api_${randomBytes(4).toString('hex')}`;
const work = mkdtempSync(join(tmpdir(), 'bench-api-'));
const children = new Set<ChildProcess>();
const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function storageConf() {
  const conf = zeroConfig().ocp_recommendations_storage;
  Object.assign(conf, {
    db_driver: 'postgres',
    type: 'sql',
    pg_host: PG.host,
    pg_port: PG.port,
    pg_username: PG.user,
    pg_password: '',
    pg_db_name: dbName,
    pg_params: 'sslmode=disable',
  });
  return conf;
}

async function prepareDatabase(): Promise<void> {
  const { variants, averageReportBytes } = buildVariants();
  log(`creating database ${dbName} on ${PG.host}:${PG.port}`);
  await admin(`CREATE DATABASE ${dbName}`);
  const db = openStorage(storageConf());
  try {
    for (const set of ['ocp', 'dvo'] as const) {
      await ensureMigrationInfo(db, set);
      await migrateTo(db, set, maxVersion(set));
    }
  } finally {
    await db.close();
  }
  log(
    `filling: ${settings.total} clusters (${settings.measured} in org ${MEASURED_ORG}, ${settings.perOrg} per other org), ` +
      `report JSON ~${averageReportBytes} bytes`,
  );
  const client = new pg.Client({ ...PG, database: dbName });
  await client.connect();
  const started = performance.now();
  try {
    const counts = await seed(client, settings, variants, log);
    log(
      `filled in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts)
        .map(([t, n]) => `${t}=${n}`)
        .join(', ')}`,
    );
  } finally {
    await client.end();
  }
}

/** Spawns a child; resolves once a line of its stdout matches `ready` (or immediately without one). */
function spawnChild(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  name: string,
): { child: ChildProcess; lines: AsyncIterable<string> } {
  const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
  return { child, lines: createInterface({ input: child.stdout! }) };
}

/** A `[…_storage]` section pointing at the benchmark database. */
const storageSection = (name: string) => `[${name}]
db_driver = "postgres"
pg_username = "${PG.user}"
pg_password = ""
pg_host = "${PG.host}"
pg_port = ${PG.port}
pg_db_name = "${dbName}"
pg_params = "sslmode=disable"
type = "sql"
`;

async function startService(): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const config = `
[server]
address = "127.0.0.1:${port}"
api_prefix = "${PREFIX}"
api_spec_file = "${join(root, 'openapi.json')}"
debug = false
auth = false
auth_type = "xrh"
maximum_feedback_message_length = 255
org_overview_limit_hours = 2

[broker]
enabled = false

${storageSection('ocp_recommendations_storage')}
${storageSection('dvo_recommendations_storage')}
[storage_backend]
use = "ocp_recommendations"

[logging]
debug = false
log_level = "warn"
`;
  const file = join(work, 'aggregator.toml');
  writeFileSync(file, config);
  const profiling = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'profile')}`] : [];
  // BENCH_SERVICE_FLAGS: extra node flags for the service (experiments, e.g. `--max-semi-space-size=64`).
  const extra = (process.env.BENCH_SERVICE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const entry = [...extra, ...profiling, ...serviceArgs(root, TSX), 'start-service'];
  const env = { ...process.env, ...binEnv(root), NODE_ENV: 'production', INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE: file };
  const { child, lines } = spawnChild(process.execPath, entry, env, 'service');
  // The service logs JSON lines on stdout; at level warn only problems get there: show them.
  void (async () => {
    for await (const line of lines) log(`[service] ${line}`);
  })();
  child.on('exit', (code, signal) => {
    if (!stopping) log(`ERROR: the service exited during the benchmark (code ${code}, signal ${signal})`);
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    try {
      const res = await fetch(origin + PREFIX);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('the service did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  log(
    `service listening on ${origin} (${entry.slice(0, -1).join(' ')}${extra.length ? ` ${extra.join(' ')}` : ''}; NODE_ENV=production, log level warn)`,
  );
  return { child, origin };
}

async function startBare(responsesFile: string): Promise<{ child: ChildProcess; origin: string }> {
  const { child, lines } = spawnChild(process.execPath, [join(root, 'bench/api/bare-server.mjs'), responsesFile], process.env, 'bare');
  for await (const line of lines) {
    const m = /^READY (\d+)$/.exec(line);
    if (m) return { child, origin: `http://127.0.0.1:${m[1]}` };
  }
  throw new Error('the bare server did not start');
}

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  paths: string[];
  bodies?: string[];
  headers?: Record<string, string>;
}

let jobSeq = 0;
async function load(
  origin: string,
  s: Scenario,
  opts: { connections: number; duration: number; overallRate?: number; warmup?: number },
): Promise<LoadSummary> {
  const file = join(work, `job-${jobSeq++}.json`);
  writeFileSync(file, JSON.stringify({ origin, method: s.method, paths: s.paths, bodies: s.bodies, headers: s.headers, ...opts }));
  // Fixed-rate runs use the evenly paced open-loop generator; max-throughput runs use autocannon.
  const generator = opts.overallRate ? 'bench/api/paced.mjs' : 'bench/api/load.mjs';
  const { child, lines } = spawnChild(
    process.execPath,
    [join(root, generator), file],
    process.env,
    opts.overallRate ? 'paced' : 'autocannon',
  );
  let summary: LoadSummary | null = null;
  for await (const line of lines) if (line.startsWith('{')) summary = JSON.parse(line) as LoadSummary;
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  if (!summary) throw new Error(`autocannon gave no result (exit ${child.exitCode})`);
  return summary;
}

interface Captured {
  key: string;
  status: number;
  contentType: string;
  body: string;
}

/** The distinct requests the load generators send for a scenario (paths and bodies cycle together). */
function distinctRequests(s: Scenario): { path: string; body: string | undefined }[] {
  const bodies = s.bodies ?? [undefined];
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const cycle = (s.paths.length * bodies.length) / gcd(s.paths.length, bodies.length);
  const seen = new Map<string, { path: string; body: string | undefined }>();
  for (let i = 0; i < cycle; i++) {
    const path = s.paths[i % s.paths.length]!;
    const body = bodies[i % bodies.length];
    seen.set(`${path}\n${body ?? ''}`, { path, body });
  }
  return [...seen.values()];
}

/** The service's answer to every distinct request of the scenario (8 at a time), for the bare baseline. */
async function captureAll(origin: string, s: Scenario): Promise<Captured[]> {
  const requests = distinctRequests(s);
  const out: Captured[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < requests.length) {
        const { path, body } = requests[next++]!;
        const res = await fetch(origin + path, { method: s.method, body, headers: s.headers });
        out.push({
          key: `${path}\n${body ?? ''}`,
          status: res.status,
          contentType: res.headers.get('content-type') ?? '',
          body: await res.text(),
        });
      }
    }),
  );
  return out;
}

function scenarios(): Scenario[] {
  const clusters = Array.from({ length: settings.measured }, (_, i) => clusterId(i + 1));
  // Shuffle deterministically so consecutive requests do not read neighbouring rows.
  let seedState = 42;
  const rand = () => {
    seedState = (seedState * 1103515245 + 12345) % 2147483648;
    return seedState / 2147483648;
  };
  const shuffled = [...clusters].sort(() => rand() - 0.5);
  const bodies: string[] = [];
  for (let i = 0; i < 200; i++) {
    const start = (i * 37) % Math.max(1, shuffled.length - BODY_CLUSTERS);
    bodies.push(JSON.stringify(shuffled.slice(start, start + BODY_CLUSTERS)));
  }
  const reportPath = (c: string) => `${PREFIX}organizations/${MEASURED_ORG}/clusters/${c}/users/${USER}/report`;
  return [
    // Cold: every request another cluster of the org; their details are as varied as production's, so the
    // service's rendered-details cache mostly misses. The headline figure.
    { name: 'report (cold)', method: 'GET', paths: shuffled.map(reportPath) },
    // Warm: the same few clusters again and again, every details text cached after the first round.
    { name: `report (warm, ${WARM_CLUSTERS} clusters)`, method: 'GET', paths: shuffled.slice(0, WARM_CLUSTERS).map(reportPath) },
    {
      name: 'recommendations (100 clusters)',
      method: 'POST',
      paths: [`${PREFIX}clusters/organizations/${MEASURED_ORG}/users/${USER}/recommendations`],
      bodies,
      headers: { 'content-type': 'application/json' },
    },
  ];
}

let stopping = false;

/** Peak resident set (VmHWM) of a process, in MB; NaN when it cannot be read. */
function peakRssMb(pid: number | undefined): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function cleanup(): Promise<void> {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  for (const child of children) child.kill('SIGKILL');
  if (process.env.BENCH_KEEP_WORK) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  if (!KEEP_DB && !REUSE_DB)
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((err) => log(`drop database failed: ${err}`));
  else log(`kept database ${dbName}`);
}

async function main(): Promise<number> {
  process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  if (REUSE_DB) log(`reusing database ${dbName}`);
  else await prepareDatabase();
  const statsClient = new pg.Client({ ...PG, database: dbName });
  await statsClient.connect();
  const details: DetailsStats = await detailsStats(statsClient).finally(() => statsClient.end());
  log(
    `rule hits: ${fmt(details.hits)} with ${fmt(details.distinct)} distinct template_data texts; measured org: ${fmt(details.measuredHits)} hits, ${fmt(details.measuredDistinct)} distinct`,
  );
  const service = await startService();
  const rows: Row[] = [];
  const skipped: string[] = [];
  const captured: Captured[] = [];
  const ready: Scenario[] = [];
  const bodyBytes = new Map<string, number>();
  for (const s of scenarios().filter((x) => !ONLY || x.name.includes(ONLY))) {
    const answers = await captureAll(service.origin, s);
    const bad = answers.filter((a) => a.status !== 200);
    if (bad.length > 0) {
      skipped.push(
        `${s.name}: ${bad.length} of ${answers.length} requests answered ${bad[0]!.status} ${bad[0]!.body.trim().slice(0, 120)}`,
      );
      continue;
    }
    captured.push(...answers);
    bodyBytes.set(s.name, answers.reduce((n, a) => n + Buffer.byteLength(a.body), 0) / answers.length);
    log(`captured ${answers.length} distinct answers of ${s.name} for the bare baseline`);
    ready.push(s);
  }
  const responsesFile = join(work, 'responses.json');
  writeFileSync(responsesFile, JSON.stringify(captured));
  captured.length = 0;
  const bare = await startBare(responsesFile);
  const { duration, warmup } = settings;
  const loadBefore = loadavg()[0];
  if (loadBefore > 1) log(`WARNING: load average ${loadBefore.toFixed(2)}: other work is running, the figures will be pessimistic`);
  for (const s of ready) {
    log(`\n== ${s.name}: warm-up ${warmup} s`);
    await load(service.origin, s, { connections: MAX_CONNECTIONS, duration: warmup });
    await load(bare.origin, s, { connections: MAX_CONNECTIONS, duration: warmup });
    // Rounds alternate ours and bare, so a slow patch of the machine hits both sides alike. A round with any
    // error, timeout or non-2xx answer on either side is discarded (and reported), not averaged in.
    const rounds: Round[] = [];
    const discarded: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      log(`== ${s.name}: round ${round}/${ROUNDS}: ours, max throughput`);
      const ours = await load(service.origin, s, { connections: MAX_CONNECTIONS, duration });
      log(`== ${s.name}: round ${round}/${ROUNDS}: bare, max throughput`);
      const bareMax = await load(bare.origin, s, { connections: MAX_CONNECTIONS, duration });
      log(`== ${s.name}: round ${round}/${ROUNDS}: ours, ${RATE} req/s`);
      const oursRate = await load(service.origin, s, { connections: RATE_CONNECTIONS, duration, overallRate: RATE, warmup: RATE_WARMUP });
      log(`== ${s.name}: round ${round}/${ROUNDS}: bare, ${RATE} req/s`);
      const bareRate = await load(bare.origin, s, { connections: RATE_CONNECTIONS, duration, overallRate: RATE, warmup: RATE_WARMUP });
      const faults = (
        [
          ['ours max', ours],
          ['bare max', bareMax],
          ['ours rate', oursRate],
          ['bare rate', bareRate],
        ] as const
      )
        .filter(([, sum]) => problems(sum) > 0)
        .map(
          ([what, sum]) =>
            `${what}: non2xx=${sum.non2xx} errors=${sum.errors} timeouts=${sum.timeouts} ${JSON.stringify(sum.statusCodeStats ?? {})}`,
        );
      log(
        `   ours ${fmt(ours.okPerSecond)} req/s, bare ${fmt(bareMax.okPerSecond)} req/s; p50/p99 @${RATE}: ours ${oursRate.latency.p50}/${oursRate.latency.p99} ms, bare ${bareRate.latency.p50}/${bareRate.latency.p99} ms`,
      );
      if (faults.length > 0) {
        log(`WARNING ${s.name} round ${round} DISCARDED: ${faults.join('; ')}`);
        discarded.push(`round ${round}: ${faults.join('; ')}`);
        continue;
      }
      rounds.push({ ours, bare: bareMax, oursRate, bareRate });
    }
    rows.push({
      route: s.name,
      distinctBodies: distinctRequests(s).length,
      responseBytes: Math.round(bodyBytes.get(s.name) ?? 0),
      ours: spread(rounds.map((r) => r.ours.okPerSecond)),
      bare: spread(rounds.map((r) => r.bare.okPerSecond)),
      ratio: spread(rounds.map((r) => r.ours.okPerSecond / r.bare.okPerSecond)),
      oursRateOk: spread(rounds.map((r) => r.oursRate.okPerSecond)),
      oursP50: spread(rounds.map((r) => r.oursRate.latency.p50)),
      oursP99: spread(rounds.map((r) => r.oursRate.latency.p99)),
      bareP99: spread(rounds.map((r) => r.bareRate.latency.p99)),
      rounds,
      discarded,
    });
  }
  const servicePeakMb = peakRssMb(service.child.pid);
  printTable(rows, skipped, loadBefore, { settings, QUICK, MAX_CONNECTIONS, RATE, ROUNDS, details, servicePeakMb });
  if (PROFILE) {
    stopping = true;
    service.child.kill('SIGTERM');
    if (service.child.exitCode === null) await new Promise((r) => service.child.once('exit', r));
    const dir = join(work, 'profile');
    for (const f of existsSync(dir) ? readdirSync(dir) : []) process.stdout.write(`${summarizeProfile(join(dir, f))}\n`);
  }
  return skipped.length > 0 ? 2 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`bench:api failed: ${(err as Error).stack ?? err}`);
} finally {
  await cleanup();
}
process.exit(code);
