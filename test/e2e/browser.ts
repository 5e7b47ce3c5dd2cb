// Headless Chromium for end-to-end tests, driven by playwright-core.
// The browser is CHROME_PATH if set, else the Chromium packed in @sparticuz/chromium (unpacked
// to the OS temp dir on first use, about 2 s).
import { chromium as playwright, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Flags from @sparticuz/chromium that would make the tests lie about real browsers. */
const UNWANTED_FLAGS = [
  '--disable-web-security', // CORS must be enforced: the collector's preflight handling is under test
  '--allow-running-insecure-content',
  '--single-process', // one crashing page would take the whole browser down
  '--no-zygote', // only needed with --single-process
  '--headless', // Playwright adds its own; the packed value "'shell'" carries literal quotes
];

const EXTRA_FLAGS = [
  '--no-sandbox',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface LaunchOptions {
  /** Show stdout/stderr of the browser process (debugging). */
  verbose?: boolean;
  /** More Chromium switches (the benchmark's `--js-flags`). */
  args?: string[];
}

type Sparticuz = typeof import('@sparticuz/chromium').default;

async function loadSparticuz(): Promise<Sparticuz> {
  // ESM build through import(), CommonJS build (module.exports = class) through require.
  const mod = (await import('@sparticuz/chromium')) as unknown as { default?: Sparticuz } & Sparticuz;
  return mod.default ?? mod;
}

export async function chromiumArgs(): Promise<string[]> {
  const sparticuz = await loadSparticuz();
  const packed = sparticuz.args.filter((arg) => !UNWANTED_FLAGS.some((flag) => arg === flag || arg.startsWith(flag + '=')));
  return [...new Set([...packed, ...EXTRA_FLAGS])];
}

export async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  return (await loadSparticuz()).executablePath();
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh, temporary user-data-dir
 * and deletes it on close (a --user-data-dir flag is refused by launch()).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromiumExecutable(),
    args: [...(await chromiumArgs()), ...(options.args ?? [])],
    headless: true,
    timeout: 60_000,
    ...(options.verbose ? { logger: { isEnabled: () => true, log: (name, _severity, message) => console.log(`[${name}] ${String(message)}`) } } : {}),
  });
}

export interface PageLogEntry {
  type: string;
  text: string;
}

const pageLogs = new WeakMap<Page, PageLogEntry[]>();
const MAX_LOG_ENTRIES = 500;

/**
 * Opens `url` in a new page (fresh context) and records its console output and page errors.
 * `prepare` runs before the page loads (the benchmark's probe and headers).
 */
export async function newPage(browser: Browser, url: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (prepare) await prepare(page);
  const logs: PageLogEntry[] = [];
  pageLogs.set(page, logs);
  const keep = (entry: PageLogEntry) => {
    logs.push(entry);
    if (logs.length > MAX_LOG_ENTRIES) logs.shift();
  };
  page.on('console', (message: ConsoleMessage) => keep({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => keep({ type: 'pageerror', text: error.stack ?? error.message }));
  page.on('close', () => void context.close().catch(() => undefined));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Console messages and uncaught errors of a page opened with newPage(), oldest first. */
export function logsOf(page: Page): PageLogEntry[] {
  return [...(pageLogs.get(page) ?? [])];
}
