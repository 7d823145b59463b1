/**
 * The content service as a real process (from its sources, as bin/insights-content-service runs its build):
 * `startContentService(env)` spawns `start-service` on 127.0.0.1 with an ephemeral port read from its
 * "HTTP server listening" log line; `runCli(args, env)` runs a command to completion.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

export const REPO = new URL('../../../', import.meta.url).pathname;
const ENTRY = ['--import', 'tsx', 'src/content-service/main.ts'];
const BASE_ENV = {
  INSIGHTS_CONTENT_SERVICE_CONFIG_FILE: '',
  INSIGHTS_CONTENT_SERVICE__SERVER__ADDRESS: '127.0.0.1:0',
  INSIGHTS_CONTENT_SERVICE__SERVER__API_SPEC_FILE: 'config/content-service/openapi.json',
  INSIGHTS_CONTENT_SERVICE__METRICS__NAMESPACE: 'insights_content_service',
};

export interface RunningProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGKILL if still running. */
  kill: () => void;
}

export async function startContentService(env: Record<string, string>): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...ENTRY, 'start-service'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const m = /"port":(\d+)[^\n]*"msg":"HTTP server listening"/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (output += d));
    void exited.then((code) => reject(new Error(`content service exited with ${code} before listening:\n${output}`)));
  }).catch((err) => {
    kill();
    throw err;
  });
  return { child, base: `http://127.0.0.1:${port}/api/v1/`, output: () => output, exited, kill };
}

export function runCli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [...ENTRY, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, ...BASE_ENV, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}
