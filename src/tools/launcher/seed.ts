/**
 * Seeding the demo fleet (demo.ts) through the real system: each archive is uploaded to the ingress
 * (`POST {ingress}upload`, org 2's with its bearer token), then goes ingress → queue → pipeline → queue →
 * db-writer → SQLite like any upload; seeding waits until the aggregator has every cluster's report. A bar
 * on a terminal (plain lines otherwise), then a summary: clusters per org and hits per rule.
 *
 * A second start finds the fleet already stored (same IDs) and uploads nothing; a partial fleet (a start
 * interrupted while seeding) is completed by uploading only the missing clusters.
 */
import { clusterArchive } from '../io-archive.js';
import { DEMO_ORGS, type DemoCluster, demoFleet } from './demo.js';

export const IO_TYPE = 'application/vnd.redhat.openshift.periodic+tar';

export interface SeedOptions {
  /** `http://host:port/api/ingress/v1/` */
  ingressUrl: string;
  /** `http://host:port/api/v1/` (the aggregator, auth off). */
  aggregatorUrl: string;
  /** Bearer token per org (an org without one is the ingress's default org). */
  tokens: Record<string, string>;
  out: NodeJS.WritableStream & { isTTY?: boolean };
  fleet?: DemoCluster[];
  timeoutMs?: number;
}

export interface SeedSummary {
  clusters: number;
  uploaded: number;
  perOrg: Record<string, number>;
  /** rule ID (`module|KEY`) → clusters hit. */
  hits: Record<string, number>;
  ms: number;
}

export async function seedDemo(opts: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const fleet = opts.fleet ?? demoFleet();
  const present = await storedClusters(opts.aggregatorUrl, fleet);
  const missing = fleet.filter((c) => !present.has(c.id));
  const bar = progress(opts.out, missing.length);
  if (missing.length > 0) {
    let uploaded = 0;
    const queue = [...missing];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        await upload(opts, c);
        bar.update(++uploaded, 0);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const end = Date.now() + (opts.timeoutMs ?? 120_000);
    for (;;) {
      const stored = await storedClusters(opts.aggregatorUrl, missing);
      bar.update(missing.length, stored.size);
      if (stored.size === missing.length) break;
      if (Date.now() > end)
        throw new Error(`seeding: only ${stored.size} of ${missing.length} clusters stored after ${opts.timeoutMs ?? 120_000} ms`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  bar.done();
  const hits = await hitsPerRule(opts.aggregatorUrl, fleet);
  const perOrg: Record<string, number> = {};
  for (const c of fleet) perOrg[c.org] = (perOrg[c.org] ?? 0) + 1;
  return { clusters: fleet.length, uploaded: missing.length, perOrg, hits, ms: Date.now() - started };
}

async function upload(opts: SeedOptions, c: DemoCluster): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await clusterArchive(c.spec))], { type: IO_TYPE }), 'insights-data.tar.gz');
  const token = opts.tokens[c.org];
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${opts.ingressUrl}upload`, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (res.status === 202) return;
    if (res.status < 500 || attempt >= 3) throw new Error(`seeding: upload of cluster ${c.id} answered ${res.status} ${text}`);
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The fleet's clusters the aggregator has a report of (in their own org). */
async function storedClusters(aggregatorUrl: string, fleet: DemoCluster[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const org of DEMO_ORGS) {
    const ids = fleet.filter((c) => c.org === org).map((c) => c.id);
    if (ids.length === 0) continue;
    const answer = await post(`${aggregatorUrl}clusters/organizations/${org}/users/launcher/recommendations`, ids);
    for (const id of Object.keys((answer.clusters as Record<string, unknown>) ?? {})) out.add(id);
  }
  return out;
}

async function hitsPerRule(aggregatorUrl: string, fleet: DemoCluster[]): Promise<Record<string, number>> {
  const hits: Record<string, number> = {};
  for (const org of DEMO_ORGS) {
    const ids = fleet.filter((c) => c.org === org).map((c) => c.id);
    if (ids.length === 0) continue;
    const answer = await post(`${aggregatorUrl}recommendations/organizations/${org}/users/launcher/list`, ids);
    for (const [rule, clusters] of Object.entries((answer.recommendations as Record<string, string[]>) ?? {})) {
      hits[rule] = (hits[rule] ?? 0) + clusters.length;
    }
  }
  return hits;
}

/** A bar redrawn in place on a terminal; a line per quarter otherwise. */
function progress(out: SeedOptions['out'], total: number): { update(uploaded: number, stored: number): void; done(): void } {
  const tty = out.isTTY === true;
  let lastQuarter = -1;
  let drawn = false;
  return {
    update(uploaded, stored) {
      if (total === 0) return;
      const width = 30;
      const filled = Math.round((stored / total) * width);
      const text = `  seeding [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] uploaded ${uploaded}/${total}, processed ${stored}/${total}`;
      if (tty) {
        out.write(`\r${text}`);
        drawn = true;
        return;
      }
      const quarter = Math.floor(((uploaded + stored) / (2 * total)) * 4);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        out.write(`${text}\n`);
      }
    },
    done() {
      if (drawn) out.write('\n');
    },
  };
}

/** The summary lines the launcher prints. */
export function summaryLines(s: SeedSummary): string[] {
  const orgs = Object.entries(s.perOrg)
    .map(([org, n]) => `org ${org}: ${n}`)
    .join(', ');
  const lines = [
    s.uploaded === 0
      ? `demo data already stored: ${s.clusters} clusters (${orgs}); nothing uploaded`
      : `demo data seeded through the pipeline: ${s.uploaded} archives in ${(s.ms / 1000).toFixed(1)} s; ${s.clusters} clusters (${orgs})`,
    'hits per rule:',
  ];
  for (const [rule, n] of Object.entries(s.hits).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${String(n).padStart(3)}  ${rule}`);
  return lines;
}
