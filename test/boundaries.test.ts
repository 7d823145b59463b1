/** The layout's import rules (test/helpers/boundaries.ts) hold for the whole tree, and catch each kind of break. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkBoundaries } from '#test/helpers/boundaries.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (entry.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('import boundaries', () => {
  it('src/: common imports no service, services import only common, contracts and themselves', () => {
    const files = new Map(
      sources(join(REPO_ROOT, 'src')).map((f) => [relative(REPO_ROOT, f).split(sep).join('/'), readFileSync(f, 'utf8')]),
    );
    assert.ok(files.size > 100);
    assert.deepEqual(checkBoundaries(files), []);
  });

  it('reports each kind of violation', () => {
    const files = new Map([
      [
        'src/common/http/x.ts',
        "import { Db } from '../../aggregator/storage/db.js';\nexport const y = await import('#common/sql/lists.js');",
      ],
      ['src/common/kafka/y.ts', "export { Config } from '../../content-service/config.js';"],
      ['src/contracts/report.ts', "import type { Instant } from '../common/time.js';"],
      ['src/smart-proxy/api/z.ts', "import { render } from '../../aggregator/api/reports/render.js';\nimport { x } from '#common/ids.js';"],
      ['src/pipeline/w.ts', "const { q } = await import('../aggregator/db-writer/pipeline.js');"],
      ['src/aggregator/api/a.ts', "import { parseOrgId } from '../../common/ids.js';\nimport { ok } from './b.js';"],
      ['src/aggregator/api/b.ts', "import { api } from '#test/helpers/api.js';"],
      ['src/aggregator/api/b.test.ts', "import { api } from '#test/helpers/api.js';\nimport { s } from '../../../test/helpers/seed.js';"],
    ]);
    const found = checkBoundaries(files).map((v) => `${v.file} ${v.specifier}: ${v.rule}`);
    assert.deepEqual(found, [
      'src/common/http/x.ts ../../aggregator/storage/db.js: a relative import leaves src/common/',
      'src/common/http/x.ts ../../aggregator/storage/db.js: src/common imports no service',
      'src/common/kafka/y.ts ../../content-service/config.js: a relative import leaves src/common/',
      'src/common/kafka/y.ts ../../content-service/config.js: src/common imports no service',
      'src/contracts/report.ts ../common/time.js: a relative import leaves src/contracts/: use #common/...',
      'src/contracts/report.ts ../common/time.js: src/contracts imports only src/contracts',
      'src/smart-proxy/api/z.ts ../../aggregator/api/reports/render.js: a relative import leaves src/smart-proxy/',
      'src/smart-proxy/api/z.ts ../../aggregator/api/reports/render.js: src/smart-proxy imports another service (src/aggregator): share wire types through src/contracts',
      'src/pipeline/w.ts ../aggregator/db-writer/pipeline.js: a relative import leaves src/pipeline/',
      'src/pipeline/w.ts ../aggregator/db-writer/pipeline.js: src/pipeline imports another service (src/aggregator): share wire types through src/contracts',
      'src/aggregator/api/a.ts ../../common/ids.js: a relative import leaves src/aggregator/: use #common/...',
      'src/aggregator/api/b.ts #test/helpers/api.js: #test/ helpers are for tests only',
      'src/aggregator/api/b.test.ts ../../../test/helpers/seed.js: test helpers are imported as #test/...',
    ]);
  });
});
