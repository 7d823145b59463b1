/**
 * One of the repository's executables as its own process for end-to-end tests: `node --import tsx <entry>
 * start-service` from the repository root (or the node arguments given), configured only through its
 * environment, on a port of its own that stop()/start() keep (outage tests). `ready` is a URL that answers
 * once the service is up. The aggregator and content-service processes of the proxy's stack are built on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const ROOT = new URL('../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * What the `#!/usr/bin/env -S [VAR=value ...] node [flags]` line of an executable script gives node when an
 * operator runs the file itself: its environment assignments and node flags (none for another first line).
 * Spawning `node <flags> <file>` with them runs the script as the operator's command does (the bin/ files
 * set V8's young generation and pretenuring there).
 */
export function shebangLaunch(file: string): { env: Record<string, string>; flags: string[] } {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\S*\benv -S (.*)$/.exec(first);
  const words = m?.[1]?.trim().split(/\s+/) ?? [];
  const node = words.indexOf('node');
  if (node < 0) return { env: {}, flags: [] };
  const env: Record<string, string> = {};
  for (const word of words.slice(0, node)) {
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return { env, flags: words.slice(node + 1) };
}

export interface ServiceSpec {
  name: string;
  /** Source entry point, e.g. `src/ingress/main.ts`. */
  entry: string;
  /** The environment for a port (PATH is added unless given). */
  env: (port: number) => Record<string, string>;
  /** The URL that answers once the service is up, for a port. */
  ready: (port: number) => string;
  /**
   * Node's arguments instead of `--import tsx <entry> start-service` (e.g. a built bin/ file, whose shebang's
   * flags and environment are applied as when it is run itself: `shebangLaunch`).
   */
  args?: string[];
}

export class ServiceProcess {
  private child: ChildProcess | null = null;
  port = 0;
  /** Everything the process wrote (stdout and stderr), across restarts. */
  output = '';
  /** Node flags before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs: string[] = [];

  constructor(readonly spec: ServiceSpec) {}

  /** The running process's ID (benchmarks read its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const script = this.spec.args?.[0];
    const launch = script && !script.startsWith('-') ? shebangLaunch(script) : { env: {}, flags: [] };
    const args = [...launch.flags, ...this.nodeArgs, ...(this.spec.args ?? ['--import', 'tsx', this.spec.entry, 'start-service'])];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...launch.env, ...this.spec.env(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output += d.toString();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`${this.spec.name} exited with ${code}: ${this.output.slice(-2000)}`))),
    );
    exited.catch(() => {});
    await Promise.race([waitHttp(this.spec.ready(this.port)), exited]);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}
