/**
 * CPU of the proxy's outbound calls alone (docs/performance.md, smart proxy): `node --import tsx
 * bench/proxy/upstream-cpu.ts [--calls=N] [--rounds=N]` runs a node:http server in a child process answering
 * a report-sized JSON body, and in this process makes N calls at 20 concurrent with the proxy's Upstream
 * (upstream/http.ts: Agent dispatch, deadline queue) and, alternating in the same run, with the way it called
 * before (top-level undici `request` with the URL, `AbortSignal.timeout`, `body.arrayBuffer()`), as the
 * baseline. Prints this process's CPU per call (user + system), median (min-max) over the rounds.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'undici';
import { showSpread, spread } from '../stats.js';
import { Upstream } from '../../src/smart-proxy/upstream/http.js';

if (process.argv[2] === 'serve') {
  const { createServer } = await import('node:http');
  const body = JSON.stringify({
    report: {
      meta: { count: 7 },
      reports: Array.from({ length: 7 }, (_, i) => ({ component: `rule_${i}.report`, key: 'EK', details: { error_key: 'EK', n: i } })),
    },
    status: 'ok',
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as { port: number }).port));
} else {
  const calls = Number(/--calls=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 20_000);
  const rounds = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 5);
  const child = fork(new URL(import.meta.url).pathname, ['serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  const base = `http://127.0.0.1:${port}/api/v1/`;
  const path = (i: number) => `organizations/1/clusters/${String(i % 1000).padStart(8, '0')}-0000-4000-8000-000000000000/users/1/report`;

  const upstream = new Upstream(base, 'unreachable', 10_000, 64);
  const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000, connectTimeout: 10_000, pipelining: 1 });
  const before = async (p: string) => {
    const res = await request(base + p, {
      method: 'GET',
      dispatcher: agent,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
      signal: AbortSignal.timeout(10_000),
    });
    return JSON.parse(Buffer.from(await res.body.arrayBuffer()).toString('utf8'));
  };
  const after = async (p: string) => (await upstream.call(p)).json();

  async function run(call: (p: string) => Promise<unknown>): Promise<number> {
    let next = 0;
    const start = process.cpuUsage();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < calls) await call(path(next++));
      }),
    );
    const used = process.cpuUsage(start);
    return (used.user + used.system) / calls;
  }

  await run(before);
  await run(after); // warm-up of both
  const b: number[] = [];
  const a: number[] = [];
  for (let r = 0; r < rounds; r++) {
    b.push(await run(before));
    a.push(await run(after));
  }
  const fmt = (xs: number[]) => showSpread(spread(xs), (n) => n.toFixed(1));
  console.log(`client CPU per call (µs), ${calls} calls x ${rounds} rounds, 20 concurrent:`);
  console.log(`  before (request + AbortSignal.timeout + arrayBuffer): ${fmt(b)}`);
  console.log(`  after  (Upstream: dispatch + deadline queue):         ${fmt(a)}`);
  console.log(`  ratio after / before: ${(spread(a).median / spread(b).median).toFixed(2)}`);
  await upstream.close();
  await agent.close();
  child.kill();
}
