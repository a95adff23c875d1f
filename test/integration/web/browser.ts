/**
 * Debian's Chromium driven by playwright-core (no browser download): one browser per test file, a fresh
 * context per test. Dialogs are recorded (an XSS would open one) and dismissed.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/** Where `apt-get install chromium` puts it (scripts/setup.sh installs it). */
export const CHROMIUM = process.env.KARAFKA_CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A page that records every dialog it was asked to open and every error of its own scripts. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly dialogs: string[];
  readonly pageErrors: string[];
}

/** A new context and page. */
export async function openPage(
  browser: Browser,
  options: { httpCredentials?: { username: string; password: string } } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...(options.httpCredentials === undefined ? {} : { httpCredentials: options.httpCredentials }),
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, dialogs, pageErrors };
}

/** The token the browser tests' UIs accept. */
export const TOKEN = 'test-token-0123456789';

/** Where screenshots go when KARAFKA_WEB_SCREENSHOTS is set (docs/web-ui.md shows them). */
const SCREENSHOTS = process.env.KARAFKA_WEB_SCREENSHOTS === undefined ? undefined : path.resolve('docs/images/web-ui');

/** Saves the page as docs/images/web-ui/<name>.png when KARAFKA_WEB_SCREENSHOTS is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS === undefined) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Logs in on the UI at `url` with `TOKEN` and waits for the dashboard. */
export async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}login`);
  await page.fill('input[name=token]', TOKEN);
  await Promise.all([page.waitForURL(url), page.click('button[type=submit]')]);
}
