// Drives test/e2e/pages/player.html (window.e2e) from Node.
import type { Page } from 'playwright-core';
import type { TokenReport } from '../../server/media/byte-counter';

export interface PlayerSnapshot {
  shakaVersion: string;
  currentTime: number;
  paused: boolean;
  readyState: number;
  isLive: boolean;
  seekRange: { start: number; end: number };
  /** getPlayheadTimeAsDate() in ms since epoch, live only. */
  playheadDate: number | null;
  /** Date.now() in the page when the snapshot was taken. */
  now: number;
  bytesDownloaded: number;
  streamBandwidth: number;
  variantBandwidths: number[];
  errors: unknown[];
}

interface E2eWindow {
  e2e: { load(src: string, config?: unknown): Promise<PlayerSnapshot>; snapshot(): PlayerSnapshot };
}

/** A rejected load(): the fields of the shaka.util.Error, which cannot cross page.evaluate as is. */
export class ShakaLoadError extends Error {
  constructor(
    readonly code: number,
    readonly category: number,
    readonly severity: number,
    readonly data: string
  ) {
    super(`Shaka load failed: code ${code}, category ${category}, severity ${severity}, data ${data}`);
  }
}

type LoadOutcome = { snapshot: PlayerSnapshot } | { error: { code: number; category: number; severity: number; data: string } };

/** Loads `src` in the page's player and starts playback; rejects with a ShakaLoadError. */
export async function load(page: Page, src: string, config?: unknown): Promise<PlayerSnapshot> {
  const outcome: LoadOutcome = await page.evaluate(
    ([s, c]) =>
      (window as unknown as E2eWindow).e2e.load(s as string, c).then(
        (snapshot) => ({ snapshot }),
        (e: { code?: number; category?: number; severity?: number; data?: unknown; message?: string }) => ({
          error: { code: e.code ?? -1, category: e.category ?? -1, severity: e.severity ?? -1, data: String(e.data ?? e.message) },
        })
      ),
    [src, config] as const
  );
  if ('error' in outcome) {
    const { code, category, severity, data } = outcome.error;
    throw new ShakaLoadError(code, category, severity, data);
  }
  return outcome.snapshot;
}

/** Starts loading without waiting: for streams where load() may never settle. */
export async function startLoad(page: Page, src: string, config?: unknown): Promise<void> {
  await page.evaluate(
    ([s, c]) => {
      (window as unknown as E2eWindow).e2e.load(s as string, c).catch(() => undefined);
    },
    [src, config] as const
  );
}

export async function snapshot(page: Page): Promise<PlayerSnapshot> {
  return page.evaluate(() => (window as unknown as E2eWindow).e2e.snapshot());
}

/** Loads `src`, then waits until the playhead has moved `seconds` from where playback started. */
export async function playFor(page: Page, src: string, seconds: number, timeoutMs = 15_000): Promise<{ before: PlayerSnapshot; after: PlayerSnapshot }> {
  const before = await load(page, src);
  await page.waitForFunction(([from, s]) => (window as unknown as E2eWindow).e2e.snapshot().currentTime >= from + s, [before.currentTime, seconds] as const, {
    timeout: timeoutMs,
    polling: 100,
  });
  return { before, after: await snapshot(page) };
}

export async function fetchBytes(serverUrl: string, token: string): Promise<TokenReport> {
  const response = await fetch(`${serverUrl}/_server/bytes?token=${encodeURIComponent(token)}`);
  return (await response.json()) as TokenReport;
}
