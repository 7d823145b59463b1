/**
 * On-demand gathering figures (issue 14 point 5), `npm run bench:requests [-- --quick]`:
 * 1. the smart proxy (its start-service, real Redis) answering `v2/cluster/{c}/request/{r}/status` and
 *    `v2/cluster/{c}/requests` (a cluster with 50 requests): maximum req/s (autocannon in another process,
 *    bench/api/load.mjs) beside the bare node:http server answering the same bytes (bench/api/bare-server.mjs),
 *    and the latency percentiles of the status route at a fixed 1,000 req/s (bench/api/paced.mjs);
 * 2. the valkey-writer's storage: messages/s written into Redis in batches of 250 (writeRedisBatch) beside
 *    `redis-benchmark` running the same three commands (SET EX, HSET, EXPIRE) pipelined 250 deep.
 * Everything is measured in the same run; keys live in the test database under a random org, deleted after.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { encodeIdentity } from '#common/http/identity.js';
import { silentLogger } from '#common/logger.js';
import { createRedisClient, waitReady } from '#common/redis/client.js';
import { buildInfo } from '#common/service/build-info.js';
import { reportsKey, requestKey } from '#contracts/requests.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { deleteOrgKeys, REDIS_HOST, REDIS_PORT, redisSettings, TEST_REDIS_DB, testRedis, uniqueOrg } from '#test/helpers/redis.js';
import { processOcpMessage } from '../../src/aggregator/db-writer/processor/ocp.js';
import type { OcpWrite } from '../../src/aggregator/db-writer/processor/ocp.js';
import { requestMessage } from '../../src/aggregator/db-writer/writer/test-helpers/request-messages.js';
import { writeRedisBatch } from '../../src/aggregator/db-writer/writer/redis.js';
import { requestsProxyConfig } from '../../src/smart-proxy/requests/test-helpers/proxy-config.js';
import { start as startProxy } from '../../src/smart-proxy/service.js';

const quick = process.argv.includes('--quick');
const DURATION = quick ? 3 : 10;
const CONNECTIONS = 32;
const MESSAGES = quick ? 5000 : 25000;
const work = mkdtempSync(join(tmpdir(), 'bench-requests-'));

interface Summary {
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

async function runJob(script: string, job: object): Promise<Summary> {
  const file = join(work, `job-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(job));
  const child = spawn(process.execPath, [join(REPO_ROOT, script), file], { stdio: ['ignore', 'pipe', 'ignore'] });
  let summary: Summary | null = null;
  for await (const line of createInterface({ input: child.stdout! })) if (line.startsWith('{')) summary = JSON.parse(line) as Summary;
  if (!summary) throw new Error(`${script} gave no result`);
  return summary;
}

/** bench/api/bare-server.mjs answering each request with the captured reply of the same request (key `<path>\n<body>`). */
function bareServer(
  responses: { key: string; status: number; contentType: string; body: string }[],
): Promise<{ child: ChildProcess; port: number }> {
  const file = join(work, 'bare.json');
  writeFileSync(file, JSON.stringify(responses));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bench/api/bare-server.mjs'), file], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /^READY (\d+)/.exec(line);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', () => reject(new Error('bare server exited')));
  });
}

