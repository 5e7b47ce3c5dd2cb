// Drives test/e2e/kava/pages/kava.html (window.app: Shaka + the agent + the Kava plugin from their
// bundles) and reads what the local Kava collector stored.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StoredKavaEvent } from '../../../server/kava/kava-routes';
import type { StaticMount } from '../../../server/static-routes';
import { newPage } from '../browser';

export type { StoredKavaEvent };

/** Served by the e2e server at /kava-e2e/. */
export const KAVA_PAGES: StaticMount = { prefix: '/kava-e2e/', dir: join(__dirname, 'pages') };

export interface KavaAppState {
  currentTime: number;
  duration: number;
  paused: boolean;
  ended: boolean;
  isLive: boolean;
  seekRange: { start: number; end: number };
}

export function kavaProfile(serverUrl: string, kava: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'kava-e2e',
    allowInsecure: true,
    vault: { endpoint: serverUrl },
    retry: { baseSeconds: 0.5, maxSeconds: 2 },
    kava: { enabled: true, endpoint: `${serverUrl}/api_v3/index.php`, partnerId: 4321, uiConfId: 99, viewIntervalSeconds: 3, ...kava },
  };
}

export class KavaPage {
  private constructor(
    readonly page: Page,
    readonly appSessionId: string
  ) {}

  static async open(browser: Browser, serverUrl: string, shaka: 4 | 5, profile: object): Promise<KavaPage> {
    const page = await newPage(browser, `${serverUrl}/kava-e2e/kava.html?shaka=${shaka}`);
    const appSessionId = await page.evaluate((p) => (window as any).app.start(p), profile);
    return new KavaPage(page, appSessionId);
  }

  call<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(([n, a]) => (window as any).app[n as string](...(a as unknown[])), [name, args] as const);
  }

  state(): Promise<KavaAppState> {
    return this.call<KavaAppState>('state');
  }

  /** Waits until the playhead reaches `time` (media seconds). */
  async playUntil(time: number, timeoutMs = 20000): Promise<void> {
    await this.page.waitForFunction((t) => (window as any).app.state().currentTime >= t, time, { timeout: timeoutMs, polling: 100 });
  }

  async playFor(seconds: number): Promise<void> {
    await this.playUntil((await this.state()).currentTime + seconds, seconds * 1000 + 15000);
  }

  logs(): Promise<string[]> {
    return this.page.evaluate(() => (window as any).app.logs.slice());
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

export async function kavaEvents(serverUrl: string): Promise<StoredKavaEvent[]> {
  const response = await fetch(`${serverUrl}/_kava/events`);
  return ((await response.json()) as { events: StoredKavaEvent[] }).events;
}

/** Polls the collector until `predicate` holds for this app's events (or times out), and returns them. */
export async function waitForKavaEvents(
  serverUrl: string,
  appSessionId: string,
  predicate: (events: StoredKavaEvent[]) => boolean,
  timeoutMs = 15000
): Promise<StoredKavaEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = (await kavaEvents(serverUrl)).filter((e) => (e.params.sessionId || '').indexOf(appSessionId + ':') === 0);
    if (predicate(events) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function resetKava(serverUrl: string, config: Record<string, unknown> = {}): Promise<void> {
  await fetch(`${serverUrl}/_kava/reset`, { method: 'POST' });
  await fetch(`${serverUrl}/_server/reset`, { method: 'POST' });
  await fetch(`${serverUrl}/_kava/config`, { method: 'POST', body: JSON.stringify({ viewIntervalSeconds: 3, ...config }) });
}

export async function injectKavaFault(serverUrl: string, status: number, count = 1): Promise<void> {
  await fetch(`${serverUrl}/_kava/faults`, { method: 'POST', body: JSON.stringify({ status, count }) });
}
