/**
 * CPU per request of the AMS fake (test/fakes/ams.ts) as the proxy bench loads it (docs/performance.md,
 * smart proxy): `node --import tsx bench/proxy/ams-fake-cpu.ts [--rounds=N]`. The fake runs in this process
 * with the bench's organisation (1,000 subscriptions); per round, the load generator (bench/api/load.mjs, its
 * own process) asks for (a) one cluster by `external_cluster_id` (the v2 report's lookup, 20 connections) and
 * (b) the org's cluster page of `size=6000` (v2/rule, v2/clusters; 4 connections); this process's CPU per
 * request comes from /proc (cpu.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { FakeAms } from '#test/fakes/ams.js';
import { showSpread, spread } from '../stats.js';
import { sample } from './cpu.js';
import { cluster, root } from './stack.js';

const rounds = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 3);
const work = mkdtempSync(join(tmpdir(), 'bench-ams-fake-'));
const ams = new FakeAms();
await ams.server.start();
ams.server.keepRequests = false;
ams.addOrg(1, 'bench-org');
for (let i = 0; i < 1000; i++) {
  ams.subscriptions.push({
    organization_id: 'bench-org',
    external_cluster_id: cluster(i + 1),
    display_name: `cluster ${i}`,
    cluster_id: `c${i}`,
    managed: i % 10 === 0,
  });
}
const tokenAnswer = await fetch(ams.tokenUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials&client_id=proxy-client&client_secret=proxy-secret',
});
const { access_token } = (await tokenAnswer.json()) as { access_token: string };
const qs = (q: Record<string, string>) => new URLSearchParams(q).toString().replace(/\+/g, '%20');
const A = '/api/accounts_mgmt/v1/subscriptions';
const kinds = [
  {
    name: 'one cluster (v2 report)',
    connections: 20,
    paths: Array.from({ length: 1000 }, (_, i) => `${A}?${qs({ search: `external_cluster_id = '${cluster(i + 1)}'` })}`),
  },
  {
    name: 'org page, 1,000 items (v2/rule)',
    connections: 4,
    paths: [
      `${A}?${qs({
        search: `organization_id in ('bench-org') and cluster_id != '' and status not in ('Deprovisioned','Archived')`,
        fields: 'external_cluster_id,display_name,cluster_id,managed,status',
        size: '6000',
        page: '1',
      })}`,
    ],
  },
];

let seq = 0;
async function run(paths: string[], connections: number): Promise<{ rps: number; cpuUs: number }> {
  const file = join(work, `job-${seq++}.json`);
  const headers = { authorization: `Bearer ${access_token}` };
  writeFileSync(file, JSON.stringify({ origin: ams.url, method: 'GET', paths, headers, connections, duration: 5, warmup: 1 }));
  const child = spawn(process.execPath, [join(root, 'bench/api/load.mjs'), file], { stdio: ['ignore', 'pipe', 'ignore'] });
  const before = sample(process.pid);
  let summary: { requestsPerSecond: number; totalRequests: number; non2xx?: number } | null = null;
  for await (const line of createInterface({ input: child.stdout })) if (line.startsWith('{')) summary = JSON.parse(line);
  const after = sample(process.pid);
  if (!summary || !before || !after) throw new Error('no result');
  if (summary.non2xx) throw new Error(`${summary.non2xx} non-2xx answers`);
  return { rps: summary.requestsPerSecond, cpuUs: ((after.cpuMs - before.cpuMs) * 1000) / summary.totalRequests };
}

const load = () => loadavg()[0].toFixed(2);
console.log(`load average ${load()} at the start`);
for (const k of kinds) {
  const cpu: number[] = [];
  const rps: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const out = await run(k.paths, k.connections);
    cpu.push(out.cpuUs);
    rps.push(out.rps);
  }
  console.log(
    `${k.name}: CPU per request ${showSpread(spread(cpu), (n) => n.toFixed(0))} µs, ${showSpread(spread(rps), (n) => n.toFixed(0))} req/s`,
  );
}
console.log(`load average ${load()} at the end`);
await ams.server.stop();
