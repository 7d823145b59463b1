/**
 * `npm run bench:pipeline [-- --quick] [--archives N] [--rounds R] [--concurrency C] [--cpu-prof DIR]`:
 * archives per second through the shipped pipeline (bin/ccx-data-pipeline), from announcements on Kafka of
 * archives in the S3 server to reports on `ccx.ocp.results`, beside a baseline measured in the same run on
 * the same archives: the same download client and extraction (download + gunzip + untar) plus JSON.parse of
 * every .json file, same concurrency, no rules, no Kafka. Archives: 4.17-shaped ones from the repository's
 * generator (test/helpers/io-archive-417.ts; varied node counts, a cluster ID each), never ../shared.
 * Rounds alternate the two sides; figures are median (min-max) over rounds (bench/stats.ts). Memory: the
 * pipeline process runs through every round; its VmHWM, its RSS peak and median per round (flatness), and
 * the CPU milliseconds per archive of the pipeline, the baseline and the S3 server. `--cpu-prof DIR`
 * writes the pipeline's V8 CPU profile there; BENCH_PIPELINE_NODE_FLAGS adds node flags. Needs scripts/kafka and scripts/s3. Method: docs/performance.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createBatchConsumer } from '#common/kafka/index.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { archive417 } from '#test/helpers/io-archive-417.js';
import { BOOTSTRAP, brokerOptions, makeTopic, produce, unique } from '#test/helpers/kafka.js';
import { TestBucket } from '#test/helpers/s3.js';
import { downloadArchive } from '../../src/pipeline/archive/download.js';
import { extractArchive } from '../../src/pipeline/archive/extract.js';
import { mapLimit } from '../../src/pipeline/runtime/consumer.js';
import { announcement, announcementValue } from '../../src/pipeline/runtime/test-helpers/announce.js';
import { showSpread, spread } from '../stats.js';
import { cpuSeconds, hwmMb, RssSampler, s3ServerPid } from './proc.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const quick = argv.includes('--quick');
const N = opt('--archives', quick ? 200 : 1000);
const ROUNDS = opt('--rounds', quick ? 3 : 5);
const CONCURRENCY = opt('--concurrency', 4); // the pipeline's default consumer.concurrency
const POOL = Math.min(N, quick ? 16 : 40);
const profIndex = argv.indexOf('--cpu-prof');
const PROF_DIR = profIndex >= 0 ? resolve(argv[profIndex + 1] ?? 'cpu-prof') : null;
const ROUND_TIMEOUT_MS = 600_000;

/** A topic reader that counts what arrived. */
function counter(topic: string) {
  let got = 0;
  let waiters: { target: number; resolve: () => void }[] = [];
  const reader = createBatchConsumer({ ...brokerOptions, clientId: 'bench-reader', groupId: unique('bench-reader'), topic, maxWaitMs: 50 });
  reader
    .run(async (batch) => {
      got += batch.messages.length;
      for (const w of waiters) if (got >= w.target) w.resolve();
      waiters = waiters.filter((w) => got < w.target);
    })
    .catch((err) => console.error(`reader of ${topic} failed:`, err));
  return {
    get count() {
      return got;
    },
    /** Resolves true when `target` messages arrived in all, false after `ms`. */
    reach(target: number, ms: number): Promise<boolean> {
      if (got >= target) return Promise.resolve(true);
      return new Promise((res) => {
        const timer = setTimeout(() => res(false), ms);
        waiters.push({
          target,
          resolve: () => {
            clearTimeout(timer);
            res(true);
          },
        });
      });
    },
    stop: () => reader.stop(),
  };
}

interface Side {
  rate: number;
  /** CPU ms per archive: the side's own process, and the S3 server. */
  cpuMs: number;
  s3CpuMs: number;
}

const s3Pid = s3ServerPid();
const s3Cpu = () => (s3Pid ? cpuSeconds(s3Pid) : 0);
const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function baseline(urls: string[]): Promise<Side> {
  const [c0, s0, t0] = [selfCpu(), s3Cpu(), performance.now()];
  await mapLimit(urls, CONCURRENCY, async (url) => {
    const files = await extractArchive(await downloadArchive(url, { maxBytes: 100 * 2 ** 20, timeoutMs: 60_000, allowUnsafeLinks: true }));
    for (const [path, body] of files) if (path.endsWith('.json')) JSON.parse(body.toString('utf8'));
  });
  const secs = (performance.now() - t0) / 1000;
  return { rate: urls.length / secs, cpuMs: ((selfCpu() - c0) * 1000) / urls.length, s3CpuMs: ((s3Cpu() - s0) * 1000) / urls.length };
}

