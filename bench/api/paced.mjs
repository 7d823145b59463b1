// Open-loop load at a fixed rate, evenly spaced (`node bench/api/paced.mjs <job.json>`): one request every
// 1/rate seconds on a keep-alive pool, each latency measured from the moment the request was DUE (so a
// slow server's queueing counts: no coordinated omission). autocannon's `overallRate` instead sends each
// connection's per-second quota back to back, i.e. bursts; this is the "fixed 1,000 requests/s" figure.
// `warmup` seconds (default 0) of the same load come first and are not recorded: the generator's and the
// server's connections are open and hot before the measured `duration` starts (both sides alike).
// Prints one JSON line like load.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { origin, paths, bodies = null, method, headers = {}, overallRate: rate, duration } = job;
const url = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections ?? 64 });
const intervalNs = 1e9 / rate;
const warmupCount = Math.round(rate * (job.warmup ?? 0));
const total = warmupCount + Math.round(rate * duration);
const latencies = [];
// PACED_TRACE=<prefix>: also write [due ms, latency ms] of every recorded request to <prefix>.<time> (diagnostics).
const trace = process.env.PACED_TRACE ? [] : null;
let errors = 0;
let non2xx = 0;
let done = 0;
let sent = 0;
const start = process.hrtime.bigint();

function fire(i, dueNs) {
  const body = bodies ? bodies[i % bodies.length] : undefined;
  const req = http.request(
    {
      host: url.hostname,
      port: url.port,
      path: paths[i % paths.length],
      method,
      agent,
      headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        if (i >= warmupCount) {
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
          latencies.push(Number(process.hrtime.bigint() - dueNs) / 1e6);
          trace?.push([Number(dueNs - start) / 1e6, latencies[latencies.length - 1]]);
        }
        finish();
      });
    },
  );
  req.on('error', () => {
    if (i >= warmupCount) errors++;
    finish();
  });
  req.end(body);
}

function finish() {
  done++;
  if (done < total) return;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9 - (job.warmup ?? 0);
  latencies.sort((a, b) => a - b);
  const q = (p) =>
    latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 100) / 100 : 0;
  process.stdout.write(
    `${JSON.stringify({
      requestsPerSecond: Math.round(latencies.length / elapsed),
      okPerSecond: Math.round((latencies.length - non2xx) / elapsed),
      totalRequests: latencies.length,
      duration: elapsed,
      latency: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1), mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1) },
      non2xx,
      errors,
      timeouts: 0,
      paced: true,
    })}\n`,
  );
  agent.destroy();
  if (trace) writeFileSync(`${process.env.PACED_TRACE}.${Date.now()}`, JSON.stringify(trace));
}

function tick() {
  const now = process.hrtime.bigint();
  const due = Math.min(total, Math.floor(Number(now - start) / intervalNs) + 1);
  while (sent < due) {
    fire(sent, start + BigInt(Math.round(sent * intervalNs)));
    sent++;
  }
  if (sent < total) setTimeout(tick, 0.5);
}
tick();
