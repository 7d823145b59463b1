/**
 * What the hardening suite (suite.ts) needs to know about a service: how to start its executable, its
 * route table, and a few service-specific requests. Every HTTP service built with `common/http`'s factory
 * plugs in with one file (see aggregator.hardening.test.ts, and test/README.md "Hardening suite").
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { freePort } from '#test/helpers/private-postgres.js';

/** The settings the suite starts the service with (the `[server]` keys of common/http/limits.ts). */
export interface HardeningLimits {
  read_header_timeout: string;
  read_timeout: string;
  idle_timeout: string;
  max_connections: number;
}

export interface RunningTarget {
  /** Base URL of the API, ending with `/` (the API prefix included). */
  baseUrl: string;
  port: number;
  pid: number;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface HardeningRoute {
  method: string;
  /** Template after the prefix, with `{param}`s (filled from `HardeningTarget.values`). */
  template: string;
  /** Whether the route requires an identity when auth is on (metrics, openapi.json: false). */
  auth: boolean;
  /** A valid body for the route (JSON text), if it takes one. */
  body?: string;
  /** A body holding a NUL character in a free-text string (JSON `\u0000`): must be a 400. */
  nulBody?: string;
}

export interface HardeningTarget {
  name: string;
  /** Starts the service's executable with auth on and these limits (a fresh process each time). */
  start(limits: HardeningLimits): Promise<RunningTarget>;
  routes: HardeningRoute[];
  /** Path parameter values naming `ownOrg`'s data (its org, one of its clusters, valid rule IDs...). */
  values: Record<string, string>;
  /** Parameters that name an org, and parameters that name a cluster (checked against its owner). */
  orgParams: string[];
  clusterParams: string[];
  ownOrg: number;
  foreignOrg: number;
  /**
   * Statuses allowed for another org's identity on a route naming an org or a cluster (default [403]). The
   * smart proxy's contract answers a cluster outside the caller's org with 404 (spec V2-12: Redis keys are
   * scoped by the token's org; AMS lookups say "not found") or 400 (`Improper organization ID`): such an
   * answer must not carry data (`"status":"ok"`).
   */
  foreignOrgStatuses?: number[];
  /** Status of a request without a valid identity (default 401; the smart proxy answers 403, spec 2.4). */
  authFailureStatus?: number;
  /** The identity header (name, value) for an org; absent for a service without identities. */
  identity?: (org: number) => [string, string];
  /** A route reading the data of `ownOrg` (the slow-body attack warms up with it; GET). */
  readPath: string;
  /** A route taking a body (the slow-body attack's target; default: GET readPath with a body). */
  bodyRoute?: { method: string; path: string };
  /** Requests answered from one shared statement (BatchLoader): good ones and one carrying a NUL byte. */
  batch?: { goodPath: string; nulPath: string };
  /** Runs a command of the executable (print-config, print-env) with extra environment variables. */
  runCommand(args: string[], env: Record<string, string>): { stdout: string; code: number | null };
  /** Environment variables carrying secrets (values must never be printed), for print-config and print-env. */
  secretEnv: Record<string, string>;
  secrets: string[];
  /** SQLite only: the database file, a write request, and reads that must keep answering while it waits. */
  sqlite?: { file: () => string; write: { method: string; path: string; body?: string }; reads: string[] };
}

/**
 * A `runCommand` that runs the entry point through tsx from the repository root, with only PATH, `baseEnv`
 * (e.g. the config-file variable set empty) and the command's variables; its output is stdout then stderr.
 */
export function entryCommand(entry: string, baseEnv: Record<string, string> = {}, timeout?: number): HardeningTarget['runCommand'] {
  return (args, env) => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...baseEnv, ...env },
      encoding: 'utf8',
      timeout,
    });
    return { stdout: res.stdout + res.stderr, code: res.status };
  };
}

/**
 * Spawns a service's entry point (`node --import tsx src/<service>/main.ts start-service`: the executable as
 * built, from source) on a free port and waits until `healthPath` answers.
 */
export async function spawnService(options: {
  entry: string;
  env: (port: number) => Record<string, string>;
  prefix: string;
  healthPath?: string;
}): Promise<RunningTarget> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.entry, 'start-service'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...options.env(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}${options.prefix}`;
  let up = false;
  for (let i = 0; i < 600 && !up && child.exitCode === null; i++) {
    up = await fetch(baseUrl + (options.healthPath ?? 'openapi.json'))
      .then((r) => r.status < 500)
      .catch(() => false);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  if (!up) {
    await stop();
    throw new Error(`${options.entry} did not start: ${output}`);
  }
  return { baseUrl, port, pid: child.pid as number, output: () => output, stop };
}
