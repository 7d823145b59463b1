/**
 * One of the repository's executables as its own process for end-to-end tests: `node --import tsx <entry>
 * start-service` from the repository root (or the node arguments given), configured only through its
 * environment, on a port of its own that stop()/start() keep (outage tests). `ready` is a URL that answers
 * once the service is up. The aggregator and content-service processes of the proxy's stack are built on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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

export interface ServiceSpec {
  name: string;
  /** Source entry point, e.g. `src/ingress/main.ts`. */
  entry: string;
  /** The environment for a port (PATH is added unless given). */
  env: (port: number) => Record<string, string>;
  /** The URL that answers once the service is up, for a port. */
  ready: (port: number) => string;
  /** Node's arguments instead of `--import tsx <entry> start-service` (e.g. a built bin/ file). */
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
    const args = [...this.nodeArgs, ...(this.spec.args ?? ['--import', 'tsx', this.spec.entry, 'start-service'])];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.spec.env(this.port) },
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