async function main(): Promise<void> {
  const org = uniqueOrg();
  const plain = testRedis();
  const cluster = randomUUID();
  const listCluster = randomUUID();
  for (let i = 0; i < 50; i++) {
    const id = `req${i}`;
    await plain.set(requestKey(org, listCluster, id), '', 'EX', 3600);
    await plain.hset(reportsKey(org, listCluster, id), {
      request_id: id,
      cluster_id: listCluster,
      org_id: String(org),
      received_timestamp: '2026-11-30T10:00:00Z',
      processed_timestamp: '2026-11-30T10:00:05.123456789Z',
      rule_hits: 'a.b|C',
    });
    await plain.expire(reportsKey(org, listCluster, id), 3600);
  }
  await plain.set(requestKey(org, cluster, 'benchReq1'), '', 'EX', 3600);

  const proxy = await startProxy(requestsProxyConfig(redisSettings()), silentLogger, buildInfo());
  const origin = `http://127.0.0.1:${(proxy.app.server.address() as { port: number }).port}`;
  const headers = { 'x-rh-identity': encodeIdentity(org) };
  const statusPath = `/api/v2/cluster/${cluster}/request/benchReq1/status`;
  const listPath = `/api/v2/cluster/${listCluster}/requests`;
  const capture = async (path: string) => {
    const res = await fetch(origin + path, { headers });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const statusReply = await capture(statusPath);
  const listReply = await capture(listPath);
  if (statusReply.status !== 200 || listReply.status !== 200)
    throw new Error(`seed not visible: ${statusReply.status} ${listReply.status}`);
  const bare = await bareServer([
    { key: `${statusPath}\n`, ...statusReply },
    { key: `${listPath}\n`, ...listReply },
  ]);
  const bareOrigin = `http://127.0.0.1:${bare.port}`;

  const rows: string[] = [];
  const job = (o: string, path: string, extra: object = {}) => ({
    origin: o,
    method: 'GET',
    paths: [path],
    headers,
    connections: CONNECTIONS,
    duration: DURATION,
    ...extra,
  });
  for (const [name, path] of [
    ['status', statusPath],
    ['requests (50)', listPath],
  ] as const) {
    const ours = await runJob('bench/api/load.mjs', job(origin, path));
    const base = await runJob('bench/api/load.mjs', job(bareOrigin, path));
    rows.push(
      `${name.padEnd(14)} proxy ${ours.requestsPerSecond.toFixed(0).padStart(6)} req/s (p99 ${ours.latency.p99} ms, non-2xx ${ours.non2xx})` +
        `  bare ${base.requestsPerSecond.toFixed(0).padStart(6)} req/s  ratio ${(ours.requestsPerSecond / base.requestsPerSecond).toFixed(2)}`,
    );
  }
  const paced = await runJob('bench/api/paced.mjs', job(origin, statusPath, { overallRate: 1000, warmup: 1 }));
  const pacedBare = await runJob('bench/api/paced.mjs', job(bareOrigin, statusPath, { overallRate: 1000, warmup: 1 }));
  rows.push(
    `status @1000/s proxy p50 ${paced.latency.p50} p99 ${paced.latency.p99} max ${paced.latency.max} ms` +
      `  bare p50 ${pacedBare.latency.p50} p99 ${pacedBare.latency.p99} ms`,
  );
  bare.child.kill();
  await proxy.stop();

  // valkey-writer storage vs redis-benchmark (same commands, 250-deep pipeline).
  const writes: OcpWrite[] = [];
  for (let i = 0; i < 250; i++) {
    const d = processOcpMessage(Buffer.from(requestMessage({ org, requestId: `w${i}`, gatheredAt: '2026-11-30T09:59:00Z' }).text), {
      allowlist: null,
    });
    if (d.kind !== 'write') throw new Error('bench message rejected');
    writes.push(d);
  }
  const client = createRedisClient(redisSettings(), silentLogger);
  await waitReady(client, 5000);
  const t0 = performance.now();
  for (let n = 0; n < MESSAGES; n += 250) await writeRedisBatch(client, writes);
  const writerRate = MESSAGES / ((performance.now() - t0) / 1000);
  client.disconnect();
  const rb = (args: string[]) => {
    const out = execFileSync(
      'redis-benchmark',
      ['-h', REDIS_HOST, '-p', String(REDIS_PORT), '--dbnum', String(TEST_REDIS_DB), '-n', String(MESSAGES), '-P', '250', '-q', ...args],
      { encoding: 'utf8' },
    );
    const m = /([\d.]+) requests per second/.exec(out);
    if (!m) throw new Error(`redis-benchmark: ${out}`);
    return Number(m[1]);
  };
  const key = `organization:${org}:cluster:bench:request:__rand_int__`;
  const set = rb(['SET', key, '', 'EX', '86400']);
  const hset = rb([
    'HSET',
    `${key}:reports`,
    'request_id',
    'x',
    'cluster_id',
    'y',
    'org_id',
    '1',
    'received_timestamp',
    'a',
    'processed_timestamp',
    'b',
    'rule_hits',
    'c|D,e|F',
  ]);
  const expire = rb(['EXPIRE', `${key}:reports`, '86400']);
  const combined = 1 / (1 / set + 1 / hset + 1 / expire);
  rows.push(
    `valkey-writer  ${writerRate.toFixed(0)} msg/s (batches of 250)  redis-benchmark SET+HSET+EXPIRE ${combined.toFixed(0)} msg/s` +
      ` (SET ${set.toFixed(0)}, HSET ${hset.toFixed(0)}, EXPIRE ${expire.toFixed(0)} /s)  ratio ${(writerRate / combined).toFixed(2)}`,
  );
  await deleteOrgKeys(plain, org);
  plain.disconnect();
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(`${quick ? '(quick) ' : ''}${rows.join('\n')}\n`);
}

await main();
