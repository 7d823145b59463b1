/** `shebangLaunch`: the node flags and environment of a bin/ file's `env -S` line, as its own command gets them. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shebangLaunch } from './service-process.js';

const ROOT = new URL('../../', import.meta.url).pathname;

test('the aggregator executable: its environment assignment and V8 flags', () => {
  assert.deepEqual(shebangLaunch(join(ROOT, 'bin/insights-results-aggregator')), {
    env: { MALLOC_ARENA_MAX: '2' },
    flags: ['--max-semi-space-size=8', '--no-allocation-site-pretenuring'],
  });
});

test('a plain `env node` line, or no shebang, gives nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shebang-'));
  const plain = join(dir, 'plain');
  writeFileSync(plain, '#!/usr/bin/env node\nconsole.log(1);\n');
  const none = join(dir, 'none.mjs');
  writeFileSync(none, 'console.log(1);\n');
  assert.deepEqual(shebangLaunch(plain), { env: {}, flags: [] });
  assert.deepEqual(shebangLaunch(none), { env: {}, flags: [] });
});
