/**
 * How the benchmarks start the service: as shipped, `bin/insights-results-aggregator` (compiled dist/,
 * with the environment and V8 flags of its `#!/usr/bin/env -S [NAME=value ...] node ...` line), or with `--tsx` the TypeScript sources
 * through tsx with the same V8 flags (for profiles that name source lines).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = 'bin/insights-results-aggregator';

/** The environment assignments and node flags of the executable's shebang line. */
function shebang(root: string): { env: Record<string, string>; flags: string[] } {
  const first = readFileSync(join(root, BIN), 'utf8').split('\n', 1)[0];
  const m = /^#!\/usr\/bin\/env -S((?: [A-Z_]+=\S+)*) node((?: --[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!m) throw new Error(`${BIN}: unexpected first line ${first}`);
  const env: Record<string, string> = {};
  for (const assignment of m[1].split(' ').filter(Boolean)) {
    const at = assignment.indexOf('=');
    env[assignment.slice(0, at)] = assignment.slice(at + 1);
  }
  return { env, flags: m[2].split(' ').filter(Boolean) };
}

/** The node flags of the executable's shebang line. */
export function binNodeFlags(root: string): string[] {
  return shebang(root).flags;
}

/** The environment the executable's shebang line sets (e.g. MALLOC_ARENA_MAX); give it to the spawned service. */
export function binEnv(root: string): Record<string, string> {
  return shebang(root).env;
}

/** Arguments for process.execPath that run the service (before its command, e.g. `start-service`). */
export function serviceArgs(root: string, tsx: boolean): string[] {
  if (tsx) return [...binNodeFlags(root), '--import', 'tsx', 'src/aggregator/main.ts'];
  if (!existsSync(join(root, 'dist/aggregator/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  return [...binNodeFlags(root), BIN];
}
