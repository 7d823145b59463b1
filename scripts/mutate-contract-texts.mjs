#!/usr/bin/env node
// Shows that the tests pin the contract texts: for each text of a set, a temporary copy of the working tree
// gets that ONE text changed (by default the case of its first letter swapped: the smallest change a reader
// of the text would still notice; an entry may give its own `to`), then the suites that should catch it run there (through scripts/run-tests.mjs).
// A text is "caught" when at least one test fails; the script prints which ones.
//
//   node scripts/mutate-contract-texts.mjs                 the DVO set (issue 17)
//   node scripts/mutate-contract-texts.mjs --set dvo NAME  only the entries whose name contains NAME
//   node scripts/mutate-contract-texts.mjs --list          the entries, without running anything
//
// Before mutating, the selected suites run once unmutated in the copy: a failure there stops the script
// (a mutant "caught" by a test that fails anyway proves nothing). Exit status 1 when any text is not caught.
// The services the suites declare (`// @requires`) must be up; the corpus path is passed on.
import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CONTRACT_TEXT_SETS } from './contract-texts.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const setName = args.includes('--set') ? args[args.indexOf('--set') + 1] : 'dvo';
const filters = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--set');
const set = CONTRACT_TEXT_SETS[setName];
if (!set) {
  console.error(`unknown set ${setName} (known: ${Object.keys(CONTRACT_TEXT_SETS).join(', ')})`);
  process.exit(2);
}
const entries = set.filter((e) => filters.length === 0 || filters.some((f) => e.name.includes(f)));
const specText = ['aggregator.md', 'smart-proxy-and-content.md', 'pipeline.md']
  .map((f) => {
    try {
      return readFileSync(resolve(root, '../shared/spec', f), 'utf8');
    } catch {
      return '';
    }
  })
  .join('\n');

/** The entry's `to`, else its text with the case of its first letter swapped. */
function mutate(entry) {
  if (entry.to !== undefined) return entry.to;
  const text = entry.text;
  const i = text.search(/[A-Za-z]/);
  if (i < 0) throw new Error(`no letter to mutate in ${JSON.stringify(text)}`);
  const c = text[i];
  const swapped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return text.slice(0, i) + swapped + text.slice(i + 1);
}

/** Checks an entry against the pristine tree: `find` occurs exactly once in `file` and contains `text`. */
function locate(entry, tree) {
  const source = readFileSync(join(tree, entry.file), 'utf8');
  const count = source.split(entry.find).length - 1;
  if (count !== 1) throw new Error(`${entry.name}: ${JSON.stringify(entry.find)} occurs ${count} times in ${entry.file}`);
  if (!entry.find.includes(entry.text)) throw new Error(`${entry.name}: text is not inside find`);
  return source;
}

if (args.includes('--list')) {
  for (const e of entries) {
    locate(e, root);
    console.log(`${e.name}\n  ${e.file}: ${e.find}\n  -> ${mutate(e)}  (appears in the spec: ${specText.includes(e.text) ? 'yes' : 'no'})`);
  }
  process.exit(0);
}

/** A copy of the working tree (tracked and untracked-not-ignored files), sharing node_modules. */
function copyTree() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'mutate-contract-'));
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (file.split('/').includes('node_modules')) continue;
    const from = join(root, file);
    let stat;
    try {
      stat = lstatSync(from);
    } catch {
      continue; // deleted in the working tree
    }
    if (!stat.isFile()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
  }
  for (const modules of ['node_modules', 'web-console/node_modules']) {
    try {
      symlinkSync(realpathSync(join(root, modules)), join(dir, modules));
    } catch {
      // no such node_modules in this checkout
    }
  }
  return dir;
}

/** Runs the suites in the copy; returns the exit status and the failing tests (`file > name`). */
function runSuites(tree, tests) {
  const corpus = process.env.INSIGHTS_TESTDATA ? resolve(process.env.INSIGHTS_TESTDATA) : resolve(root, '../shared/testdata');
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(tree, 'scripts/run-tests.mjs'), ...tests], {
    cwd: tree,
    encoding: 'utf8',
    env: { ...process.env, INSIGHTS_TESTDATA: corpus },
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  // The spec reporter ends with "✖ failing tests:" then, per failure, "test at <file>:<line>:<col>" and "✖ <name> (...)".
  const failing = [];
  const tail = output.slice(output.lastIndexOf('✖ failing tests:'));
  if (tail.startsWith('✖ failing tests:')) {
    let where = '';
    for (const line of tail.split('\n')) {
      const at = /^test at (\S+?):\d+:\d+/.exec(line);
      if (at) where = at[1].replace(`${tree}/`, '');
      const name = /^✖ (.+?)(?: \([\d.]+m?s\))?$/.exec(line);
      if (name && where) {
        failing.push(`${where} > ${name[1]}`);
        where = '';
      }
    }
  }
  return { status: r.status, failing, output, seconds: Math.round((Date.now() - started) / 1000) };
}

const tree = copyTree();
let uncaught = 0;
try {
  for (const e of entries) locate(e, tree);
  const allTests = [...new Set(entries.flatMap((e) => e.tests))];
  console.log(`set ${setName}: ${entries.length} contract texts; copy of the tree in ${tree}`);
  console.log(`baseline: ${allTests.join(' ')}`);
  const base = runSuites(tree, allTests);
  if (base.status !== 0) {
    console.error(base.output.slice(-4000));
    console.error(`baseline FAILED (status ${base.status}): fix the suites before mutating`);
    process.exit(2);
  }
  console.log(`baseline: pass (${base.seconds} s)\n`);
  for (const e of entries) {
    const path = join(tree, e.file);
    const pristine = readFileSync(path, 'utf8');
    const mutated = mutate(e);
    writeFileSync(
      path,
      pristine.replace(e.find, () => e.find.replace(e.text, () => mutated)),
    );
    let result;
    try {
      result = runSuites(tree, e.tests);
    } finally {
      writeFileSync(path, pristine);
    }
    const caught = result.status !== 0;
    if (!caught) uncaught++;
    const inSpec = specText.includes(e.text) ? 'appears in the spec' : 'upstream Go text, not in the spec';
    console.log(`${caught ? 'CAUGHT    ' : 'NOT CAUGHT'} ${e.name} (${inSpec}; ${result.seconds} s)`);
    console.log(`           ${e.file}: ${JSON.stringify(e.text)} -> ${JSON.stringify(mutated)}`);
    if (caught && result.failing.length === 0) console.log('           (the run failed; no failing test could be named, see its output)');
    // The same test name may fail more than once (a suite run per storage backend): counted, not repeated.
    const counts = new Map();
    for (const f of result.failing) counts.set(f, (counts.get(f) ?? 0) + 1);
    const names = [...counts].map(([f, n]) => (n > 1 ? `${f} (x${n})` : f));
    for (const f of names.slice(0, 4)) console.log(`           failed: ${f}`);
    if (names.length > 4) console.log(`           ... and ${names.length - 4} more`);
  }
} finally {
  rmSync(tree, { recursive: true, force: true });
}
console.log(`\n${entries.length - uncaught}/${entries.length} contract texts caught`);
process.exit(uncaught > 0 ? 1 : 0);
