// Browser-test harness: builds the console (Vite, into .cache/test-dist so the tests see the current sources),
// serves it with the dev data server and drives Debian's Chromium through playwright-core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { type DataServer, startDataServer } from '../dev/server.ts';

export const consoleDir = new URL('..', import.meta.url).pathname;
export const screenshotDir = join(consoleDir, '.cache/screenshots');

export async function buildConsole(outDir = join(consoleDir, '.cache/test-dist'), base = '/'): Promise<string> {
  const previous = process.env.WEB_CONSOLE_BASE;
  process.env.WEB_CONSOLE_BASE = base;
  try {
    await build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (previous === undefined) delete process.env.WEB_CONSOLE_BASE;
    else process.env.WEB_CONSOLE_BASE = previous;
  }
  return outDir;
}

export interface Harness {
  server: DataServer;
  browser: Browser;
  /** A fresh page that records console errors and failed page scripts. */
  page(): Promise<{ page: Page; errors: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(distDir: string, basePath = '/'): Promise<Harness> {
  const server = await startDataServer({ distDir, basePath });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    server,
    browser,
    async page() {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      return { page, errors };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
