// Drives test/e2e/pages/agent.html (window.app) and reads what the collector stored.
import type { Browser, Page } from 'playwright-core';
import { newPage } from '../browser';

export interface StoredRecord {
  index: number;
  activity: string;
  contentType: string;
  valid: boolean;
  errors: unknown[];
  duplicate: boolean;
  batchIndex: number;
  record: any;
}

export interface AppState {
  currentTime: number;
  duration: number;
  isLive: boolean;
  seekRange: { start: number; end: number };
  playheadDate: number | null;
  bufferedEnd: number;
  now: number;
  bandwidths: number[];
  streamBandwidth: number;
}

type App = { [name: string]: (...args: any[]) => any };

/** The profile the tests run with: the local collector, a short interval, quick flushes. */
export function e2eProfile(serverUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const vault = { endpoint: serverUrl, metricsIntervalSeconds: 2, flushIntervalSeconds: 2, errorFlushSeconds: 0.5, ...(extra.vault as object) };
  return {
    name: 'e2e',
    allowInsecure: true,
    channels: { 'bbc-one': { IPTV: '239.100.1.1', OTT: 'ott-bbc-one-hd' } },
    retry: { baseSeconds: 0.5, maxSeconds: 2, maxPerHour: 3600 }, // tests run minutes, not hours: no hourly retry budget in the way
    ...extra,
    vault,
  };
}

export class AgentPage {
  private constructor(
    readonly page: Page,
    readonly appSessionId: string
  ) {}

  /** `html`: the page, agent.html (the bundle and the persistence add-on) unless said otherwise. */
  static async open(
    browser: Browser,
    serverUrl: string,
    shaka: 4 | 5,
    profile: object,
    identity?: object,
    prepare?: (page: Page) => Promise<void>,
    html = 'agent.html'
  ): Promise<AgentPage> {
    const page = await newPage(browser, `${serverUrl}/e2e/${html}?shaka=${shaka}`, prepare);
    const appSessionId = await page.evaluate(([p, i]) => (window as any).app.start(p, i), [profile, identity] as const);
    return new AgentPage(page, appSessionId);
  }

  call<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(([n, a]) => ((window as any).app as App)[n as string](...(a as unknown[])), [name, args] as const);
  }

  state(): Promise<AppState> {
    return this.call<AppState>('state');
  }

  /** Waits until the playhead has moved `seconds` further on. */
  async playFor(seconds: number): Promise<void> {
    const from = (await this.state()).currentTime;
    await this.page.waitForFunction(([t]) => (window as any).app.state().currentTime >= t, [from + seconds], { timeout: seconds * 1000 + 15000, polling: 100 });
  }

  logs(): Promise<string[]> {
    return this.page.evaluate(() => (window as any).app.logs.slice());
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

export async function collectorRecords(serverUrl: string, query: Record<string, string> = {}): Promise<StoredRecord[]> {
  const response = await fetch(`${serverUrl}/_collector/records?${new URLSearchParams(query)}`);
  return ((await response.json()) as { records: StoredRecord[] }).records;
}

/** Polls the collector until `predicate` holds for the stored records (or times out). */
export async function waitForRecords(
  serverUrl: string,
  predicate: (records: StoredRecord[]) => boolean,
  query: Record<string, string> = {},
  timeoutMs = 15000
): Promise<StoredRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await collectorRecords(serverUrl, query);
    if (predicate(records)) return records;
    if (Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function resetServer(serverUrl: string): Promise<void> {
  await fetch(`${serverUrl}/_collector/reset`, { method: 'POST' });
  await fetch(`${serverUrl}/_server/reset`, { method: 'POST' });
}
