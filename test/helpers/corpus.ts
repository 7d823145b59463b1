/**
 * The upstream test corpus (never copied into the repository): `$INSIGHTS_TESTDATA`, else
 * `../shared/testdata` beside the repository. Suites that read it declare `// @requires corpus`;
 * scripts/run-tests.mjs leaves them out loudly when it is absent (and fails with CI=true).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The corpus root (`messages/`, `content/`, `content-gob/`, `archives/`, `pipeline-messages/`). */
export const CORPUS_DIR = process.env.INSIGHTS_TESTDATA ? resolve(process.env.INSIGHTS_TESTDATA) : resolve(REPO_ROOT, '../shared/testdata');

/** The upstream result messages (`normal`, the `invalid_` families, `benchmark_sample`, ...). */
export const MESSAGES_DIR = join(CORPUS_DIR, 'messages');

/** Every file of the upstream messages, sorted: `{ folder, name, path, content }`. */
export function sharedMessages(): { folder: string; name: string; path: string; content: Buffer }[] {
  const out = [];
  for (const folder of readdirSync(MESSAGES_DIR).sort()) {
    for (const name of readdirSync(join(MESSAGES_DIR, folder)).sort()) {
      const path = join(MESSAGES_DIR, folder, name);
      out.push({ folder, name, path, content: readFileSync(path) });
    }
  }
  return out;
}
