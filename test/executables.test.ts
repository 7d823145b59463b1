/**
 * Every service executable as shipped (bin/*, compiled dist/, built by `npm ci` / `npm run build`) carries
 * the build information scripts/build.mjs writes: the commit SHA, the build time as `LANG=C date` prints
 * it, the branch and the version (upstream's `*not set*` only when built outside a git checkout).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '#test/helpers/corpus.js';

/** The executables declared through the service shell (add each new service here). */
const SERVICES = [
  'bin/insights-results-aggregator',
  'bin/insights-content-service',
  'bin/ccx-data-pipeline',
  'bin/insights-results-smart-proxy',
  'bin/insights-ingress',
];

/** `LANG=C date`: `Thu Jan  4 10:00:00 UTC 2024`. */
const C_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \S+ \d{4}$/;

describe('executables: build information filled at build time', () => {
  for (const bin of SERVICES) {
    it(`${bin} print-version-info`, () => {
      const res = spawnSync(bin, ['print-version-info'], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
      assert.equal(res.status, 0, res.stderr);
      const info = Object.fromEntries(
        res.stdout
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      );
      assert.match(info.BuildCommit, /^[0-9a-f]{40}$/);
      assert.match(info.BuildTime, C_DATE);
      assert.notEqual(info.BuildBranch, '');
      assert.match(info.BuildVersion, /^\d+\.\d+\.\d+/);
    });
  }
});
