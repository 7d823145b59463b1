/** The API benchmark's result table (see run.ts; method in docs/performance.md). */
import { availableParallelism, loadavg } from 'node:os';
import { type Spread, showSpread } from '../stats.js';
import type { DetailsStats } from './seed.js';

export interface LoadSummary {
  requestsPerSecond: number;
  /** 2xx answers per second: the throughput figure. */
  okPerSecond: number;
  totalRequests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

export interface TableSettings {
  settings: { total: number; measured: number; duration: number };
  QUICK: boolean;
  MAX_CONNECTIONS: number;
  RATE: number;
  ROUNDS: number;
  details: DetailsStats;
  servicePeakMb: number;
}

export interface Round {
  ours: LoadSummary;
  bare: LoadSummary;
  oursRate: LoadSummary;
  bareRate: LoadSummary;
}

export interface Row {
  route: string;
  /** Distinct requests (and so distinct captured bodies the bare server cycles through). */
  distinctBodies: number;
  responseBytes: number;
  ours: Spread;
  bare: Spread;
  ratio: Spread;
  oursRateOk: Spread;
  oursP50: Spread;
  oursP99: Spread;
  bareP99: Spread;
  rounds: Round[];
  discarded: string[];
}

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export const problems = (s: LoadSummary) => s.non2xx + s.errors + s.timeouts;

export function printTable(rows: Row[], skipped: string[], loadBefore: number, t: TableSettings): void {
  const { settings, QUICK, MAX_CONNECTIONS, RATE, ROUNDS, details } = t;
  const header = [
    'route',
    'distinct bodies',
    'resp bytes',
    'ours req/s',
    'bare req/s',
    'ratio ours/bare',
    `ours @${RATE}: 2xx/s`,
    'p50 ms',
    'p99 ms',
    `bare @${RATE}: p99 ms`,
    'rounds kept',
  ];
  const ms = (n: number) => n.toFixed(1);
  const body = rows.map((r) => [
    r.route,
    fmt(r.distinctBodies),
    fmt(r.responseBytes),
    showSpread(r.ours, (n) => fmt(n)),
    showSpread(r.bare, (n) => fmt(n)),
    showSpread(r.ratio, (n) => n.toFixed(2)),
    // Below ~95 % of the asked rate the service was saturated: the latencies are then queueing times.
    `${showSpread(r.oursRateOk, (n) => fmt(n))}${r.oursRateOk.median < 0.95 * RATE ? ' (saturated)' : ''}`,
    showSpread(r.oursP50, ms),
    showSpread(r.oursP99, ms),
    showSpread(r.bareP99, ms),
    `${r.rounds.length}/${r.rounds.length + r.discarded.length}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const out = [
    '',
    `API benchmark${QUICK ? ' (--quick: smoke check only)' : ''}: ${fmt(settings.total)} clusters, ` +
      `${fmt(settings.measured)} in the measured org; max throughput with ${MAX_CONNECTIONS} connections for ` +
      `${settings.duration} s; latency at ${RATE} req/s (evenly paced open loop, bench/api/paced.mjs) for ${settings.duration} s`,
    `Details: ${fmt(details.hits)} rule hits carry ${fmt(details.distinct)} distinct template_data texts ` +
      `(measured org: ${fmt(details.measuredHits)} hits, ${fmt(details.measuredDistinct)} distinct).`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    '',
    `Each cell: median (min-max) over the kept rounds of ${ROUNDS}; the median is the headline and the one a target is judged on. ` +
      'Throughput counts 2xx answers only; a round with any error, timeout or non-2xx answer on either side is discarded.',
    'Baseline: a bare node:http server answering each distinct request with the body the service gave to it (captured first), ' +
      'so it cycles through as many distinct bodies as the service serves. Cold: every request another cluster (details cache ' +
      'mostly missing); warm: a few clusters again and again (details cache hit).',
    ...rows.map(
      (r) =>
        `${r.route}: rounds ours/bare 2xx/s ${r.rounds.map((x) => `${fmt(x.ours.okPerSecond)}/${fmt(x.bare.okPerSecond)}`).join(', ')}; ` +
        `p99 @${RATE} ours ${r.rounds.map((x) => x.oursRate.latency.p99).join(', ')} ms` +
        (r.discarded.length > 0 ? `; DISCARDED ${r.discarded.length}: ${r.discarded.join(' | ')}` : ''),
    ),
    `Service peak RSS (VmHWM, whole run): ${Number.isNaN(t.servicePeakMb) ? 'n/a' : `${t.servicePeakMb.toFixed(0)} MB`}.`,
    ...skipped.map((s) => `SKIPPED: ${s}`),
    `Machine: ${availableParallelism()} CPUs; 1-min load average ${loadBefore.toFixed(2)} before the measurements, ${loadavg()[0]!.toFixed(2)} after` +
      `${loadBefore > 1 ? ' (WARNING: other work was running; the figures are pessimistic)' : ''}.`,
    'Targets (2 cores), on the medians of the cold report route: >= 3,000 req/s, p99 < 10 ms at 1,000 req/s, ours/bare >= 0.3.',
    '',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
