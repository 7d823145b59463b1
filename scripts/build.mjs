#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ (tsc -p tsconfig.build.json) and writes dist/package.json, which
// gives the compiled files the package's subpath imports (`#common/*` -> dist/common/*), so bin/* runs
// dist/ with plain node while tsx, tsc and the tests resolve the same specifiers into src/.
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
