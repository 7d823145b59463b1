import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (…/main). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../..');
/** The shared upstream messages (never copied into the repository). */
export const MESSAGES_DIR = process.env.TESTDATA_MESSAGES ?? resolve(REPO_ROOT, '../shared/testdata/messages');

/** Every file of the shared upstream messages, sorted: `{ folder, name, path, content }`. */
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
