/** The API benchmark's result table (see run.ts). */
import { availableParallelism, loadavg } from 'node:os';

export interface LoadSummary {
  requestsPerSecond: number;
  totalRequests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

export interface TableSettings {
  settings: { total: number; measured: number; duration: number };
  QUICK: boolean;
  MAX_CONNECTIONS: number;
  RATE: number;
  ROUNDS: number;
}

export interface Row {
  route: string;
  ours: LoadSummary;
  bare: LoadSummary;
  oursRate: LoadSummary;
  bareRate: LoadSummary;
  responseBytes: number;
  rounds: { ours: LoadSummary; bare: LoadSummary; oursRate: LoadSummary; bareRate: LoadSummary }[];
}

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export const problems = (s: LoadSummary) => s.non2xx + s.errors + s.timeouts;

export function printTable(rows: Row[], skipped: string[], loadBefore: number, t: TableSettings): void {
  const { settings, QUICK, MAX_CONNECTIONS, RATE, ROUNDS } = t;
  const header = [
    'route',
    'resp bytes',
    'ours req/s',
    'bare req/s',
    'ratio',
    'ours @1k: req/s',
    'p50/p99 ms',
    'bare @1k: p50/p99 ms',
    'errors',
  ];
  const body = rows.map((r) => [
    r.route,
    fmt(r.responseBytes),
    fmt(r.ours.requestsPerSecond),
    fmt(r.bare.requestsPerSecond),
    (r.ours.requestsPerSecond / r.bare.requestsPerSecond).toFixed(2),
    // Below ~95 % of the asked rate the service was saturated: the latencies are then queueing times.
    `${fmt(r.oursRate.requestsPerSecond)}${r.oursRate.requestsPerSecond < 0.95 * RATE ? ' (saturated)' : ''}`,
    `${r.oursRate.latency.p50} / ${r.oursRate.latency.p99}`,
    `${r.bareRate.latency.p50} / ${r.bareRate.latency.p99}`,
    String(problems(r.ours) + problems(r.oursRate)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const out = [
    '',
    `API benchmark${QUICK ? ' (--quick: smoke check only)' : ''}: ${settings.total.toLocaleString('en-US')} clusters, ` +
      `${settings.measured.toLocaleString('en-US')} in the measured org; max throughput with ${MAX_CONNECTIONS} connections for ` +
      `${settings.duration} s; latency at ${RATE} req/s (evenly paced open loop, bench/api/paced.mjs) for ${settings.duration} s`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    '',
    `Throughput: best of ${ROUNDS} round(s) per side, ours and bare alternating; latency at ${RATE} req/s: the round with the median p99.`,
    ...rows.map(
      (r) =>
        `${r.route}: rounds ours/bare req/s ${r.rounds.map((x) => `${fmt(x.ours.requestsPerSecond)}/${fmt(x.bare.requestsPerSecond)}`).join(', ')}; ` +
        `p99 @${RATE} ours ${r.rounds.map((x) => x.oursRate.latency.p99).join(', ')} ms; latency p50/p99 under max throughput: ours ${r.ours.latency.p50}/${r.ours.latency.p99} ms, ` +
        `bare ${r.bare.latency.p50}/${r.bare.latency.p99} ms; bare achieved ${fmt(r.bareRate.requestsPerSecond)} req/s in the fixed-rate run`,
    ),
    'Note: the fixed-rate run sends one request every 1/rate s on a keep-alive pool (the first 2 s unrecorded, as warm-up) and measures each latency from the moment ' +
      'the request was due, so queueing counts (no coordinated omission).',
    ...skipped.map((s) => `SKIPPED: ${s}`),
    `Machine: ${availableParallelism()} CPUs; 1-min load average ${loadBefore.toFixed(2)} before the measurements, ${loadavg()[0].toFixed(2)} after` +
      `${loadBefore > 1 ? ' (WARNING: other work was running; the figures are pessimistic)' : ''}.`,
    'Targets (2 cores): report route >= 3,000 req/s, p99 < 10 ms at 1,000 req/s, ours/bare >= 0.3.',
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
