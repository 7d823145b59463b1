// The load generator of the API benchmark, run as its own process (never in the server's process):
// `node bench/api/load.mjs <job.json>`. The job names the URL prefix, the request paths (and bodies) to
// cycle through, the connections, the duration and optionally a fixed overall rate. It prints one JSON
// line with the summary (req/s, latency percentiles, errors) on stdout.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const paths = job.paths;
const bodies = job.bodies ?? null;
const headerSets = job.headerSets ?? null;
let next = 0;

const instance = autocannon({
  url: job.origin,
  connections: job.connections,
  duration: job.duration,
  pipelining: 1,
  timeout: 10,
  ...(job.overallRate ? { overallRate: job.overallRate } : {}),
  requests: [
    {
      method: job.method,
      headers: job.headers ?? {},
      // Every request takes the next path (and body) of the job, so the server sees many different clusters.
      setupRequest: (req) => {
        const i = next++;
        req.path = paths[i % paths.length];
        // `headerSets`: the requests take them in turn (e.g. one identity per organisation).
        if (headerSets) req.headers = { ...req.headers, ...headerSets[i % headerSets.length] };
        if (bodies) req.body = bodies[i % bodies.length];
        return req;
      },
    },
  ],
});
autocannon.track(instance, {
  renderProgressBar: false,
  renderResultsTable: false,
  renderLatencyTable: false,
  outputStream: process.stderr,
});

instance.on('done', (r) => {
  const summary = {
    requestsPerSecond: r.requests.average,
    // Only 2xx answers count as throughput (an error page is not a served report).
    okPerSecond: r['2xx'] / r.duration,
    totalRequests: r.requests.total,
    duration: r.duration,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
    bytesPerSecond: r.throughput.average,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodeStats: r.statusCodeStats,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
});
