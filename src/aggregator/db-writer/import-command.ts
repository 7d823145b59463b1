/**
 * `insights-results-aggregator import PATH...`: stores result messages without Kafka, through the same
 * pipeline as the db-writer (processor + batched writer).
 *
 * PATH is a file (one message), a folder (its `.json` files, recursively, in sorted order) or `-` for JSON
 * Lines on stdin (one message per non-empty line). The storage is the one `storage_backend.use` selects
 * (empty or `ocp_recommendations`: OCP; `dvo_recommendations`: DVO); it must be at the latest migration, or
 * is migrated first with `storage_backend.auto_migrate`. Rejections are not written to consumer_error but
 * reported in the summary (counts per error text); a file that cannot be read is one such rejection.
 * Exit code 0 when the import ran (even with rejections), 1 on a fatal error.
 */
import { createInterface } from 'node:readline';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { Metrics } from '../metrics.js';
import type { Db } from '../storage/db.js';
import type { MigrationSet } from '../storage/migrations/migrator.js';
import { BACKEND_OF, openAtLatest, storageOf } from '../storage/storages.js';
import { loadAllowlist } from './allowlist.js';
import { type IncomingMessage, type OutcomeStatus, createPipeline } from './pipeline.js';

const BATCH_SIZE = 500;

/** One message to import, or the reason it could not be read. */
type Item = { value: Buffer } | { error: string };

interface Summary {
  total: number;
  counts: Record<OutcomeStatus, number>;
  reasons: Map<string, number>;
}

class FatalImportError extends Error {}

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};
const readError = (path: string, err: unknown) =>
  `open ${path}: ${GO_ERRNO_TEXT[(err as NodeJS.ErrnoException).code ?? ''] ?? (err as Error).message}`;

/** Expands the arguments into file paths (folders: `.json` files, recursively, sorted); unreadable paths become errors. */
async function expand(paths: string[]): Promise<Array<{ path: string } | { error: string } | { stdin: true }>> {
  const out: Array<{ path: string } | { error: string } | { stdin: true }> = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.json')) out.push({ path });
    }
  };
  for (const path of paths) {
    if (path === '-') {
      out.push({ stdin: true });
      continue;
    }
    try {
      if ((await stat(path)).isDirectory()) await walk(path);
      else out.push({ path });
    } catch (err) {
      out.push({ error: readError(path, err) });
    }
  }
  return out;
}

async function* items(sources: Awaited<ReturnType<typeof expand>>): AsyncGenerator<Item> {
  for (const source of sources) {
    if ('error' in source) yield source;
    else if ('stdin' in source) {
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        if (line.trim() !== '') yield { value: Buffer.from(line, 'utf8') };
      }
    } else {
      try {
        yield { value: await readFile(source.path) };
      } catch (err) {
        yield { error: readError(source.path, err) };
      }
    }
  }
}

async function openSelected(config: Config): Promise<{ kind: MigrationSet; db: Db }> {
  const use = config.storage_backend.use;
  const selected = storageOf(config, use === '' ? BACKEND_OF.ocp : use);
  if (!selected) {
    throw new FatalImportError(`storage backend '${use}' cannot be imported into (use ocp_recommendations or dvo_recommendations)`);
  }
  try {
    return { kind: selected.set, db: await openAtLatest(selected.set, selected.conf, config.storage_backend.auto_migrate) };
  } catch (err) {
    throw new FatalImportError((err as Error).message);
  }
}

function progress(done: number, total: number | null): void {
  if (!process.stderr.isTTY) return;
  if (total === null) {
    process.stderr.write(`\rimported ${done} messages`);
    return;
  }
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

export function formatSummary(summary: Summary): string {
  const { counts } = summary;
  const lines = [
    'import summary',
    `  messages:                 ${summary.total}`,
    `  written:                  ${counts.written}`,
    `  skipped (empty report):   ${counts['skipped-empty']}`,
    `  skipped (older or equal): ${counts['skipped-older']}`,
    `  rejected:                 ${counts.rejected}`,
  ];
  const reasons = [...summary.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (reasons.length > 0) {
    lines.push('rejected by reason:');
    for (const [reason, count] of reasons) lines.push(`  ${String(count).padStart(6)}  ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function importCommand(args: string[], config: Config, logger: Logger): Promise<number> {
  if (args.length === 0) {
    process.stderr.write(
      'usage: insights-results-aggregator import PATH... (files, folders of .json files, or - for JSON Lines on stdin)\n',
    );
    return 1;
  }
  let opened: { kind: 'ocp' | 'dvo'; db: Db };
  let allowlist: Set<number> | null = null;
  try {
    if (config.broker.enable_org_allowlist) allowlist = await loadAllowlist(config.processing.org_allowlist_file || 'org_allowlist.csv');
    opened = await openSelected(config);
  } catch (err) {
    process.stderr.write(`import failed: ${(err as Error).message}\n`);
    return 1;
  }
  const { kind, db } = opened;
  const pipeline = createPipeline(kind, {
    db,
    metrics: new Metrics('', { defaultMetrics: false }),
    // Per-message logs would repeat what the summary reports (and share stdout with it).
    logger: logger.child({ command: 'import' }, { level: 'fatal' }),
    allowlist,
    displayMessageWithWrongStructure: false,
    recordErrors: false,
  });
  const summary: Summary = { total: 0, counts: { written: 0, 'skipped-empty': 0, 'skipped-older': 0, rejected: 0 }, reasons: new Map() };
  const reject = (reason: string) => {
    summary.counts.rejected++;
    summary.reasons.set(reason, (summary.reasons.get(reason) ?? 0) + 1);
  };
  try {
    const sources = await expand(args);
    const total = sources.some((s) => 'stdin' in s) ? null : sources.length;
    let batch: IncomingMessage[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const outcomes = await pipeline.processBatch(batch);
      batch = [];
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') reject(outcome.error ?? 'unknown error');
        else summary.counts[outcome.status]++;
      }
      progress(summary.total, total);
    };
    for await (const item of items(sources)) {
      summary.total++;
      if ('error' in item) {
        reject(item.error);
        continue;
      }
      batch.push({ topic: 'import', partition: 0, offset: BigInt(summary.total - 1), key: null, value: item.value, timestamp: new Date() });
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();
    if (process.stderr.isTTY) process.stderr.write('\n');
  } catch (err) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stderr.write(`import failed after ${summary.total} messages: ${(err as Error).message}\n`);
    process.stdout.write(formatSummary(summary));
    await db.close();
    return 1;
  }
  process.stdout.write(formatSummary(summary));
  await db.close();
  return 0;
}
