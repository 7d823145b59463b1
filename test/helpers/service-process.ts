/**
 * One of the repository's executables as its own process for end-to-end tests: `node --import tsx <entry>
 * start-service` from the repository root, configured only through its environment, on a port of its own
 * that stop()/start() keep (outage tests). `ready` is a URL that answers once the service is up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, waitHttp } from './proxy/aggregator-process.js';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ServiceSpec {
  name: string;
  /** Source entry point, e.g. `src/ingress/main.ts`. */
  entry: string;
  /** The environment for a port (PATH is added). */
  env: (port: number) => Record<string, string>;
  /** The URL that answers once the service is up, for a port. */
  ready: (port: number) => string;
}

export class ServiceProcess {
  private child: ChildProcess | null = null;
  port = 0;
  output = '';

  constructor(readonly spec: ServiceSpec) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', this.spec.entry, 'start-service'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.spec.env(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-20_000);
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
