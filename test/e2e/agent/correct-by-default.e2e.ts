// Correct by default, on the real thing (Shaka 4.16 and 5.x in Chromium, the local collector): the
// default bundle alone is lossless across a restart and gives every record a deviceId; a failed
// load() of a Blend live-event still reports, closes its session, and a retry reports as usual;
// track() after the first load() ends that session at the next load() of other content.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import { injectFaults, pollUntil } from '../faults/fault-page';
import { AgentPage, StoredRecord, collectorRecords, e2eProfile, resetServer } from './agent-page';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const VOD = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-default' };

interface Status {
  queued: number;
  retrying: number;
  sent: number;
  rejected: number;
}

function ofActivity(records: StoredRecord[], activity: string): any[] {
  return records.filter((r) => r.activity === activity).map((r) => r.record);
}

for (const shaka of [4, 5] as const) {
  describe(`correct by default, end to end with Shaka ${shaka === 4 ? '4.16' : '5.x'}`, function () {
    this.timeout(90000);
    const env = useE2eEnvironment();
    let app: AgentPage | undefined;
    let url: string;

    beforeEach(async () => {
      url = env().server.url;
      await resetServer(url);
    });
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    /** Ends the playback, flushes until nothing waits; what the collector stored for this page's sessions. */
    async function drained(page: AgentPage): Promise<StoredRecord[]> {
      await page.call('end');
      const status = await pollUntil(
        async () => {
          await page.call('flush');
          return page.call<Status>('status');
        },
        (s) => s.queued === 0 && s.retrying === 0,
        30000,
        250
      );
      expect(status, 'agent status after draining').to.include({ queued: 0, retrying: 0 });
      return collectorRecords(url);
    }

    function expectValid(records: StoredRecord[]): void {
      expect(
        records.filter((r) => !r.valid).map((r) => r.errors),
        'invalid records'
      ).to.deep.equal([]);
      expect(
        records.filter((r) => r.duplicate),
        'duplicates'
      ).to.deep.equal([]);
    }

    it('the default bundle alone (no add-on) delivers after a restart what the collector could not take, every record with the stored deviceId', async () => {
      const profile = e2eProfile(url, { vault: { metricsIntervalSeconds: 1, flushIntervalSeconds: 2, errorFlushSeconds: 0.5 } });
      await injectFaults(url, [
        { path: 'playback_metrics', status: 503, count: 10000 },
        { path: 'playerError', status: 503, count: 10000 },
      ]);
      app = await AgentPage.open(env().browser, url, shaka, profile, { accountId: 'acc-default' }, undefined, 'agent-default.html');
      expect(await app.page.evaluate(() => typeof (window as any).TvTelemetryPersist), 'no persistence add-on on the page').to.equal('undefined');
      const firstLife = app.appSessionId;
      await app.call('track', VOD);
      expect(await app.call('load', `${url}/media/default-404-${shaka}~404=manifest.mpd/vod-dash/manifest.mpd`)).to.include({ ok: false, code: 1001 });
      expect(await app.call('load', `${url}/media/default-${shaka}/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
      await app.playFor(3);
      await app.call('end');
      const before = await app.call<Status>('status');
      expect(before.sent, 'the collector took nothing').to.equal(0);
      expect(before.queued).to.be.at.least(3);

      // The app exits and starts again (localStorage kept); the collector is back.
      await app.page.reload();
      const secondLife = await app.page.evaluate(([p]) => (window as any).app.start(p, { accountId: 'acc-default' }), [profile] as const);
      expect(await app.call<Status>('status')).to.include({ queued: before.queued });
      await fetch(`${url}/_collector/faults`, { method: 'DELETE' });
      await app.call('track', VOD);
      expect(await app.call('load', `${url}/media/default2-${shaka}/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
      await app.playFor(2);
      const stored = await drained(app);

      expectValid(stored);
      const life = (r: StoredRecord) => r.record.metadata.appSessionId;
      expect(
        stored.filter((r) => life(r) === firstLife),
        'every record of the first life'
      ).to.have.length(before.queued);
      expect(stored.filter((r) => life(r) === secondLife).length, 'the second life').to.be.at.least(2);
      const errors = ofActivity(stored, 'playerError');
      expect(errors).to.have.length(1);
      const deviceId = await app.page.evaluate(() => window.localStorage.getItem('tvt:device'));
      expect(deviceId).to.match(UUID_V4);
      expect(errors[0].deviceId, 'the playerError carries the deviceId').to.equal(deviceId);
      expect(new Set(stored.map((r) => r.record.deviceId)), 'one deviceId across both lives').to.deep.equal(new Set([deviceId]));
    });

    it('a Blend live-event whose load() fails sends its playerError, closes that session, and a successful retry reports as usual', async () => {
      const profile = e2eProfile(url, { blend: { iptvUriPattern: '/media/iptv-' }, vault: { metricsIntervalSeconds: 1 } });
      app = await AgentPage.open(env().browser, url, shaka, profile, { accountId: 'acc-blend' });
      const content = { contentType: 'live-event', contentSource: 'Blend', editorialId: 'bbc-one', programmeId: 'prog-blend', eventStart: Date.now() - 600000 };
      await app.call('track', content);
      expect(await app.call('load', `${url}/media/iptv-fail-${shaka}~404=manifest.mpd/live/manifest.mpd`)).to.include({ ok: false, code: 1001 });
      expect(await app.call('load', `${url}/media/iptv-ok-${shaka}/live/manifest.mpd`)).to.deep.equal({ ok: true });
      await app.playFor(4); // four metrics intervals: the failed session's timer would have fired meanwhile
      const stored = (await drained(app)).filter((r) => r.record.metadata.appSessionId === app!.appSessionId);

      expectValid(stored);
      const errors = ofActivity(stored, 'playerError');
      expect(errors).to.have.length(1);
      expect(errors[0].metadata).to.include({ contentSource: 'Blend', technicalId: '239.100.1.1', errorCode: '1001' });
      expect(errors[0].deviceId).to.match(UUID_V4);
      const failedSession = errors[0].metadata.playbackSessionId;
      const metrics = ofActivity(stored, 'playback_metrics');
      expect(
        metrics.filter((r) => r.metadata.playbackSessionId === failedSession),
        'records of the failed session'
      ).to.deep.equal([]);
      expect(metrics.length, 'the retry reports').to.be.at.least(3);
      for (const r of metrics) {
        expect(r.metadata).to.include({ contentSource: 'Blend', technicalId: '239.100.1.1', programmeId: 'prog-blend' });
        expect(r.metadata.playbackProgress, 'never null while playing').to.be.a('number');
      }
      expect(new Set(metrics.map((r) => r.metadata.playbackSessionId)).size, 'one session for the retry').to.equal(1);
      expect((await app.call<Status>('status')).rejected).to.equal(0);
    });

    it('track() after the first load(): the next load() of other content ends that session with its final record and starts a new one', async () => {
      app = await AgentPage.open(env().browser, url, shaka, e2eProfile(url, { vault: { metricsIntervalSeconds: 30 } }), { accountId: 'acc-late' });
      const first = `${url}/media/late-a-${shaka}/vod-dash/manifest.mpd`;
      const second = `${url}/media/late-b-${shaka}/vod-dash/manifest.mpd`;
      expect(await app.call('load', first)).to.deep.equal({ ok: true });
      await app.call('track', VOD); // the app tracks what already plays
      await app.playFor(2);
      expect(await app.call('load', second)).to.deep.equal({ ok: true });
      await app.playFor(2);
      const stored = (await drained(app)).filter((r) => r.record.metadata.appSessionId === app!.appSessionId);

      expectValid(stored);
      const metrics = ofActivity(stored, 'playback_metrics');
      // no interval fell due (30 s): one final record per session, the first one's not discarded
      expect(metrics.map((r) => r.metadata.uri)).to.deep.equal([first, second]);
      expect(metrics[0].metadata.playbackSessionId).not.to.equal(metrics[1].metadata.playbackSessionId);
      expect(metrics[0].metadata.totalVideoFrames, "the first content's frames").to.be.greaterThan(0);
      expect(metrics[0].metadata.playbackProgress).to.be.greaterThan(1);
    });
  });
}
