// Opens the platform test pages (test/e2e/platforms/pages) on the dev server's origin with the
// platform objects faked as asked, starts the agent there, and reads what the collector stored.
//
// The dev server mounts only test/e2e/pages at /e2e/; these pages are served at /e2e-platforms/
// on the same origin by Playwright request interception, so the collector is same-origin exactly
// as it would be for a page the server served itself.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { E2eEnvironment } from '../environment';

export const PAGES_DIR = join(__dirname, 'pages');
export const PAGES_PREFIX = '/e2e-platforms/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  // HbbTV pages are XHTML; Chromium parses application/xhtml+xml as XML the way terminals do
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export interface FakePlatform {
  tizen?: { duid?: string; model?: string; firmware?: string; productinfo?: 'ok' | 'throws'; connection?: number };
  webos?: { deviceInfo?: object; luna?: 'ok' | 'denied' | 'silent' | 'missing'; lgudid?: string };
  hbbtv?: { deviceId?: string; channel?: { onid: number; tsid: number; sid: number } | null };
  storage?: 'ok' | 'throws' | 'missing';
}

export interface PlatformPage {
  page: Page;
  context: BrowserContext;
  /** console messages and page errors, oldest first */
  logs: string[];
}

export interface StartedAgent {
  appSessionId: string;
  platform: string;
  /** agent.platform.info(): the vendor's raw model and firmware (the debug overlay formats them) */
  info: { model: unknown; firmware: unknown } | null;
}

export interface StoredRecord {
  index: number;
  activity: string;
  valid: boolean;
  errors: unknown[];
  contentType: string;
  record: {
    activityName: string;
    deviceId?: string;
    sequence: number;
    metadata: { appSessionId: string; technicalId?: string; contentSource: string; contentType: string; [key: string]: unknown };
  };
}

async function servePages(context: BrowserContext, serverUrl: string): Promise<void> {
  await context.route(
    (url) => url.origin === new URL(serverUrl).origin && url.pathname.startsWith(PAGES_PREFIX),
    async (route) => {
      const relative = normalize(decodeURIComponent(new URL(route.request().url()).pathname.slice(PAGES_PREFIX.length)));
      if (relative.startsWith('..')) return route.fulfill({ status: 404, body: 'outside the pages' });
      try {
        const body = await readFile(join(PAGES_DIR, relative));
        await route.fulfill({
          status: 200,
          body: body,
          headers: { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' },
        });
      } catch {
        await route.fulfill({ status: 404, body: 'not found: ' + relative });
      }
    }
  );
}

/**
 * Opens `file` (platform.html, or hbbtv.xhtml for HbbTV) with `fake` in a new browser context
 * (with `userAgent` if given), or in `reuse` (same origin storage: a "relaunch" of the app).
 */
export async function openPlatformPage(
  env: E2eEnvironment,
  file: 'platform.html' | 'hbbtv.xhtml',
  fake: FakePlatform,
  reuse?: BrowserContext,
  userAgent?: string
): Promise<PlatformPage> {
  const context = reuse ?? (await env.browser.newContext(userAgent ? { userAgent: userAgent } : {}));
  if (!reuse) await servePages(context, env.server.url);
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.stack ?? e.message}`));
  await page.goto(`${env.server.url}${PAGES_PREFIX}${file}?fake=${encodeURIComponent(JSON.stringify(fake))}`, { waitUntil: 'load' });
  return { page, context, logs };
}

export interface AgentConfig {
  profile: object;
  content: object;
  manifest: string;
  identity?: object;
  platform?: string;
  appOnLowMemory?: boolean;
}

export function startAgent(page: Page, config: AgentConfig): Promise<StartedAgent> {
  return page.evaluate((c) => (window as any).__harness.start(c), config);
}

/** A profile against the local collector: http allowed, short intervals unless given. */
export function e2eProfile(serverUrl: string, vault: object = {}, extra: object = {}): object {
  return {
    name: 'e2e-platforms',
    allowInsecure: true,
    contentSource: 'OTT',
    vault: { endpoint: serverUrl, metricsIntervalSeconds: 1, flushIntervalSeconds: 1, errorFlushSeconds: 0, ...vault },
    retry: { baseSeconds: 0.5, maxSeconds: 2 },
    ...extra,
  };
}

let streamCounter = 0;
/** A fresh media token per playback, so byte counts and faults never mix between tests. */
export function streamUrl(serverUrl: string, stream: 'vod-dash/manifest.mpd' | 'live/manifest.mpd'): string {
  return `${serverUrl}/media/platforms-${Date.now()}-${++streamCounter}/${stream}`;
}

export async function recordsOf(serverUrl: string, appSessionId: string, activity = 'playback_metrics'): Promise<StoredRecord[]> {
  const response = await fetch(`${serverUrl}/_collector/records?activity=${activity}`);
  const body = (await response.json()) as { records: StoredRecord[] };
  return body.records.filter((r) => r.record && r.record.metadata && r.record.metadata.appSessionId === appSessionId);
}

/** Polls the collector until `enough` holds for this app session's records, or fails after timeoutMs. */
export async function waitForRecords(
  serverUrl: string,
  appSessionId: string,
  enough: (records: StoredRecord[]) => boolean,
  timeoutMs = 8000
): Promise<StoredRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await recordsOf(serverUrl, appSessionId);
    if (enough(records)) return records;
    if (Date.now() > deadline) {
      throw new Error(
        `collector: condition not met within ${timeoutMs} ms; ${records.length} record(s): ` + JSON.stringify(records.map((r) => r.record).slice(-3))
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function fakeCalls(page: Page): Promise<Array<{ name: string; detail: any }>> {
  return page.evaluate(() => (window as any).__fakeCalls);
}

/**
 * Waits until the page's agent holds at least `count` queued records (taken, not yet sent), polling
 * agent.status() in the page; fails after timeoutMs. Returns the queued count.
 */
export async function waitForQueued(page: Page, count = 1, timeoutMs = 8000): Promise<number> {
  const handle = await page.waitForFunction((min) => (window as any).__harness.status().queued >= min, count, { timeout: timeoutMs, polling: 100 });
  await handle.dispose();
  return (await page.evaluate(() => (window as any).__harness.status())).queued;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
