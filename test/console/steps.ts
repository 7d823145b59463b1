/** Browser steps the console's real-system suites share. */
import type { Page } from 'playwright-core';
import type { ConsoleSystem } from './system.js';

/** Texts of the first column (Name, Description or Namespace) of a table's visible rows. */
export async function firstColumn(page: Page, table: string): Promise<string[]> {
  const t = page.getByRole('grid', { name: table, exact: true });
  await t.waitFor({ timeout: 60_000 });
  const cells = await t
    .locator('tbody tr:not([hidden]) td:is([data-label="Name"], [data-label="Description"], [data-label="Namespace"])')
    .allInnerTexts();
  return cells.map((c) => c.replace(/\s+/g, ' ').trim());
}

/** The first column once `ok` holds (views refresh), else the last seen. */
export async function columnWhen(page: Page, table: string, ok: (names: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
  let names: string[] = [];
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    names = await firstColumn(page, table);
    if (ok(names)) return names;
    await page.waitForTimeout(200);
  }
  return names;
}

/** Presses Tab until the focused element satisfies `ok` (at most `max` times). */
export async function keyboardReach(
  page: Page,
  ok: (el: { tag: string; text: string; label: string }) => boolean,
  max = 80,
): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a?.tagName ?? '', text: (a?.textContent ?? '').trim(), label: a?.getAttribute('aria-label') ?? '' };
    });
    if (ok(el)) return true;
  }
  return false;
}

/** Chooses the archive on the upload page; returns the request ID once the ingress accepted it. */
export async function uploadFromPage(page: Page, name: string, archive: Buffer): Promise<string> {
  await page.locator('#archive-file').setInputFiles({ name, mimeType: 'application/gzip', buffer: archive });
  const id = page.getByTestId('request-id');
  await id.waitFor({ timeout: 30_000 });
  return (await id.textContent()) ?? '';
}

/** A proxy answer through the gateway, as the console's identity. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk response bodies freely
export async function proxyJson(sys: ConsoleSystem, path: string): Promise<any> {
  const identity = Buffer.from(
    JSON.stringify({ identity: { org_id: String(sys.org), account_number: '', type: 'User', user: { user_id: '1', username: 'u' } } }),
  ).toString('base64');
  const res = await fetch(`${sys.url}/api/insights-results-aggregator/${path}`, { headers: { 'x-rh-identity': identity } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
