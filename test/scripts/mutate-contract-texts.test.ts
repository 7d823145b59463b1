/**
 * scripts/mutate-contract-texts.mjs (issue 17) mutates the texts listed in scripts/contract-texts.mjs. The
 * list must stay true as the code moves: every entry's code still occurs exactly once in its file, holds its
 * text, and names suites that exist. (The mutation run itself takes minutes; see test/README.md.)
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '#test/helpers/corpus.js';
// @ts-expect-error: a plain ESM script without types
import { CONTRACT_TEXT_SETS } from '../../scripts/contract-texts.mjs';

interface Entry {
  name: string;
  file: string;
  find: string;
  text: string;
  to?: string;
  tests: string[];
}

it('every DVO contract-text entry locates its text once and names existing suites', () => {
  const entries = (CONTRACT_TEXT_SETS as Record<string, Entry[]>).dvo;
  assert.ok(entries.length >= 20);
  for (const e of entries) {
    for (const t of e.tests) assert.ok(existsSync(join(REPO_ROOT, t)), `${e.name}: ${t} exists`);
  }
  const res = spawnSync(process.execPath, ['scripts/mutate-contract-texts.mjs', '--list'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  // One "name / file: code / -> mutation" block per entry, each mutation different from the text.
  const mutations = [...res.stdout.matchAll(/^ {2}-> (.*) {2}\(appears in the spec: (yes|no)\)$/gm)].map((m) => m[1]);
  assert.equal(mutations.length, entries.length);
  for (const [i, e] of entries.entries()) assert.notEqual(mutations[i], e.text, e.name);
  // The text issue 17 names is among them, literally as spec 2.4 gives it.
  assert.ok(entries.some((e) => e.text === "improper report structure, missing key with name 'workload_recommendations'"));
});
