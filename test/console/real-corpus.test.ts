// @requires postgres
// @requires kafka
// @requires s3
// @requires redis
// @requires chromium
// @requires corpus
/**
 * Each shared real archive (../shared/testdata/archives, read in place) uploaded from the console's upload
 * page on the real system (test/console/system.ts): the page follows it through the stages, and its cluster's
 * page shows the recommendations the proxy serves for it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { columnWhen, proxyJson, uploadFromPage } from './steps.js';
import { type ConsoleSystem, startConsoleSystem } from './system.js';

const ARCHIVES = join(CORPUS_DIR, 'archives');

describe('console on the real system: the shared archives', { timeout: 600_000 }, () => {
  let sys: ConsoleSystem;
  before(async () => {
    sys = await startConsoleSystem('corpus');
  });
  after(() => sys?.close());

  for (const name of readdirSync(ARCHIVES)
    .filter((f) => f.endsWith('.tar.gz'))
    .sort()) {
    it(`${name}: uploaded from the page, its recommendations on its cluster's page`, async () => {
      const { page, errors } = await sys.page();
      await page.goto(`${sys.url}/upload`);
      await uploadFromPage(page, name, readFileSync(join(ARCHIVES, name)));
      const open = page.getByRole('link', { name: 'Open the cluster' });
      await open.waitFor({ timeout: 120_000 });
      await open.click();
      await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
      const cluster = new URL(page.url()).pathname.split('/').pop() ?? '';
      const report = await proxyJson(sys, `v2/cluster/${cluster}/reports`);
      const expected = (report.report.data ?? []).map((r: { description: string }) => r.description).sort();
      if (expected.length === 0) await page.getByText('Insights found no issue on this cluster.').waitFor();
      else {
        const shown = await columnWhen(page, 'Recommendations for the cluster', (n) => n.length === expected.length);
        assert.deepEqual([...shown].sort(), expected);
      }
      await sys.screenshot(page, `real-corpus-${name.replace(/\.tar\.gz$/, '')}`);
      assert.deepEqual(errors, []);
    });
  }
});
