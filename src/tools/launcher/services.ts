/**
 * Starting and watching the services as separate processes (the launchers' shared part: `npm start` and
 * `npm run start:full`). Each service is its own executable (`bin/<name>`) with its own environment; this
 * module only spawns it, waits for its readiness URL, prints its state (starting → ready → failed with its
 * last log lines), keeps its output in a log file, and stops everything on request.
 *
 * A service that exits while the system runs is reported; with `restart` it is started again after a
 * backoff (1 s doubling to 30 s, reset after a minute of running), unless it was stopped on purpose
 * (stopService) or the system is stopping.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface ServiceSpec {
  /** The service's name in this group (and its log file's); also the executable under bin/ unless `bin`. */
  name: string;
  /** The executable's name under bin/ (default `name`). */
  bin?: string;
  /** Shown instead of `name` (e.g. `insights-results-aggregator (db-writer + API)`). */
  label?: string;
  args?: string[];
  env: Record<string, string>;
  /** Answered (any HTTP status below 500 unless `readyStatus`) once the service is up. */
  ready: string;
  /** Exit-0 commands to run first (`bin/<name> ...args`), e.g. migrations. */
  before?: { args: string[]; env?: Record<string, string> }[];
}

export type ServiceState = 'starting' | 'ready' | 'failed' | 'exited' | 'stopped';

/** One service as `GET /launcher/services.json` reports it (src/tools/launcher/console-server.ts). */
export interface ServiceStatus {
  name: string;
  label: string;
  state: ServiceState;
}

