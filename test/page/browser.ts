/**
 * Headless Chromium for the page tests, launched with the flags that keep it quiet and
 * offline. Close it in `after`.
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** The flags every test browser runs with. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches /usr/bin/chromium headless. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** What went wrong in a page: dialogs opened, uncaught errors, console errors. */
export interface PageProblems {
  dialogs: string[];
  errors: string[];
}

/** Opens a page that records dialogs (dismissing them) and uncaught errors. */
export async function watchedPage(browser: Browser, viewport = { width: 1400, height: 1000 }): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport });
  const problems: PageProblems = { dialogs: [], errors: [] };
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (err) => { problems.errors.push(err.message); });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.errors.push(msg.text()); });
  return { page, problems };
}
