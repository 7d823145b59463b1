// @requires chromium
// The built console in Chromium against the dev data server (the smart proxy contract from fixtures): lists,
// filters and sort in the URL, deep links by total risk, disable/enable per cluster with feedback, org-wide
// disable (ack) and enable, votes and rating, on-demand gathering status, keyboard-only use, loading and
// error states (proxy down, an upstream unavailable, a launcher's service stopped) with recovery, no console errors. Each main page is
// saved as a screenshot under web-console/.cache/screenshots/.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildConsole, consoleDir, type Harness, startHarness } from './console-harness.ts';

const RULE = 'ccx_rules_ocp.external.rules.nodes_requirements_check|NODES_MINIMUM_REQUIREMENTS_NOT_MET';
const CRITICAL = 'ccx_rules_ocp.external.rules.cluster_wide_proxy_auth_check|AUTH_OPERATOR_PROXY_ERROR';
const EAST = '34c3ecc5-624a-49a5-bab8-4fdc5e51a266';
const STAGING = '5d5892d3-1f74-4ccf-91af-548dfc9767aa';

let h: Harness;
before(async () => {
  h = await startHarness(await buildConsole());
});
after(() => h?.close());
beforeEach(async () => {
  h.server.setMode('up');
  await fetch(`${h.server.url}/__dev/reset`, { method: 'POST' });
});

async function open(path: string) {
  const { page, errors } = await h.page();
  await page.goto(`${h.server.url}${path}`);
  return { page, errors };
}

function table(page: Page, name: string) {
  // PatternFly tables have the grid role.
  return page.getByRole('grid', { name, exact: true });
}

/** Names in the first data column of a table's visible rows (whitespace collapsed). */
async function firstColumn(page: Page, name: string): Promise<string[]> {
  const t = table(page, name);
  await t.waitFor();
  const cells = await t
    .locator('tbody tr:not([hidden]) td[data-label="Name"], tbody tr:not([hidden]) td[data-label="Description"]')
    .allInnerTexts();
  return cells.map((c) => c.replace(/\s+/g, ' ').trim());
}

/** The first column once it satisfies `ok` (the view re-renders after a URL or data change), else the last seen. */
async function columnWhen(page: Page, name: string, ok: (names: string[]) => boolean): Promise<string[]> {
  let names: string[] = [];
  for (let i = 0; i < 100; i++) {
    names = await firstColumn(page, name);
    if (ok(names)) return names;
    await page.waitForTimeout(100);
  }
  return names;
}

const ofLength = (n: number) => (names: string[]) => names.length === n;

test('overview: counts and the chart of hits by total risk, each bar a link to the filtered list', async () => {
  const { page, errors } = await open('/');
  await page.waitForURL(/\/overview$/);
  await page.getByRole('link', { name: 'Critical: 1 hits' }).waitFor();
  assert.equal(await page.getByTestId('cluster-count').textContent(), '5');
  await h.screenshot(page, 'overview');
  await page.getByRole('link', { name: /^Important: \d+ hits$/ }).click();
  await page.waitForURL(/\/clusters\?total_risk=3$/);
  assert.ok((await firstColumn(page, 'Clusters')).length >= 1);
  assert.deepEqual(errors, []);
});