function spawnPipeline(t: Record<string, string>): ChildProcess {
  const env = {
    PATH: process.env.PATH,
    CCX_DATA_PIPELINE__BROKER__ADDRESSES: BOOTSTRAP,
    CCX_DATA_PIPELINE__CONSUMER__INCOMING_TOPIC: t.incoming!,
    CCX_DATA_PIPELINE__CONSUMER__GROUP_ID: t.group!,
    CCX_DATA_PIPELINE__CONSUMER__DEAD_LETTER_QUEUE_TOPIC: t.dlq!,
    CCX_DATA_PIPELINE__CONSUMER__CONCURRENCY: String(CONCURRENCY),
    CCX_DATA_PIPELINE__DOWNLOADER__ALLOW_UNSAFE_LINKS: 'true',
    CCX_DATA_PIPELINE__PUBLISHER__OUTGOING_TOPIC: t.results!,
    CCX_DATA_PIPELINE__PAYLOAD_TRACKER__TOPIC: t.tracker!,
    CCX_DATA_PIPELINE__LOGGING__LOG_LEVEL: 'warn',
    // glibc allocator settings (MALLOC_ARENA_MAX, ...) pass through, to compare their effect on RSS.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_'))),
  };
  const bin = join(REPO_ROOT, 'bin/ccx-data-pipeline');
  // The executable's own node flags (its first line), plus the profiler's when asked.
  // BENCH_PIPELINE_NODE_FLAGS: more (space-separated), e.g. `--trace-gc` or `--import ./probe.mjs` to investigate.
  const extra = (process.env.BENCH_PIPELINE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const flags = ['--max-semi-space-size=16', ...(PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : []), ...extra];
  return spawn(process.execPath, [...flags, bin, 'start-service'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

const fmt1 = (n: number) => n.toFixed(1);
const fmt0 = (n: number) => n.toFixed(0);
const fmt2 = (n: number) => n.toFixed(2);

const bucket = new TestBucket(unique('bench-pipeline').toLowerCase().replaceAll('.', '-'));
await bucket.create();
const t = {
  incoming: unique('bench.announce'),
  results: unique('bench.results'),
  tracker: unique('bench.tracker'),
  dlq: unique('bench.dlq'),
  group: unique('bench-pipeline'),
};
let child: ChildProcess | null = null;
try {
  const t0 = performance.now();
  const pool: Buffer[] = [];
  for (let i = 0; i < POOL; i++) pool.push(await archive417({ seed: i + 1, workers: 2 + ((i * 7) % 15) }));
  const urls = await mapLimit(
    Array.from({ length: N }, (_, i) => i),
    8,
    (i) => bucket.put(`a-${i}.tar.gz`, pool[i % POOL]!),
  );
  const meanGz = pool.reduce((s, b) => s + b.length, 0) / pool.length;
  console.log(
    `archives: ${POOL} distinct 4.17-shaped ones (5-19 nodes, mean ${fmt0(meanGz / 1024)} KiB gzipped) as ${N} objects; ` +
      `built and uploaded in ${fmt1((performance.now() - t0) / 1000)} s`,
  );
  for (const name of [t.incoming, t.results]) await makeTopic(name, 4);
  for (const name of [t.tracker, t.dlq]) await makeTopic(name, 1);
  child = spawnPipeline(t);
  const pid = child.pid as number;
  const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
  exited.then((code) => console.error(`pipeline exited (code ${code})`));
  const rss = new RssSampler(pid);
  const results = counter(t.results);
  const dlq = counter(t.dlq);
  let announced = 0;
  const announce = async (list: string[]) => {
    await produce(
      t.incoming,
      list.map((url) => announcement(announcementValue({ url, requestId: `bench-${announced++}`, clusterName: randomUUID() }))),
    );
  };
  async function pipelineRound(list: string[], phase: string): Promise<Side | null> {
    rss.phase = phase;
    const before = announced;
    const [c0, s0, t0] = [cpuSeconds(pid), s3Cpu(), performance.now()];
    await announce(list);
    const ok = await results.reach(before + list.length, ROUND_TIMEOUT_MS);
    const secs = (performance.now() - t0) / 1000;
    const cpuMs = ((cpuSeconds(pid) - c0) * 1000) / list.length;
    rss.phase = 'idle';
    if (!ok || dlq.count > 0) {
      console.log(`  ${phase}: discarded (${results.count - before} of ${list.length} reports, ${dlq.count} dead letters)`);
      return null;
    }
    return { rate: list.length / secs, cpuMs, s3CpuMs: ((s3Cpu() - s0) * 1000) / list.length };
  }
  // Warm-up (not measured): the pipeline joins its group, both sides' JIT and connection pools warm up.
  const warm = urls.slice(0, Math.min(N, 4 * CONCURRENCY));
  if (!(await pipelineRound(warm, 'warm-up'))) throw new Error('the pipeline did not process the warm-up archives');
  await baseline(warm);
  const startRss = rss.median('warm-up');
  const base: Side[] = [];
  const pipe: (Side | null)[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const phase = `round ${r}`;
    let b: Side;
    let p: Side | null;
    if (r % 2 === 1) {
      b = await baseline(urls);
      p = await pipelineRound(urls, phase);
    } else {
      p = await pipelineRound(urls, phase);
      b = await baseline(urls);
    }
    base.push(b);
    pipe.push(p);
    console.log(
      `  ${phase}: baseline ${fmt1(b.rate)}/s (${fmt1(b.cpuMs)} CPU ms/archive, S3 server ${fmt1(b.s3CpuMs)}), ` +
        (p
          ? `pipeline ${fmt1(p.rate)}/s (${fmt1(p.cpuMs)} CPU ms/archive, S3 server ${fmt1(p.s3CpuMs)}), ratio ${fmt2(p.rate / b.rate)}, ` +
            `RSS median ${fmt0(rss.median(phase))} MB, peak ${fmt0(rss.peak(phase))} MB`
          : 'pipeline discarded'),
    );
  }
  const hwm = hwmMb(pid);
  rss.stop();
  const kept = pipe.map((p, i) => (p ? { p, b: base[i]! } : null)).filter((x) => x !== null);
  const medians = pipe.map((p, i) => (p ? rss.median(`round ${i + 1}`) : null)).filter((x) => x !== null);
  const peaks = pipe.map((p, i) => (p ? rss.peak(`round ${i + 1}`) : null)).filter((x) => x !== null);
  const bRate = spread(base.map((b) => b.rate));
  const pRate = spread(kept.map((k) => k.p.rate));
  console.log(`\n${N} archives per round, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (${kept.length} pipeline rounds kept)`);
  console.log(`baseline (download + gunzip + untar + JSON.parse): ${showSpread(bRate, fmt1)} archives/s`);
  console.log(`pipeline (announce -> S3 -> rules -> ccx.ocp.results): ${showSpread(pRate, fmt1)} archives/s`);
  console.log(
    `ratio of medians: ${fmt2(pRate.median / bRate.median)}; per round ${showSpread(spread(kept.map((k) => k.p.rate / k.b.rate)), fmt2)}`,
  );
  console.log(
    `CPU ms per archive: pipeline ${showSpread(spread(kept.map((k) => k.p.cpuMs)), fmt1)}, baseline ${showSpread(spread(base.map((b) => b.cpuMs)), fmt1)}, ` +
      `S3 server ${showSpread(spread([...base.map((b) => b.s3CpuMs), ...kept.map((k) => k.p.s3CpuMs)]), fmt1)}`,
  );
  // Flatness: after the first round (the heap and pools settle), do the rounds' medians still climb?
  const settled = medians.slice(1);
  const flat =
    settled.length > 0 ? `; rounds 2-${medians.length} medians within ${fmt0(Math.min(...settled))}-${fmt0(Math.max(...settled))} MB` : '';
  const drift = medians.length > 1 ? medians[medians.length - 1]! - medians[0]! : 0;
  console.log(
    `pipeline RSS: ${fmt0(startRss)} MB after warm-up; per round median ${medians.map(fmt0).join(' / ')} MB, peak ${peaks.map(fmt0).join(' / ')} MB; ` +
      `drift first->last round median ${drift >= 0 ? '+' : ''}${fmt0(drift)} MB${flat}; VmHWM ${fmt0(hwm)} MB`,
  );
  await results.stop();
  await dlq.stop();
} finally {
  if (child && child.exitCode === null) {
    const c = child;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await gone;
  }
  await bucket.close();
}
