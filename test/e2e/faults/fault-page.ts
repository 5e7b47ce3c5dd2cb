// Pieces for the delivery fault suites: the agent page with its Vault requests logged from inside
// the page (send and answer times on the page's clock, bodies, statuses, timeouts), the collector's
// fault injection and clock, and the checks every suite makes on what arrived.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AgentPage, StoredRecord, collectorRecords, resetServer } from '../agent/agent-page';
import { useE2eEnvironment, type E2eEnvironment } from '../environment';
import type { FaultRule } from '../../../server/collector/fault-queue';

export const VAULT_PATH = '/useractivityvault/v1/useractivity/';

/** One Vault request as the page made it. */
export interface LoggedRequest {
  url: string;
  activity: string;
  sentAt: number;
  /** page clock when the answer (or failure) came; null while in flight */
  endedAt: number | null;
  /** HTTP status; 0 for a network error, a timeout or a dropped connection; null while in flight */
  status: number | null;
  timedOut: boolean;
  eventIds: string[];
  sequences: number[];
}

/**
 * Logs every XMLHttpRequest to the collector from inside the page. Call before the agent sends
 * anything (the first flush comes after the first record).
 */
export async function logVaultRequests(page: Page): Promise<void> {
  await page.evaluate((vaultPath) => {
    const w = window as any;
    if (w.vaultRequests) return;
    const log: any[] = (w.vaultRequests = []);
    const proto = XMLHttpRequest.prototype as any;
    const open = proto.open;
    const send = proto.send;
    proto.open = function (this: any, method: string, url: string) {
      this.vaultUrl = String(url);
      return open.apply(this, arguments as any);
    };
    proto.send = function (this: any, body: unknown) {
      const url: string = this.vaultUrl || '';
      if (url.indexOf(vaultPath) >= 0) {
        let records: any[] = [];
        try {
          const parsed = JSON.parse(String(body));
          records = Array.isArray(parsed) ? parsed : [parsed];
        } catch (e) {
          records = [];
        }
        const entry = {
          url,
          activity: url.substring(url.lastIndexOf('/') + 1),
          sentAt: Date.now(),
          endedAt: null as number | null,
          status: null as number | null,
          timedOut: false,
          eventIds: records.map((r) => r.eventId),
          sequences: records.map((r) => r.sequence),
        };
        log.push(entry);
        this.addEventListener('timeout', () => {
          entry.timedOut = true;
        });
        this.addEventListener('loadend', () => {
          entry.status = this.status;
          entry.endedAt = Date.now();
        });
      }
      return send.apply(this, arguments as any);
    };
  }, VAULT_PATH);
}

export function vaultRequests(app: AgentPage, activity = 'playback_metrics'): Promise<LoggedRequest[]> {
  return app.page.evaluate((a) => ((window as any).vaultRequests as LoggedRequest[]).filter((r) => r.activity === a), activity);
}

export type { FaultRule };

export async function injectFaults(serverUrl: string, rules: FaultRule[]): Promise<void> {
  const response = await fetch(`${serverUrl}/_collector/faults`, { method: 'POST', body: JSON.stringify(rules) });
  expect(response.status, await response.clone().text()).to.equal(200);
}

export async function pendingFaults(serverUrl: string): Promise<unknown[]> {
  return ((await (await fetch(`${serverUrl}/_collector/faults`)).json()) as { faults: unknown[] }).faults;
}

export async function setCollectorClock(serverUrl: string, offsetMs: number): Promise<void> {
  const response = await fetch(`${serverUrl}/_collector/clock`, { method: 'POST', body: JSON.stringify({ offsetMs }) });
  expect(response.status).to.equal(200);
}

/** Polls `probe` until it returns a value `done` accepts; returns the last value (the caller asserts). */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface AgentStatus {
  queued: number;
  sent: number;
  dropped: number;
  retrying: number;
  overflowed: number;
  refused: number;
}

/**
 * Ends the playback (its final record), then waits until the agent holds nothing and nothing is in
 * flight; returns what the collector stored for this page's app session, in arrival order.
 */
export async function settle(app: AgentPage, serverUrl: string, timeoutMs = 20000): Promise<StoredRecord[]> {
  await app.call('end');
  const status = await pollUntil(
    async () => {
      await app.call('flush');
      return app.call<AgentStatus>('status');
    },
    (s) => s.queued === 0 && s.retrying === 0,
    timeoutMs,
    250
  );
  expect(status, 'agent status after settling').to.include({ queued: 0, retrying: 0 });
  const inFlight = await pollUntil(
    () => app.page.evaluate(() => ((window as any).vaultRequests as LoggedRequest[]).filter((r) => r.endedAt === null).length),
    (n) => n === 0,
    timeoutMs
  );
  expect(inFlight, 'requests still in flight').to.equal(0);
  return (await collectorRecords(serverUrl)).filter((r) => r.record?.metadata?.appSessionId === app.appSessionId);
}

/** Every record the agent sent was stored exactly once (by eventId), none invalid, and in order per activity. */
export function expectExactlyOnceInOrder(stored: StoredRecord[], sent: LoggedRequest[], activities = ['playback_metrics', 'playerError']): void {
  expect(
    stored.filter((r) => !r.valid).map((r) => r.errors),
    'invalid records'
  ).to.deep.equal([]);
  const ids = stored.map((r) => r.record.eventId);
  expect(ids.length - new Set(ids).size, 'records stored twice').to.equal(0);
  const sentIds = new Set(sent.flatMap((r) => r.eventIds));
  for (const id of sentIds) expect(ids, 'sent but never stored: ' + id).to.include(id);
  for (const activity of activities) {
    const sequences = stored.filter((r) => r.activity === activity).map((r) => r.record.sequence);
    expect(sequences, activity + ' sequences in arrival order').to.deep.equal(sequences.map((_, i) => i + 1));
  }
}

/** No two requests of one activity were ever in flight together. */
export function expectOneInFlight(requests: LoggedRequest[]): void {
  for (let i = 1; i < requests.length; i++) {
    expect(requests[i].sentAt, `request ${i} sent before request ${i - 1} was answered`).to.be.at.least(requests[i - 1].endedAt ?? Infinity);
  }
}

/** A fault suite's fixture: `url` of a server reset before each test, and `app`, closed after it. */
export interface FaultSuite {
  env: () => E2eEnvironment;
  url: string;
  app: AgentPage | undefined;
}

export function useFaultSuite(): FaultSuite {
  const suite: FaultSuite = { env: useE2eEnvironment(), url: '', app: undefined };
  beforeEach(async () => {
    suite.url = suite.env().server.url;
    await resetServer(suite.url);
  });
  afterEach(async () => {
    await suite.app?.close();
    suite.app = undefined;
  });
  return suite;
}