test('recommendations list: highest risk first, filters and sort live in the URL, rows expand', async () => {
  const { page, errors } = await open('/recommendations');
  const names = await firstColumn(page, 'Recommendations');
  assert.equal(names.length, 5, 'the impacting, enabled recommendations');
  assert.match(names[0]!, /authentication operator/);
  await h.screenshot(page, 'recommendations');

  await page.getByRole('combobox', { name: 'Total risk', exact: true }).selectOption('3');
  await page.waitForURL(/total_risk=3/);
  assert.equal((await columnWhen(page, 'Recommendations', ofLength(2))).length, 2);
  await page.getByRole('combobox', { name: 'Category', exact: true }).selectOption('performance');
  assert.deepEqual(await columnWhen(page, 'Recommendations', ofLength(1)), ['Nodes do not meet the minimum hardware requirements']);
  assert.match(page.url(), /category=performance/);

  // Reloading the URL gives the same view.
  await page.reload();
  assert.deepEqual(await firstColumn(page, 'Recommendations'), ['Nodes do not meet the minimum hardware requirements']);

  await page.goto(`${h.server.url}/recommendations?impacting=no`);
  assert.deepEqual(await firstColumn(page, 'Recommendations'), ['Samples operator failed to import images']);
  await page.goto(`${h.server.url}/recommendations?text=zzz`);
  await page.getByText('No recommendations match').waitFor();

  await page.goto(`${h.server.url}/recommendations`);
  await page.getByRole('button', { name: 'Name' }).click();
  await page.waitForURL(/sort=description&dir=asc/);
  const byName = (names: string[]) => names.join() === [...names].sort((a, b) => a.localeCompare(b)).join();
  const sorted = await columnWhen(page, 'Recommendations', byName);
  assert.ok(byName(sorted) && sorted.length === 5, sorted.join(' / '));

  await page.getByRole('button', { name: 'Details' }).first().click();
  await page
    .getByText(/evicted, throttled or fail|cannot reach its route|blocks the upgrade|cannot store images|no longer receives/)
    .first()
    .waitFor();
  assert.deepEqual(errors, []);
});

test('recommendation: affected clusters, disable for one cluster with feedback, enable again, rating', async () => {
  const { page, errors } = await open(`/recommendations/${encodeURIComponent(RULE)}`);
  await page.getByRole('heading', { name: 'Nodes do not meet the minimum hardware requirements', level: 2 }).waitFor();
  assert.deepEqual(await firstColumn(page, 'Affected clusters'), ['production-east', 'staging']);
  await h.screenshot(page, 'recommendation');

  await page.getByRole('button', { name: 'Disable for cluster staging' }).click();
  await page.getByLabel('Feedback (optional)').fill('A lab cluster, small on purpose');
  await page.getByRole('button', { name: 'Disable', exact: true }).click();
  await page.getByText('Recommendation disabled for staging').waitFor();
  await table(page, 'Clusters the recommendation is disabled for').waitFor();
  assert.deepEqual(await columnWhen(page, 'Affected clusters', ofLength(1)), ['production-east']);
  await page.getByText('A lab cluster, small on purpose').waitFor();
  assert.equal(h.server.model.disables.get(`${STAGING}|${RULE}`)?.feedback, 'A lab cluster, small on purpose');

  await page.getByRole('button', { name: 'Enable for cluster staging' }).click();
  await page.getByText('Recommendation enabled for staging').waitFor();
  await table(page, 'Clusters the recommendation is disabled for').waitFor({ state: 'detached' });
  assert.deepEqual(await columnWhen(page, 'Affected clusters', ofLength(2)), ['production-east', 'staging']);

  const helpful = page.getByRole('button', { name: 'Helpful', exact: true });
  await helpful.click();
  await page.getByText('Thank you for your feedback').waitFor();
  assert.equal(await helpful.getAttribute('aria-pressed'), 'true');
  assert.equal(h.server.model.ratings.get(RULE), 1);
  assert.deepEqual(errors, []);
});

test('org-wide disable (ack) and enable: status, list filter and affected clusters follow', async () => {
  const { page, errors } = await open(`/recommendations/${encodeURIComponent(CRITICAL)}`);
  await page.getByRole('button', { name: 'Disable recommendation' }).click();
  await page.getByLabel('Justification (optional)').fill('Accepted risk');
  await page.getByRole('button', { name: 'Disable', exact: true }).click();
  await page.getByText('Recommendation is disabled').waitFor();
  await page.getByText('Justification: Accepted risk').waitFor();
  assert.equal(h.server.model.acks.get(CRITICAL)?.justification, 'Accepted risk');
  await page.getByText('No affected clusters').waitFor();

  await page.goto(`${h.server.url}/recommendations`);
  assert.equal(
    (await firstColumn(page, 'Recommendations')).some((n) => /authentication operator/.test(n)),
    false,
  );
  await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('disabled');
  assert.equal((await columnWhen(page, 'Recommendations', ofLength(1))).length, 1);

  await page.getByRole('link', { name: /authentication operator/ }).click();
  await page.getByRole('button', { name: 'Enable recommendation' }).click();
  await page.getByText('Recommendation enabled').waitFor();
  assert.equal(h.server.model.acks.has(CRITICAL), false);
  assert.deepEqual(await firstColumn(page, 'Affected clusters'), ['production-east']);
  assert.deepEqual(errors, []);
});

