/**
 * Issue 16: a user's clone has no ../shared beside it. The repository is cloned into a temporary folder
 * (with this working tree's uncommitted changes laid over it, so the test checks what would be committed),
 * `node_modules` linked in place of `npm ci`, and the runner asked for its plan and run on a representative
 * subset there: the corpus suites are left out loudly, everything else runs and passes, and CI=true fails.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '#test/helpers/corpus.js';

const git = (cwd: string, ...args: string[]) => {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(res.status, 0, `git ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
};

/** The environment of a user's shell: no corpus variable, not CI. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.INSIGHTS_TESTDATA;
  delete env.NODE_TEST_CONTEXT; // run the clone's suites as a top-level `npm test` would
  if (!('CI' in extra)) delete env.CI;
  return env;
}

interface Plan {
  run: string[];
  left: { file: string; missing: string[] }[];
  services: Record<string, { up: boolean; where: string }>;
}

describe('a fresh clone without ../shared', () => {
  let parent: string;
  let clone: string;

  const runner = (args: string[], env: NodeJS.ProcessEnv = userEnv()) =>
    spawnSync(process.execPath, ['scripts/run-tests.mjs', ...args], { cwd: clone, env, encoding: 'utf8', timeout: 300_000 });

  before(() => {
    parent = mkdtempSync(join(tmpdir(), 'tests-fresh-clone-'));
    clone = join(parent, 'insights-results');
    git(parent, 'clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone);
    git(clone, 'checkout', '--quiet', git(REPO_ROOT, 'rev-parse', 'HEAD').trim());
    for (const file of git(REPO_ROOT, 'ls-files', '-z', '--modified', '--others', '--exclude-standard').split('\0').filter(Boolean)) {
      // Regular files only: a worktree may link node_modules in (a symlink git lists as untracked).
      if (file.split('/').includes('node_modules') || !existsSync(join(REPO_ROOT, file))) continue;
      if (!lstatSync(join(REPO_ROOT, file)).isFile()) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(join(REPO_ROOT, file), join(clone, file));
    }
    for (const file of git(REPO_ROOT, 'ls-files', '-z', '--deleted').split('\0').filter(Boolean))
      rmSync(join(clone, file), { force: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('has no corpus beside it', () => {
    assert.equal(existsSync(join(parent, 'shared')), false);
  });

  it('plans every suite except the corpus suites, which it names', () => {
    const res = runner(['--plan']);
    assert.equal(res.status, 0, res.stderr);
    const plan = JSON.parse(res.stdout) as Plan;
    assert.equal(plan.services.corpus.up, false);
    assert.match(plan.services.corpus.where, new RegExp(`^at ${join(parent, 'shared', 'testdata')} `));
    const tagged = git(clone, 'grep', '-l', '^// @requires corpus$', '--', '*.test.ts').trim().split('\n').sort();
    assert.ok(tagged.length >= 2, 'the corpus conformance suites exist');
    const leftForCorpus = plan.left.filter((l) => l.missing.includes('corpus')).map((l) => l.file);
    assert.deepEqual(leftForCorpus.sort(), tagged);
    assert.ok(plan.run.includes('src/aggregator/db-writer/processor/ocp.test.ts'));
    assert.ok(plan.run.includes('src/aggregator/db-writer/runtime/messages.test.ts') || !plan.services.kafka.up);
    // With CI=true a missing corpus fails the plan.
    assert.equal(runner(['--plan'], userEnv({ CI: 'true' })).status, 1);
  });

  it('runs a subset: passes, and says loudly which corpus suites it left out; CI=true fails', () => {
    const subset = ['src/aggregator/db-writer/processor/', 'src/aggregator/db-writer/import-command.test.ts'];
    const res = runner(subset);
    assert.equal(res.status, 0, `${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`);
    assert.match(res.stderr, /!! corpus is NOT available at .*\/shared\/testdata/);
    assert.match(res.stderr, /!! SKIPPED: src\/aggregator\/db-writer\/processor\/ocp\.corpus\.test\.ts \(needs corpus\)/);
    assert.match(res.stdout, /OCP processor: the generated message families/);
    assert.match(res.stdout, /import command/);
    assert.doesNotMatch(res.stdout, /ENOENT/);
    const ci = runner(subset, userEnv({ CI: 'true' }));
    assert.equal(ci.status, 1);
    assert.match(ci.stderr, /CANNOT RUN: src\/aggregator\/db-writer\/processor\/ocp\.corpus\.test\.ts/);
    assert.match(ci.stderr, /CI=true: every suite must run/);
  });

  it('refuses a suite that reads the corpus without declaring it', () => {
    const file = join(clone, 'src', 'sneaky.test.ts');
    const reader = ['shared', 'Messages'].join(''); // spelled apart: the runner would refuse this file too
    writeFileSync(file, `import { ${reader} } from '#test/helpers/corpus.js';\n${reader}();\n`);
    const res = runner(['--plan']);
    rmSync(file);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /src\/sneaky\.test\.ts: reads the upstream corpus \(shared\w+\) without `\/\/ @requires corpus`/);
    assert.ok(readFileSync(join(clone, 'package.json'), 'utf8').includes('"test"'));
  });
});