export interface LauncherOptions {
  /** Repository root (cwd of every service). */
  root: string;
  /** Where each service's output goes (`<logDir>/<name>.log`). */
  logDir: string;
  /** A state line (the launcher prints it). */
  report: (name: string, state: string) => void;
  /** Start again a service that exited while the system runs (default false). */
  restart?: boolean;
  /** Environment of every service (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess | null;
  state: ServiceState;
  tail: string[];
  log: WriteStream;
  wanted: boolean;
  failures: number;
  startedAt: number;
}

const TAIL_LINES = 15;

export class ServiceGroup {
  readonly #opts: LauncherOptions;
  readonly #services = new Map<string, Running>();
  #stopping = false;

  constructor(opts: LauncherOptions) {
    this.#opts = opts;
    mkdirSync(opts.logDir, { recursive: true });
  }

  state(name: string): ServiceState | undefined {
    return this.#services.get(name)?.state;
  }

  /** Every service started so far, in start order, with its state (what the console's banner shows). */
  states(): ServiceStatus[] {
    return [...this.#services.values()].map((r) => ({ name: r.spec.name, label: r.spec.label ?? r.spec.name, state: r.state }));
  }

  /** The last lines the service wrote (stdout and stderr). */
  lastLines(name: string): string[] {
    return [...(this.#services.get(name)?.tail ?? [])];
  }

  pid(name: string): number | undefined {
    return this.#services.get(name)?.child?.pid;
  }

  /** Runs the `before` steps, spawns the service, resolves once its readiness URL answers (rejects on failure). */
  async start(spec: ServiceSpec): Promise<void> {
    if (this.#stopping) throw new Error(`${spec.name}: the services are stopping`);
    const label = spec.label ?? spec.name;
    let r = this.#services.get(spec.name);
    if (!r) {
      r = {
        spec,
        child: null,
        state: 'starting',
        tail: [],
        log: createWriteStream(join(this.#opts.logDir, `${spec.name}.log`), { flags: 'a' }),
        wanted: true,
        failures: 0,
        startedAt: 0,
      };
      this.#services.set(spec.name, r);
    }
    r.wanted = true;
    const env = { ...(this.#opts.baseEnv ?? process.env), ...spec.env };
    for (const step of spec.before ?? []) {
      const done = spawnSync(process.execPath, [join(this.#opts.root, 'bin', spec.bin ?? spec.name), ...step.args], {
        cwd: this.#opts.root,
        env: { ...env, ...step.env },
        encoding: 'utf8',
      });
      r.log.write(`${done.stdout ?? ''}${done.stderr ?? ''}`);
      if (done.status !== 0) {
        r.state = 'failed';
        this.#opts.report(label, `FAILED: ${step.args.join(' ')} exited ${done.status}\n${indent(lastLines(`${done.stderr}`))}`);
        throw new Error(`${spec.name} ${step.args.join(' ')} exited ${done.status}`);
      }
    }
    if (this.#stopping) throw new Error(`${spec.name}: the services are stopping`);
    this.#spawn(r, env);
    await this.#waitReady(r);
  }

  #spawn(r: Running, env: NodeJS.ProcessEnv): void {
    const label = r.spec.label ?? r.spec.name;
    r.state = 'starting';
    r.startedAt = Date.now();
    this.#opts.report(label, 'starting');
    const child = spawn(process.execPath, [join(this.#opts.root, 'bin', r.spec.bin ?? r.spec.name), ...(r.spec.args ?? [])], {
      cwd: this.#opts.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    r.child = child;
    const take = (chunk: Buffer) => {
      r.log.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        r.tail.push(line);
        if (r.tail.length > TAIL_LINES) r.tail.shift();
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.on('exit', (code, signal) => {
      if (r.child !== child) return;
      r.child = null;
      if (this.#stopping || !r.wanted) {
        r.state = 'stopped';
        return;
      }
      const was = r.state;
      r.state = was === 'starting' ? 'failed' : 'exited';
      const why = signal ? `signal ${signal}` : `exit ${code}`;
      this.#opts.report(label, `${was === 'starting' ? 'FAILED' : 'EXITED'} (${why}); last lines:\n${indent(r.tail.slice(-8))}`);
      if (!this.#opts.restart) return;
      r.failures = Date.now() - r.startedAt > 60_000 ? 1 : r.failures + 1;
      const delay = Math.min(30_000, 1000 * 2 ** (r.failures - 1));
      this.#opts.report(label, `restarting in ${delay / 1000} s`);
      setTimeout(() => {
        if (this.#stopping || !r.wanted || r.child) return;
        this.#spawn(r, env);
        this.#waitReady(r).catch(() => {});
      }, delay).unref();
    });
  }

  async #waitReady(r: Running): Promise<void> {
    const label = r.spec.label ?? r.spec.name;
    const end = Date.now() + (this.#opts.readyTimeoutMs ?? 60_000);
    const child = r.child;
    while (Date.now() < end) {
      if (r.child !== child || r.state !== 'starting') throw new Error(`${r.spec.name} exited while starting`);
      try {
        const res = await fetch(r.spec.ready, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status < 500) {
          r.state = 'ready';
          this.#opts.report(label, `ready (${Math.round((Date.now() - r.startedAt) / 100) / 10} s, pid ${r.child?.pid})`);
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    r.state = 'failed';
    this.#opts.report(
      label,
      `FAILED: not ready after ${(this.#opts.readyTimeoutMs ?? 60_000) / 1000} s; last lines:\n${indent(r.tail.slice(-8))}`,
    );
    throw new Error(`${r.spec.name} not ready`);
  }

  /** Stops one service on purpose (not restarted); resolves when it exited. */
  async stopService(name: string): Promise<void> {
    const r = this.#services.get(name);
    if (!r) return;
    r.wanted = false;
    await stopChild(r.child);
    r.state = 'stopped';
    this.#opts.report(r.spec.label ?? name, 'stopped');
  }

  /** Starts again a service stopped with stopService. */
  async startService(name: string): Promise<void> {
    const r = this.#services.get(name);
    if (!r) throw new Error(`unknown service ${name}`);
    if (r.child) return;
    await this.start(r.spec);
  }

  /** Stops every service (SIGTERM, then SIGKILL after 10 s) and resolves once all exited. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    await Promise.all([...this.#services.values()].map((r) => stopChild(r.child)));
    for (const r of this.#services.values()) {
      r.state = 'stopped';
      await new Promise<void>((resolve) => r.log.end(resolve));
    }
  }
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function lastLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-8);
}

function indent(lines: string[]): string {
  return lines.map((l) => `      | ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n');
}
