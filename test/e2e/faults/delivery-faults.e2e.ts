// Delivery under collector faults with real XHR in Chromium and real Shaka 4.16: the local
// collector's fault injection answers the agent's requests with retryable and non-retryable
// statuses, Retry-After in both forms, timeouts, dropped connections, slow answers, garbage and
// huge bodies, and a shifted Date header. Short retry settings keep the suite quick.
import { expect } from 'chai';
import { AgentPage, collectorRecords, e2eProfile } from '../agent/agent-page';
import {
  AgentStatus,
  expectExactlyOnceInOrder,
  expectOneInFlight,
  FaultRule,
  injectFaults,
  logVaultRequests,
  LoggedRequest,
  pendingFaults,
  pollUntil,
  setCollectorClock,
  settle,
  vaultRequests,
  useFaultSuite,
} from './fault-page';

const DAY_MS = 86400000;

describe('e2e faults: delivery through a misbehaving collector (Shaka 4.16)', function () {
  this.timeout(60000);
  const t = useFaultSuite();
  const env = t.env;
  let playbackCount = 0;

  /** The agent page with metrics every second, flushes every `flushSeconds`, requests logged, a VOD playing. */
  async function playing(
    options: { flushSeconds?: number; timeoutSeconds?: number; beforeLoad?: (page: AgentPage) => Promise<void> } = {}
  ): Promise<AgentPage> {
    const profile = e2eProfile(t.url, {
      vault: {
        metricsIntervalSeconds: 1,
        flushIntervalSeconds: options.flushSeconds ?? 2,
        errorFlushSeconds: 0.5,
        requestTimeoutSeconds: options.timeoutSeconds ?? 20,
      },
      // no retry budget: these tests retry many times a minute (the budget has tests of its own)
      retry: { baseSeconds: 0.5, maxSeconds: 2, maxPerHour: 3600 },
    });
    t.app = await AgentPage.open(env().browser, t.url, 4, profile, { accountId: 'acc-faults' });
    await logVaultRequests(t.app.page);
    await t.app.call('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-faults' });
    if (options.beforeLoad) await options.beforeLoad(t.app);
    expect(await t.app.call('load', `${t.url}/media/faults${++playbackCount}/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
    return t.app;
  }

  async function faultsConsumed(timeoutMs = 20000): Promise<void> {
    expect(
      await pollUntil(
        () => pendingFaults(t.url),
        (f) => f.length === 0,
        timeoutMs
      ),
      'faults still pending'
    ).to.deep.equal([]);
  }

  /** Waits until `count` metrics requests after the faulted ones have been answered. */
  async function answeredRequests(page: AgentPage, count: number): Promise<LoggedRequest[]> {
    return pollUntil(
      () => vaultRequests(page),
      (log) => log.filter((r) => r.endedAt !== null).length >= count
    );
  }

  function status(page: AgentPage): Promise<AgentStatus> {
    return page.call<AgentStatus>('status');
  }

  function isPrefix(prefix: string[], of: string[]): boolean {
    return prefix.length > 0 && prefix.every((id, i) => of[i] === id);
  }

  it('retries each retryable status (408, 429, 500, 502, 503, 504) with a growing delay and delivers every record once, in order', async () => {
    const statuses = [408, 429, 500, 502, 503, 504];
    await playing({
      beforeLoad: async (page) => {
        // a failed load() gives a playerError record; its first two deliveries fail too
        await injectFaults(t.url, [
          { path: 'playerError', status: 503 },
          { path: 'playerError', status: 429 },
        ]);
        expect(await page.call('load', `${t.url}/media/faults-404~404=manifest.mpd/vod-dash/manifest.mpd`)).to.include({ ok: false, code: 1001 });
      },
    });
    // Chromium itself resends a request answered 408 on a reused keep-alive connection (a few
    // times), so the 408 is injected until the agent sees it.
    const rules: FaultRule[] = [{ path: 'playback_metrics', status: 408, count: 6 }];
    await injectFaults(t.url, rules.concat(statuses.slice(1).map((status) => ({ path: 'playback_metrics' as const, status }))));
    await faultsConsumed();
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    const errors = await vaultRequests(t.app!, 'playerError');
    const seen = metrics.map((r) => r.status).filter((s) => s !== 200);
    expect(seen.filter((s, i) => s !== seen[i - 1])).to.deep.equal(statuses);
    expect(errors.map((r) => r.status)).to.deep.equal([503, 429, 200]);
    let attempt = 0;
    metrics.forEach((request, i) => {
      if (request.status === 200) {
        attempt = 0;
        return;
      }
      attempt++;
      const retry = metrics[i + 1];
      // the batch goes again from its first record, after at least half the attempt's ceiling
      expect(isPrefix(request.eventIds, retry.eventIds), `retry after ${request.status} carries the same batch`).to.equal(true);
      const floor = Math.min(2000, 500 * Math.pow(2, attempt - 1)) / 2;
      expect(retry.sentAt - request.endedAt!, `delay after ${request.status} (attempt ${attempt})`).to.be.within(floor - 20, 2 * floor + 1000);
    });
    expectOneInFlight(metrics);
    expectOneInFlight(errors);
    expectExactlyOnceInOrder(stored, metrics.concat(errors));
    expect(stored.filter((r) => r.activity === 'playerError')).to.have.length(1);
    expect(await status(t.app!)).to.include({ refused: 0, overflowed: 0, dropped: 0 });
  });

  it('drops a batch refused with 400 or 404, never sends it again, and counts it in status().refused', async () => {
    await playing();
    await injectFaults(t.url, [
      { path: 'playback_metrics', status: 400 },
      { path: 'playback_metrics', status: 404, body: 'not here' },
    ]);
    await faultsConsumed();
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    const refused = metrics.filter((r) => r.status === 400 || r.status === 404);
    expect(refused.map((r) => r.status)).to.deep.equal([400, 404]);
    const refusedIds = refused.flatMap((r) => r.eventIds);
    const later = metrics.filter((r) => r.status === 200).flatMap((r) => r.eventIds);
    for (const id of refusedIds) expect(later, 'refused record sent again').not.to.include(id);
    expect(stored.map((r) => r.record.eventId)).to.have.members(later);
    const s = await status(t.app!);
    expect(s.refused).to.equal(refusedIds.length);
    expect(s.dropped).to.equal(refusedIds.length);
    // what arrived is in order, missing exactly the refused records
    const sequences = stored.map((r) => r.record.sequence);
    const refusedSequences = refused.flatMap((r) => r.sequences);
    expect(sequences.concat(refusedSequences).sort((a, b) => a - b)).to.deep.equal(sequences.concat(refusedSequences).map((_, i) => i + 1));
    expect(sequences).to.deep.equal([...sequences].sort((a, b) => a - b));
    expectOneInFlight(metrics);
  });

  it('halves a batch the collector answers 413, then sends the rest, every record once', async () => {
    await playing({ flushSeconds: 5 });
    // wait for a full batch to queue up before the fault, so there is something to split
    await pollUntil(
      () => t.app!.call<AgentStatus>('status'),
      (s) => s.queued >= 4
    );
    await injectFaults(t.url, [{ path: 'playback_metrics', status: 413 }]);
    await faultsConsumed();
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    const i = metrics.findIndex((r) => r.status === 413);
    const tooBig = metrics[i];
    const half = metrics[i + 1];
    expect(tooBig.eventIds.length).to.be.at.least(4);
    expect(half.eventIds).to.deep.equal(tooBig.eventIds.slice(0, Math.floor(tooBig.eventIds.length / 2)));
    expect(half.status).to.equal(200);
    expect(metrics[i + 2].eventIds[0]).to.equal(tooBig.eventIds[half.eventIds.length]);
    expectOneInFlight(metrics);
    expectExactlyOnceInOrder(stored, metrics);
  });

  /** The faulted request and the one after it, once that one has been answered. */
  async function faultedAndRetry(status: number): Promise<[LoggedRequest, LoggedRequest]> {
    const log = await pollUntil(
      () => vaultRequests(t.app!),
      (requests) => requests.some((r, i) => i > 0 && requests[i - 1].status === status && r.endedAt !== null)
    );
    const i = log.findIndex((r) => r.status === status);
    expect(i, 'a request answered ' + status).to.be.at.least(0);
    expect(log[i + 1], 'a retry after ' + status).to.not.equal(undefined);
    return [log[i], log[i + 1]];
  }

  it('waits at least Retry-After seconds before the retry', async () => {
    await playing();
    await injectFaults(t.url, [{ path: 'playback_metrics', status: 503, retryAfter: '3' }]);
    const [faulted, retry] = await faultedAndRetry(503);
    // Retry-After is a floor with up to 20 % jitter on top; the backoff alone would be 0.25-0.5 s
    expect(retry.sentAt - faulted.endedAt!).to.be.within(3000 - 20, 3600 + 500);
    expect(isPrefix(faulted.eventIds, retry.eventIds)).to.equal(true);
    expectExactlyOnceInOrder(await settle(t.app!, t.url), await vaultRequests(t.app!));
  });

  it('waits until a Retry-After HTTP date before the retry', async () => {
    await playing();
    const until = new Date(Date.now() + 6000).toUTCString(); // whole seconds
    await injectFaults(t.url, [{ path: 'playback_metrics', status: 429, retryAfter: until }]);
    const [faulted, retry] = await faultedAndRetry(429);
    const floor = Date.parse(until);
    expect(retry.sentAt, 'retry sent before the Retry-After date').to.be.at.least(floor - 20);
    expect(retry.sentAt - faulted.endedAt!).to.be.at.most(1.2 * (floor - faulted.endedAt!) + 500);
    expect(isPrefix(faulted.eventIds, retry.eventIds)).to.equal(true);
    expectExactlyOnceInOrder(await settle(t.app!, t.url), await vaultRequests(t.app!));
  });

  it('retries a request that outlives vault.requestTimeoutSeconds (collector silent, then gone)', async () => {
    await playing({ timeoutSeconds: 1 });
    await injectFaults(t.url, [{ path: 'playback_metrics', dropConnection: true, delayMs: 3000 }]);
    await faultsConsumed();
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    const i = metrics.findIndex((r) => r.timedOut);
    expect(i, 'a request timed out').to.be.at.least(0);
    expect(metrics[i].status).to.equal(0);
    expect(metrics[i].endedAt! - metrics[i].sentAt).to.be.within(900, 2500);
    expect(isPrefix(metrics[i].eventIds, metrics[i + 1].eventIds)).to.equal(true);
    expectOneInFlight(metrics);
    expectExactlyOnceInOrder(stored, metrics);
  });

  it('delivers at least once when the collector stores a batch after the agent timed out: the copies differ only as eventId duplicates', async () => {
    await playing({ timeoutSeconds: 1 });
    await injectFaults(t.url, [{ path: 'playback_metrics', delayMs: 2500 }]);
    await faultsConsumed();
    await settle(t.app!, t.url);
    // the late copy lands 2.5 s after its request, the retry long before
    const all = await pollUntil(
      async () => (await collectorRecords(t.url)).filter((r) => r.record?.metadata?.appSessionId === t.app!.appSessionId),
      (records) => records.some((r) => r.duplicate),
      10000
    );
    const metrics = await vaultRequests(t.app!);
    const timedOut = metrics.find((r) => r.timedOut);
    expect(timedOut, 'a request timed out').to.not.equal(undefined);
    const duplicates = all.filter((r) => r.duplicate).map((r) => r.record.eventId);
    expect(duplicates).to.have.members(timedOut!.eventIds);
    // dropped by eventId, the collector holds every record once, in order
    expectExactlyOnceInOrder(
      all.filter((r) => !r.duplicate),
      metrics
    );
  });

  it('retries a dropped connection and delivers every record once', async () => {
    await playing();
    // Chromium resends a request whose reused keep-alive connection closed without an answer (a
    // few times), so connections are dropped until the agent sees the network error.
    await injectFaults(t.url, [{ path: 'playback_metrics', dropConnection: true, count: 6 }]);
    await faultsConsumed();
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    const dropped = metrics.filter((r) => r.status === 0);
    expect(dropped.length).to.be.within(1, 6);
    expect(dropped.every((r) => !r.timedOut)).to.equal(true);
    const i = metrics.indexOf(dropped[0]);
    expect(isPrefix(dropped[0].eventIds, metrics[i + 1].eventIds), 'the agent resends the batch').to.equal(true);
    expectOneInFlight(metrics);
    expectExactlyOnceInOrder(stored, metrics);
  });

  it('takes garbage 200 bodies as delivered: no retry, no error, the next batches unharmed', async () => {
    await playing();
    const garbage = ['\u0000\u0001<html><body>oops', '{"accepted":"lots","__proto__":{"polluted":true},"retry":true', 'x'.repeat(60000)];
    await injectFaults(
      t.url,
      garbage.map((body) => ({ path: 'playback_metrics' as const, status: 200, body }))
    );
    await faultsConsumed();
    await answeredRequests(t.app!, 5);
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    expect(metrics.every((r) => r.status === 200)).to.equal(true);
    // the batches the faults answered were not stored, and are never sent again
    const storedIds = new Set(stored.map((r) => r.record.eventId));
    const answeredByFault = metrics.filter((r) => !r.eventIds.some((id) => storedIds.has(id)));
    expect(answeredByFault).to.have.length(3);
    const sentIds = metrics.flatMap((r) => r.eventIds);
    expect(sentIds.length - new Set(sentIds).size, 'records sent twice').to.equal(0);
    const s = await status(t.app!);
    expect(s.sent).to.equal(sentIds.length);
    expect(s).to.include({ refused: 0, retrying: 0 });
    expect((await t.app!.logs()).filter((line) => /internal error|^error/.test(line))).to.deep.equal([]);
    expect(await t.app!.page.evaluate(() => (Object.prototype as any).polluted)).to.equal(undefined);
    expectOneInFlight(metrics);
  });

  it('takes a 1 MB 200 body in its stride (the collector stores the batch; the agent keeps going)', async () => {
    let served = 0;
    await playing({
      beforeLoad: async (page) => {
        await page.page.route('**/useractivityvault/v1/useractivity/playback_metrics', async (route) => {
          const response = await route.fetch(); // the collector gets and stores the batch
          if (served++ === 0) await route.fulfill({ response, body: 'y'.repeat(1 << 20), contentType: 'text/plain' });
          else await route.fulfill({ response });
        });
      },
    });
    await answeredRequests(t.app!, 3);
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    expect(served).to.be.at.least(3);
    expect(metrics.every((r) => r.status === 200)).to.equal(true);
    expectOneInFlight(metrics);
    expectExactlyOnceInOrder(stored, metrics);
  });

  it('sends no duplicates to a collector that answers 200 slowly, below the timeout', async () => {
    await playing({ timeoutSeconds: 3 });
    await injectFaults(t.url, [{ path: 'playback_metrics', delayMs: 2000, count: 3 }]);
    await faultsConsumed();
    const stored = await settle(t.app!, t.url);
    const metrics = await vaultRequests(t.app!);
    const slow = metrics.filter((r) => r.endedAt! - r.sentAt >= 1900);
    expect(slow).to.have.length(3);
    expect(metrics.every((r) => r.status === 200 && !r.timedOut)).to.equal(true);
    expectOneInFlight(metrics);
    expectExactlyOnceInOrder(stored, metrics);
    expect(stored.filter((r) => r.duplicate)).to.have.length(0);
  });

  it("corrects record timestamps by the skew learnt from the collector's Date header, +1 day then -1 day", async () => {
    await playing();
    for (const offsetMs of [DAY_MS, -DAY_MS]) {
      await setCollectorClock(t.url, offsetMs);
      // a batch answered with the shifted Date teaches the skew; records taken after it carry it
      const skewed = await pollUntil(
        async () => (await collectorRecords(t.url, { activity: 'playback_metrics' })) as any[],
        (records) => records.filter((r) => Math.abs(Date.parse(r.record.timestamp) - Date.parse(r.receivedAt) - offsetMs) < 5000).length >= 2,
        20000,
        250
      );
      const shifted = skewed.filter((r) => Math.abs(Date.parse(r.record.timestamp) - Date.parse(r.receivedAt) - offsetMs) < 5000);
      expect(shifted.length, 'records corrected by ' + offsetMs).to.be.at.least(2);
      // once corrected, every later record is too
      const first = shifted[0].record.sequence;
      const later = skewed.filter((r) => r.record.sequence >= first);
      expect(later.map((r) => r.record.sequence)).to.deep.equal(shifted.map((r) => r.record.sequence));
    }
    const lastSkewed = Math.max(...(await collectorRecords(t.url, { activity: 'playback_metrics' })).map((r) => r.record.sequence));
    await setCollectorClock(t.url, 0);
    // back to no skew once a batch is answered with the true Date
    await pollUntil(
      async () => (await collectorRecords(t.url, { activity: 'playback_metrics' })) as any[],
      (records) => records.some((r) => Math.abs(Date.parse(r.record.timestamp) - Date.parse(r.receivedAt)) < 5000 && r.record.sequence > lastSkewed),
      20000,
      250
    );
    const stored = await settle(t.app!, t.url);
    const last = stored[stored.length - 1];
    expect(Math.abs(Date.parse(last.record.timestamp) - Date.parse((last as any).receivedAt))).to.be.below(5000);
    expectExactlyOnceInOrder(stored, await vaultRequests(t.app!));
  });
});
