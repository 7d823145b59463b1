/**
 * `insights-results-produce --topic T [--brokers host:port[,host:port]] [--key K] FILE|FOLDER...`
 *
 * The upstream `produce_insights_results` utility: sends the content of each file (a folder contributes
 * its `*.json` files, recursively, in name order) as one Kafka message, unchanged, and prints a summary.
 * Exit codes: 0 all sent, 1 some file could not be read or the broker refused, 2 usage error.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createProducer } from '#common/kafka/index.js';

export const USAGE = `Usage: insights-results-produce --topic TOPIC [--brokers HOST:PORT[,HOST:PORT...]] [--key KEY] FILE|FOLDER...

Sends the content of each file as one message to TOPIC. A folder contributes its *.json files
(recursively, sorted by name). --brokers defaults to $KAFKA_BOOTSTRAP or localhost:9092.
`;

export interface ProduceArgs {
  topic: string;
  brokers: string[];
  key: string | null;
  paths: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ProduceArgs | 'help' {
  let topic = '';
  let brokers = env.KAFKA_BOOTSTRAP || 'localhost:9092';
  let key: string | null = null;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--topic':
      case '-t':
        topic = value();
        break;
      case '--brokers':
      case '--broker':
      case '-b':
        brokers = value();
        break;
      case '--key':
      case '-k':
        key = value();
        break;
      case '--':
        paths.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        paths.push(arg);
    }
  }
  if (!topic) throw new UsageError('--topic is required');
  if (paths.length === 0) throw new UsageError('no files given');
  const list = brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (list.length === 0) throw new UsageError('--brokers is empty');
  return { topic, brokers: list, key, paths };
}

/** Files to send: given files as they are, folders expanded to their *.json files (recursive, sorted). */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) out.push(path);
    }
  };
  for (const p of paths) {
    if (statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

export interface ProduceSummary {
  sent: number;
  bytes: number;
  failed: { file: string; error: string }[];
  ms: number;
}

export async function produceFiles(args: ProduceArgs, log: (line: string) => void = () => {}): Promise<ProduceSummary> {
  const started = performance.now();
  const summary: ProduceSummary = { sent: 0, bytes: 0, failed: [], ms: 0 };
  let files: string[];
  try {
    files = collectFiles(args.paths);
  } catch (err) {
    summary.failed.push({ file: String((err as NodeJS.ErrnoException).path ?? args.paths.join(' ')), error: (err as Error).message });
    return summary;
  }
  const producer = createProducer({ brokers: args.brokers, clientId: 'insights-results-produce' });
  try {
    const CHUNK = 200; // files per produce request
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk: { file: string; value: Buffer }[] = [];
      for (const file of files.slice(i, i + CHUNK)) {
        try {
          chunk.push({ file, value: readFileSync(file) });
        } catch (err) {
          summary.failed.push({ file, error: (err as Error).message });
        }
      }
      if (chunk.length === 0) continue;
      try {
        await producer.sendBatch(
          args.topic,
          chunk.map((c) => ({ value: c.value, key: args.key })),
        );
        for (const c of chunk) {
          summary.sent += 1;
          summary.bytes += c.value.length;
          log(`sent ${c.file} (${c.value.length} bytes)`);
        }
      } catch (err) {
        for (const c of chunk) summary.failed.push({ file: c.file, error: (err as Error).message });
      }
    }
  } finally {
    await producer.close().catch(() => {});
  }
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

export async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const summary = await produceFiles(args, (line) => process.stdout.write(`${line}\n`));
  for (const f of summary.failed) process.stderr.write(`FAILED ${f.file}: ${f.error}\n`);
  process.stdout.write(
    `${summary.sent} message(s), ${summary.bytes} bytes sent to topic ${args.topic} on ${args.brokers.join(',')} in ${summary.ms} ms; ${summary.failed.length} failed\n`,
  );
  return summary.failed.length === 0 ? 0 : 1;
}
