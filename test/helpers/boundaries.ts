/**
 * The import rules of the layout (docs/architecture.md), checked on the source text with TypeScript's own
 * import scanner (static, dynamic and `export ... from`):
 * - `src/common/` (the platform) imports only `src/common/` and `src/contracts/`;
 * - `src/contracts/` (wire types) imports only `src/contracts/`;
 * - a service `src/<service>/` imports only `src/common/`, `src/contracts/` and its own folder;
 * - across those folders only through the subpath imports `#common/...` / `#contracts/...`, never a
 *   relative path leaving the folder (`../../common/...`);
 * - `#test/...` (test helpers) only from tests and test helpers.
 */
import { posix } from 'node:path';
import ts from 'typescript';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const SUBPATHS: Record<string, string> = { '#common/': 'src/common/', '#contracts/': 'src/contracts/', '#test/': 'test/' };

/** The repository path an import names (null for packages and node: builtins). */
function target(file: string, specifier: string): string | null {
  for (const [prefix, dir] of Object.entries(SUBPATHS)) if (specifier.startsWith(prefix)) return dir + specifier.slice(prefix.length);
  if (specifier.startsWith('.')) return posix.normalize(posix.join(posix.dirname(file), specifier));
  return null;
}

/** `src/<area>` of a path under src/ (`src/common`, `src/aggregator`, ...), else null. */
function areaOf(path: string): string | null {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1] : null;
}

const isTestCode = (file: string) => file.endsWith('.test.ts') || file.includes('/test-helpers/');

/** Checks every `src/**` file (path relative to the repository, POSIX separators) against the rules. */
export function checkBoundaries(files: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of files) {
    const area = areaOf(file);
    if (area === null) continue;
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      const to = target(file, specifier);
      if (to === null) continue;
      const add = (rule: string) => out.push({ file, specifier, rule });
      if (specifier.startsWith('#test/')) {
        if (!isTestCode(file)) add('#test/ helpers are for tests only');
        continue;
      }
      if (to.startsWith('test/')) {
        add('test helpers are imported as #test/...');
        continue;
      }
      const toArea = areaOf(to);
      if (toArea === null) {
        add('imports outside src/');
        continue;
      }
      if (specifier.startsWith('.') && toArea !== area) {
        add(`a relative import leaves src/${area}/${toArea === 'common' || toArea === 'contracts' ? `: use #${toArea}/...` : ''}`);
      }
      if (area === 'contracts' && toArea !== 'contracts') add('src/contracts imports only src/contracts');
      else if (area === 'common' && toArea !== 'common' && toArea !== 'contracts') add('src/common imports no service');
      else if (area !== 'common' && area !== 'contracts' && toArea !== area && toArea !== 'common' && toArea !== 'contracts') {
        add(`src/${area} imports another service (src/${toArea}): share wire types through src/contracts`);
      }
    }
  }
  return out;
}
