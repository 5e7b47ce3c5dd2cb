// Persistence across a real page reload in Chromium with real Shaka 4.16: the collector is down
// (every Vault request answered 503) while the first page plays, the page reloads with its
// localStorage kept, the collector comes back, and the second page's agent must deliver the records
// of both page lives exactly once, in order per activity, the first life's first.
import { expect } from 'chai';
import { AgentPage, collectorRecords, e2eProfile, StoredRecord } from '../agent/agent-page';
import { AgentStatus, injectFaults, logVaultRequests, pollUntil, vaultRequests, useFaultSuite } from './fault-page';

const IDENTITY = { accountId: 'acc-restart' };
const CONTENT = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-restart' };

describe('e2e faults: restart during an outage (Shaka 4.16, page reload)', function () {
  this.timeout(90000);
  const t = useFaultSuite();
  const env = t.env;

  function profile(): Record<string, unknown> {
    return e2eProfile(t.url, {
      vault: { metricsIntervalSeconds: 1, flushIntervalSeconds: 2, errorFlushSeconds: 0.5 },
      retry: { baseSeconds: 0.5, maxSeconds: 2 },
    });
  }

  /** Reloads the page (its localStorage kept) and starts the agent anew; returns the new appSessionId. */
  async function reloadAndStart(page: AgentPage): Promise<string> {
    await page.page.reload();
    await logVaultRequests(page.page);
    return page.page.evaluate(([p, i]) => (window as any).app.start(p, i), [profile(), IDENTITY] as const);
  }

  function status(page: AgentPage): Promise<AgentStatus & { discarded: number }> {
    return page.call('status');
  }

  /** Ends the playback, then flushes until nothing waits; returns what the collector stored. */
  async function drained(page: AgentPage): Promise<StoredRecord[]> {
    await page.call('end');
    const s = await pollUntil(
      async () => {
        await page.call('flush');
        return status(page);
      },
      (st) => st.queued === 0 && st.retrying === 0,
      30000,
      250
    );
    expect(s, 'agent status after draining').to.include({ queued: 0, retrying: 0 });
    return collectorRecords(t.url);
  }

  function storedQueue(page: AgentPage): Promise<string | null> {
    return page.page.evaluate(() => window.localStorage.getItem('tvt:queue'));
  }

  it('delivers every record of both page lives exactly once, in order, the persisted first', async () => {
    await injectFaults(t.url, [
      { path: 'playback_metrics', status: 503, count: 10000 },
      { path: 'playerError', status: 503, count: 10000 },
    ]);
    t.app = await AgentPage.open(env().browser, t.url, 4, profile(), IDENTITY);
    await logVaultRequests(t.app.page);
    await t.app.call('track', CONTENT);
    // a failed load gives a playerError record, then the real one plays for a few intervals
    expect(await t.app.call('load', `${t.url}/media/restart-404~404=manifest.mpd/vod-dash/manifest.mpd`)).to.include({ ok: false, code: 1001 });
    expect(await t.app.call('load', `${t.url}/media/restart/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
    await t.app.playFor(4);
    await t.app.call('end');
    const before = await status(t.app);
    expect(before.sent, 'the collector took nothing').to.equal(0);
    expect(before.queued).to.be.at.least(5);
    const failed = (await vaultRequests(t.app)).concat(await vaultRequests(t.app, 'playerError'));
    expect(failed.length, 'requests during the outage').to.be.at.least(2);
    expect(failed.every((r) => r.status === 503 || r.endedAt === null)).to.equal(true);
    const firstLife = t.app.appSessionId;

    const secondLife = await reloadAndStart(t.app); // pagehide: the agent writes the queues, its beacon gets a 503
    const restored = await status(t.app);
    expect(restored).to.include({ queued: before.queued, discarded: 0 });
    expect((await storedQueue(t.app))!.split('\n').length - 1, 'records in storage').to.equal(before.queued);
    expect(await collectorRecords(t.url), 'nothing got through the outage, beacon included').to.deep.equal([]);

    await fetch(`${t.url}/_collector/faults`, { method: 'DELETE' }); // the collector is back
    await t.app.call('track', CONTENT);
    expect(await t.app.call('load', `${t.url}/media/restart2/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
    await t.app.playFor(3);
    const stored = await drained(t.app);

    expect(
      stored.filter((r) => !r.valid).map((r) => r.errors),
      'invalid records'
    ).to.deep.equal([]);
    const ids = stored.map((r) => r.record.eventId);
    expect(ids.length - new Set(ids).size, 'records stored twice').to.equal(0);
    expect(stored.filter((r) => r.duplicate)).to.deep.equal([]);
    const life = (r: StoredRecord) => r.record.metadata.appSessionId;
    expect(
      stored.filter((r) => life(r) === firstLife),
      'first life: every record queued at the reload'
    ).to.have.length(before.queued);
    expect(stored.filter((r) => life(r) === secondLife).length, 'second life').to.be.at.least(3);
    expect(stored.filter((r) => life(r) !== firstLife && life(r) !== secondLife)).to.deep.equal([]);
    for (const activity of ['playback_metrics', 'playerError']) {
      const arrived = stored.filter((r) => r.activity === activity);
      const lives = arrived.map(life);
      expect(lives.indexOf(secondLife) < 0 || lives.lastIndexOf(firstLife) < lives.indexOf(secondLife), activity + ': the persisted first').to.equal(true);
      for (const session of [firstLife, secondLife]) {
        const sequences = arrived.filter((r) => life(r) === session).map((r) => r.record.sequence);
        expect(sequences, `${activity} of ${session === firstLife ? 'the first' : 'the second'} life in order`).to.deep.equal(sequences.map((_, i) => i + 1));
      }
    }
    expect(stored.filter((r) => r.activity === 'playerError' && life(r) === firstLife)).to.have.length(1);
    expect(await storedQueue(t.app), 'the key is gone once everything was acknowledged').to.equal(null);
  });

  it('starts over storage holding corrupt JSON, counts it, plays and delivers', async () => {
    t.app = await AgentPage.open(env().browser, t.url, 4, null as unknown as object); // the page without an agent
    await t.app.page.evaluate(() => window.localStorage.setItem('tvt:queue', '{"activityName":"playback_metrics","eventId":'));
    const session = await reloadAndStart(t.app);
    expect(await status(t.app)).to.include({ discarded: 1, queued: 0 });
    expect((await t.app.logs()).join('\n')).to.include('1 corrupt or foreign stored lines discarded');
    await t.app.call('track', CONTENT);
    expect(await t.app.call('load', `${t.url}/media/restart-corrupt/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
    await t.app.playFor(3);
    const stored = (await drained(t.app)).filter((r) => r.record.metadata.appSessionId === session);
    expect(stored.length).to.be.at.least(3);
    expect(stored.filter((r) => !r.valid).map((r) => r.errors)).to.deep.equal([]);
    expect(stored.map((r) => r.record.sequence)).to.deep.equal(stored.map((_, i) => i + 1));
    expect(await storedQueue(t.app), 'the corrupt value is gone').to.equal(null);
  });
});