test('clusters list: hits by total risk, no-data clusters, deep link by total risk into the cluster', async () => {
  const { page, errors } = await open('/clusters');
  const names = await firstColumn(page, 'Clusters');
  assert.equal(names.length, 5);
  assert.match(names[0]!, /production-east|staging/);
  await page.getByText('No Insights data yet').waitFor();
  await h.screenshot(page, 'clusters');

  await page.getByLabel('Filter by name').fill('rosa');
  await page.waitForURL(/text=rosa/);
  assert.deepEqual(await columnWhen(page, 'Clusters', ofLength(1)), ['rosa-analytics Managed']);
  await page.getByLabel('Filter by name').fill('');

  await page.getByRole('link', { name: '1 Critical recommendations on production-east' }).click();
  await page.waitForURL(new RegExp(`/clusters/${EAST}\\?total_risk=4$`));
  const hits = await columnWhen(page, 'Recommendations for the cluster', ofLength(1));
  assert.equal(hits.length, 1);
  assert.match(hits[0]!, /authentication operator/);
  assert.deepEqual(errors, []);
});

test('cluster: reason rendered from extra_data, votes, disable and show disabled, gathering status', async () => {
  const { page, errors } = await open(`/clusters/${EAST}`);
  assert.equal((await firstColumn(page, 'Recommendations for the cluster')).length, 3);
  await page.getByRole('button', { name: 'Details' }).nth(1).click();
  await page.getByText('Node worker-2 has 7.5 GiB of memory; the minimum for its role is 8 GiB.').waitFor();
  await page.getByText('Waiting to be processed').waitFor();
  await page.getByText('Processed 2026-11-30 10:06 UTC', { exact: true }).waitFor();
  await h.screenshot(page, 'cluster');

  const like = page.getByRole('button', { name: 'Helpful: Nodes do not meet the minimum hardware requirements', exact: true });
  await like.click();
  await page.getByText('Vote recorded').first().waitFor();
  await page.waitForFunction(
    () =>
      document
        .querySelector('[aria-label="Helpful: Nodes do not meet the minimum hardware requirements"]')
        ?.getAttribute('aria-pressed') === 'true',
  );
  assert.equal(h.server.model.votes.get(`${EAST}|${RULE}`), 1);

  const row = page.getByRole('row', { name: /Nodes do not meet/ });
  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('button', { name: 'Disable', exact: true }).click();
  await page.getByText('Disabled: Nodes do not meet the minimum hardware requirements').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('td[data-label="Description"]').length === 2);
  // A click, not check(): the box is URL state, so the page reloads its data and renders it anew; what the
  // user sees is the URL, the disabled row, and the box checked once the new data is shown.
  await page.getByLabel('Include disabled recommendations').click();
  await page.waitForURL(/show_disabled=true/);
  await page.getByRole('row', { name: /Nodes do not meet.*Disabled/ }).waitFor();
  await page.waitForFunction(() => (document.getElementById('show-disabled') as HTMLInputElement | null)?.checked === true);
  await page
    .getByRole('row', { name: /Nodes do not meet/ })
    .getByRole('button', { name: 'Enable' })
    .click();
  await page.getByText('Enabled: Nodes do not meet the minimum hardware requirements').waitFor();
  assert.equal(h.server.model.disables.size, 0);
  assert.deepEqual(errors, []);
});

test('empty states: a cluster without data, a healthy cluster', async () => {
  const { page, errors } = await open('/clusters/8f9e0d1c-2b3a-4c5d-8e7f-9a0b1c2d3e4f');
  await page.getByText('No Insights data for this cluster yet').waitFor();
  await page.getByText('No on-demand gathering requests for this cluster.').waitFor();
  await page.goto(`${h.server.url}/clusters/7c8a1f32-0d0e-4c45-9a6e-1b2c3d4e5f60`);
  await page.getByText('Insights found no issue on this cluster.').waitFor();
  // The 404s of the first page are expected answers; the browser logs them as failed resources only.
  assert.deepEqual(
    errors.filter((e) => !/status of 404/.test(e)),
    [],
  );
});

