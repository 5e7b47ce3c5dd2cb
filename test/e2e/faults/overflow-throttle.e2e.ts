// Real XHR in Chromium with real Shaka 4.16 against the local collector: a tiny queue overflows
// while the collector is down, and the collector then learns exactly how many records were lost;
// a cross-origin collector slows the agent down and pauses it with its throttle headers, which the
// browser lets the agent read only because the collector exposes them (CORS).
import { expect } from 'chai';
import { AgentPage, collectorRecords, e2eProfile, StoredRecord } from '../agent/agent-page';
import { AgentStatus, expectOneInFlight, injectFaults, logVaultRequests, pollUntil, settle, vaultRequests, useFaultSuite } from './fault-page';

describe("e2e faults: ring overflow and the collector's throttle (Shaka 4.16)", function () {
  this.timeout(60000);
  const t = useFaultSuite();
  const env = t.env;
  let playbackCount = 0;

  /** The agent page with metrics every second, requests logged; `beforeLoad` runs before the VOD loads. */
  async function playing(extra: Record<string, unknown>, beforeLoad?: () => Promise<void>): Promise<AgentPage> {
    const profile = e2eProfile(t.url, extra);
    t.app = await AgentPage.open(env().browser, t.url, 4, profile, { accountId: 'acc-overflow' });
    await logVaultRequests(t.app.page);
    await t.app.call('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-overflow' });
    if (beforeLoad) await beforeLoad();
    expect(await t.app.call('load', `${t.url}/media/overflow${++playbackCount}/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
    return t.app;
  }

  function status(): Promise<AgentStatus> {
    return t.app!.call<AgentStatus>('status');
  }

  function sequences(records: StoredRecord[]): number[] {
    return records.map((r) => r.record.sequence);
  }

  it('overflows a queue of 5 while the collector is down; once it is back the collector learns exactly how many were dropped', async () => {
    const capacity = 5;
    await playing(
      {
        vault: { metricsIntervalSeconds: 1, flushIntervalSeconds: 1 },
        queue: { capacity },
        retry: { baseSeconds: 0.5, maxSeconds: 1, maxPerHour: 3600 },
      },
      () => injectFaults(t.url, [{ path: 'playback_metrics', status: 503, count: 1000 }])
    );
    // the ring never holds more than its capacity while records keep coming
    let most = 0;
    const overflowing = await pollUntil(
      async () => {
        const s = await status();
        most = Math.max(most, s.queued);
        return s;
      },
      (s) => s.overflowed >= 8,
      30000,
      200
    );
    expect(overflowing.overflowed, 'overflowed while down').to.be.at.least(8);
    expect(most).to.be.at.most(capacity);
    // End the playback while still down (its final record is the last): nothing is taken while
    // the first batch after the outage is in flight, so no record is both dropped and delivered.
    await t.app!.call('end');
    const down = await status();
    expect(down).to.include({ queued: capacity, sent: 0, refused: 0 });
    expect((await collectorRecords(t.url)).filter((r) => r.record?.metadata?.appSessionId === t.app!.appSessionId)).to.deep.equal([]);
    await fetch(`${t.url}/_collector/faults`, { method: 'DELETE' });
    const stored = await settle(t.app!, t.url);
    const after = await status();
    const taken = Math.max(...sequences(stored));
    const reported = stored.reduce((sum, r) => sum + (r.record.droppedRecords ?? 0), 0);
    expect(after).to.include({ queued: 0, retrying: 0, refused: 0, overflowed: down.overflowed, dropped: down.overflowed, sent: capacity });
    expect(
      stored.filter((r) => !r.valid).map((r) => r.errors),
      'invalid records'
    ).to.deep.equal([]);
    expect(stored.filter((r) => r.duplicate)).to.deep.equal([]);
    // the newest records survive, and the first of them carries the count of the ones before
    expect(sequences(stored)).to.deep.equal([taken - 4, taken - 3, taken - 2, taken - 1, taken]);
    expect(stored[0].record.droppedRecords).to.equal(taken - capacity);
    expect(reported, 'sum of droppedRecords').to.equal(taken - stored.length);
    expect(reported).to.equal(after.overflowed);
    expectOneInFlight(await vaultRequests(t.app!));
  });

  it('flushes a cross-origin collector no more often than its X-Telemetry-Min-Flush, and not at all during its X-Telemetry-Pause', async () => {
    const crossOrigin = env().crossOriginUrl;
    await playing(
      {
        vault: { endpoint: crossOrigin, metricsIntervalSeconds: 1, flushIntervalSeconds: 1 },
        retry: { baseSeconds: 0.5, maxSeconds: 1, maxPerHour: 3600 },
      },
      () =>
        injectFaults(t.url, [
          { path: 'playback_metrics', headers: { 'X-Telemetry-Min-Flush': '3' }, count: 3 },
          { path: 'playback_metrics', headers: { 'X-Telemetry-Pause': '4' } },
        ])
    );
    const requests = await pollUntil(
      () => vaultRequests(t.app!),
      (log) => log.filter((r) => r.status === 200).length >= 6,
      40000,
      250
    );
    expect(requests[0].url.indexOf(crossOrigin), 'cross-origin requests').to.equal(0);
    const sentAt = requests.map((r) => r.sentAt);
    // answers 1-3 ask for 3 s between requests; answer 4 for a 4-second pause; then 1 s flushes
    for (let i = 1; i <= 3; i++) expect(sentAt[i] - sentAt[i - 1], 'gap ' + i).to.be.at.least(2990);
    expect(sentAt[4] - requests[3].endedAt!, 'pause').to.be.at.least(3990);
    expect(sentAt[5] - sentAt[4], 'back to the profile').to.be.below(2500);
    const stored = await settle(t.app!, t.url);
    // the pause took no records: no gap in the sequence, nothing lost
    const metrics = stored.filter((r) => r.activity === 'playback_metrics');
    expect(sequences(metrics)).to.deep.equal(metrics.map((_, i) => i + 1));
    const gaps = metrics.slice(1).map((r, i) => Date.parse(r.record.timestamp) - Date.parse(metrics[i].record.timestamp));
    expect(Math.max(...gaps), 'no records taken for the pause').to.be.at.least(3500);
    expect(await status()).to.include({ dropped: 0, queued: 0 });
  });
});
