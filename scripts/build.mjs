#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ (tsc -p tsconfig.build.json), then writes
// - dist/package.json, which gives the compiled files the package's subpath imports (`#common/*` ->
//   dist/common/*), so bin/* runs dist/ with plain node while tsx, tsc and the tests resolve the same
//   specifiers into src/;
// - dist/build-info.json, the build information of every executable (print-version-info, /info; read by
//   src/common/service/build-info.ts): commit SHA, branch, `LANG=C date` and the package version.
//   Outside a git checkout commit and branch stay unset (`*not set*`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const imports = {};
for (const [name, target] of Object.entries(pkg.imports ?? {})) {
  if (typeof target === 'string' && target.startsWith('./src/')) imports[name] = `./${target.slice('./src/'.length)}`;
}
writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ type: 'module', imports }, null, 2)}\n`);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const branch = run('git', ['rev-parse', '--abbrev-ref', 'HEAD']);
const info = {
  commit: run('git', ['rev-parse', 'HEAD']),
  branch: branch === 'HEAD' ? undefined : branch,
  time: run('date', [], { ...process.env, LANG: 'C', LC_ALL: 'C' }),
  version: pkg.version,
};
writeFileSync(join(dist, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
