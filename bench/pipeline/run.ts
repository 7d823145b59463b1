/**
 * `npm run bench:pipeline [-- --quick]`: archives per second through the shipped pipeline
 * (bin/ccx-data-pipeline), from announcements on Kafka of archives in the S3 server to reports on
 * `ccx.ocp.results`, beside a baseline measured in the same run on the same archives: download + gunzip +
 * untar + JSON.parse of every .json file, same concurrency, no rules, no Kafka. Prints archives/s of
 * both, their ratio and the pipeline's peak RSS (sampled from /proc). Needs the broker (scripts/kafka)
 * and the S3 server (scripts/s3). Method: docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBatchConsumer } from '#common/kafka/index.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { BOOTSTRAP, brokerOptions, makeTopic, produce, unique } from '#test/helpers/kafka.js';
import { TestBucket } from '#test/helpers/s3.js';
import { downloadArchive } from '../../src/pipeline/archive/download.js';
import { extractArchive } from '../../src/pipeline/archive/extract.js';
import { mapLimit } from '../../src/pipeline/runtime/consumer.js';
import { announcement, announcementValue } from '../../src/pipeline/runtime/test-helpers/announce.js';

const quick = process.argv.includes('--quick');
const N = quick ? 100 : 1000;
const CONCURRENCY = 4;
const ARCHIVE = join(REPO_ROOT, '../shared/testdata/archives/io-4.17-rapid-recommendations.tar.gz');

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function baseline(urls: string[]): Promise<number> {
  const t0 = performance.now();
  await mapLimit(urls, CONCURRENCY, async (url) => {
    const files = await extractArchive(await downloadArchive(url, { maxBytes: 100 * 2 ** 20, timeoutMs: 30_000, allowUnsafeLinks: true }));
    for (const [path, body] of files) if (path.endsWith('.json')) JSON.parse(body.toString('utf8'));
  });
  return N / ((performance.now() - t0) / 1000);
}

async function pipelineRun(urls: string[]): Promise<{ rate: number; peakRss: number; startRss: number }> {
  const t = { incoming: unique('bench.announce'), results: unique('bench.results'), group: unique('bench-pipeline') };
  await makeTopic(t.incoming, 4);
  await makeTopic(t.results, 4);
  const env = {
    PATH: process.env.PATH,
    CCX_DATA_PIPELINE__BROKER__ADDRESSES: BOOTSTRAP,
    CCX_DATA_PIPELINE__CONSUMER__INCOMING_TOPIC: t.incoming,
    CCX_DATA_PIPELINE__CONSUMER__GROUP_ID: t.group,
    CCX_DATA_PIPELINE__CONSUMER__CONCURRENCY: String(CONCURRENCY),
    CCX_DATA_PIPELINE__DOWNLOADER__ALLOW_UNSAFE_LINKS: 'true',
    CCX_DATA_PIPELINE__PUBLISHER__OUTGOING_TOPIC: t.results,
    CCX_DATA_PIPELINE__LOGGING__LOG_LEVEL: 'warn',
  };
  const child = spawn(join(REPO_ROOT, 'bin/ccx-data-pipeline'), ['start-service'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid as number;
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(pid));
  }, 100);
  try {
    // Let the pipeline join its group before the clock starts.
    await new Promise((r) => setTimeout(r, 6000));
    const startRss = rssMb(pid);
    let got = 0;
    let last = 0;
    let reached: () => void = () => {};
    const all = new Promise<void>((r) => (reached = r));
    const reader = createBatchConsumer({
      ...brokerOptions,
      clientId: 'bench-reader',
      groupId: unique('bench-reader'),
      topic: t.results,
      maxWaitMs: 100,
    });
    const reading = reader.run(async (batch) => {
      got += batch.messages.length;
      last = performance.now();
      if (got >= N) reached();
    });
    reading.catch(() => {});
    await new Promise((r) => setTimeout(r, 3000));
    const t0 = performance.now();
    await produce(
      t.incoming,
      urls.map((url, i) => announcement(announcementValue({ url, requestId: `bench-${i}`, clusterName: randomUUID() }))),
    );
    await Promise.race([all, new Promise((r) => setTimeout(r, 600_000))]);
    await reader.stop();
    if (got < N) throw new Error(`only ${got} of ${N} reports arrived`);
    return { rate: N / ((last - t0) / 1000), peakRss, startRss };
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const bucket = new TestBucket(unique('bench-pipeline').toLowerCase());
await bucket.create();
try {
  const body = readFileSync(ARCHIVE);
  const urls: string[] = [];
  for (let i = 0; i < N; i++) urls.push(await bucket.put(`a-${i}.tar.gz`, body));
  // Alternate: baseline, pipeline, baseline (the baseline's figure is the mean of its two rounds).
  const b1 = await baseline(urls);
  const p = await pipelineRun(urls);
  const b2 = await baseline(urls);
  const base = (b1 + b2) / 2;
  console.log(`archives: ${N} x io-4.17-rapid-recommendations (${body.length} bytes), concurrency ${CONCURRENCY}`);
  console.log(
    `baseline (download + gunzip + untar + JSON.parse): ${b1.toFixed(1)} / ${b2.toFixed(1)} archives/s (mean ${base.toFixed(1)})`,
  );
  console.log(`pipeline (announce -> S3 -> rules -> ccx.ocp.results): ${p.rate.toFixed(1)} archives/s`);
  console.log(`ratio pipeline / baseline: ${(p.rate / base).toFixed(2)}`);
  console.log(`pipeline RSS: ${p.startRss.toFixed(0)} MB at start, peak ${p.peakRss.toFixed(0)} MB`);
} finally {
  await bucket.close();
}