test('loading state: a labelled spinner while the proxy has not answered', async () => {
  h.server.setMode('hold');
  const { page, errors } = await open('/clusters');
  await page.getByRole('progressbar', { name: 'Loading clusters' }).waitFor();
  assert.equal(await table(page, 'Clusters').count(), 0);
  h.server.setMode('up');
  assert.equal((await firstColumn(page, 'Clusters')).length, 5);
  await page.getByRole('progressbar').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('proxy down or an upstream unavailable: a clear message, then recovery with Try again', async () => {
  h.server.setMode('down');
  const { page } = await open('/clusters');
  await page.getByRole('heading', { name: 'The smart proxy cannot be reached' }).waitFor();
  await h.screenshot(page, 'proxy-down');
  h.server.setMode('up');
  await page.getByRole('button', { name: 'Try again' }).click();
  assert.equal((await columnWhen(page, 'Clusters', ofLength(5))).length, 5);

  h.server.setMode('unavailable');
  await page.goto(`${h.server.url}/recommendations`);
  await page.getByRole('heading', { name: 'Aggregator service is unavailable' }).waitFor();
  await page.getByText('The smart proxy answered: Aggregator service is unreachable.').waitFor();
  h.server.setMode('up');
  await page.getByRole('button', { name: 'Try again' }).click();
  assert.equal((await firstColumn(page, 'Recommendations')).length, 5);
});

test('a service the launcher reports not running: a banner saying what waits for it, gone when it is back', async () => {
  const { page, errors } = await open('/clusters');
  await firstColumn(page, 'Clusters');
  assert.equal(await page.getByRole('region', { name: 'Service status' }).count(), 0);
  await fetch(`${h.server.url}/__dev/services?stopped=ccx-data-pipeline`, { method: 'POST' });
  const banner = page.getByText('ccx-data-pipeline is not running (it stopped)');
  await banner.waitFor();
  await page.getByText('Uploaded archives wait until it is back').waitFor();
  await h.screenshot(page, 'service-stopped-banner');
  await fetch(`${h.server.url}/__dev/services`, { method: 'POST' });
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('keyboard only: skip link, sort header, open a recommendation, disable through the dialog', async () => {
  const { page, errors } = await open('/recommendations');
  await firstColumn(page, 'Recommendations');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');

  // Tab to the first recommendation link, then Enter.
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(
      () => /authentication operator/.test(document.activeElement?.textContent ?? '') && document.activeElement?.tagName === 'A',
    );
  }
  assert.ok(found, 'the first recommendation link is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/recommendations/${encodeURIComponent(CRITICAL).replace(/[|.]/g, '\\$&')}$`));

  // The dialog: reach the row's Disable button, type feedback (focus starts in the text area), submit with Enter.
  const disable = page.getByRole('button', { name: 'Disable for cluster production-east' });
  await disable.waitFor();
  await disable.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('via keyboard');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('Recommendation disabled for production-east').waitFor();
  assert.equal(h.server.model.disables.get(`${EAST}|${CRITICAL}`)?.feedback, 'via keyboard');

  // Sorting from the keyboard.
  await page.goto(`${h.server.url}/clusters`);
  await firstColumn(page, 'Clusters');
  await page.getByRole('button', { name: 'Name' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/sort=cluster_name/);
  assert.deepEqual(errors, []);
});

test('built for a base path: served under /console/, links and reloads stay under it', async () => {
  const dist = await buildConsole(`${consoleDir}.cache/test-dist-base`, '/console/');
  const other = await startHarness(dist, '/console/');
  try {
    const { page, errors } = await other.page();
    await page.goto(`${other.server.url}/console/`);
    await page.waitForURL(/\/console\/overview$/);
    await page.getByRole('link', { name: 'Clusters', exact: true }).click();
    await page.waitForURL(/\/console\/clusters$/);
    await page.reload();
    assert.equal((await firstColumn(page, 'Clusters')).length, 5);
    assert.deepEqual(errors, []);
  } finally {
    await other.close();
  }
});
