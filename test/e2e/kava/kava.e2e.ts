// The Kava sink on the real thing: real Shaka (4.16 and 5.2) in headless Chromium, the agent and
// the Kava plugin from their bundles, streams from localhost, and the local Kava collector checking
// every event against the seed's rules. Assertions are on the collector's view of the session.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import { injectKavaFault, KAVA_PAGES, KavaPage, kavaProfile, resetKava, StoredKavaEvent, waitForKavaEvents } from './kava-page';

const IMPRESSION = 'IMPRESSION';

function types(events: StoredKavaEvent[]): string[] {
  return events.map((e) => e.type);
}
function ofType(events: StoredKavaEvent[], type: string): StoredKavaEvent[] {
  return events.filter((e) => e.type === type);
}
function num(e: StoredKavaEvent, name: string): number {
  return Number(e.params[name]);
}
/** Every event valid for the collector, none a duplicate, indexes 1..n per sessionId. */
function expectClean(events: StoredKavaEvent[], resets = 0): void {
  expect(events.filter((e) => !e.valid).map((e) => [e.type, e.errors])).to.deep.equal([]);
  expect(events.filter((e) => e.duplicate)).to.have.length(0);
  expect(events.filter((e) => e.reset)).to.have.length(resets);
  const sessions = new Set(events.map((e) => e.params.sessionId));
  for (const sessionId of sessions) {
    const indexes = events.filter((e) => e.params.sessionId === sessionId).map((e) => num(e, 'eventIndex'));
    if (!resets)
      expect(indexes).to.deep.equal(
        indexes.map((_, i) => i + 1),
        `eventIndex of ${sessionId}`
      );
  }
}
function before(events: StoredKavaEvent[], a: string, b: string): boolean {
  return types(events).indexOf(a) >= 0 && types(events).indexOf(a) < types(events).indexOf(b);
}

for (const shaka of [4, 5] as const) {
  describe(`kava end to end with Shaka ${shaka === 4 ? '4.16' : '5.2'}`, function () {
    this.timeout(90000);
    // The collector's clock: the session-expiry test moves it (and the page's) forward instead of waiting.
    let collectorSkewMs = 0;
    const env = useE2eEnvironment({ mounts: [KAVA_PAGES], collectorNow: () => Date.now() + collectorSkewMs });
    let app: KavaPage | undefined;
    let url: string;

    beforeEach(async () => {
      url = env().server.url;
      await resetKava(url);
    });
    afterEach(async () => {
      collectorSkewMs = 0;
      if (app) await app.close();
      app = undefined;
    });

    async function open(kava: Record<string, unknown> = {}): Promise<KavaPage> {
      app = await KavaPage.open(env().browser, url, shaka, kavaProfile(url, kava));
      return app;
    }

    it('VOD DASH: IMPRESSION to PLAY_REACHED_100 in order, VIEW every 3 s of play, sums and parameters as the seed says', async () => {
      const page = await open();
      await page.call('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-1', entryId: '1_vod' });
      expect(await page.call('load', `${url}/media/kava-vod${shaka}/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
      await page.playUntil(7.5); // past 25 %, two VIEWs
      await page.call('pause');
      await waitForKavaEvents(url, page.appSessionId, (list) => types(list).includes('PAUSE')); // the pause has reached Kava
      await page.call('play');
      await page.playUntil(10.5);
      await page.call('seek', 15.5); // over 75 %
      await page.page.waitForFunction(() => (window as any).app.state().ended, undefined, { timeout: 20000, polling: 100 });
      const events = await waitForKavaEvents(url, page.appSessionId, (list) => types(list).includes('PLAY_REACHED_100'));
      await page.call('end');
      expect(await page.logs()).to.deep.equal([]);

      expectClean(events);
      const order = types(events);
      expect(order.slice(0, 2)).to.deep.equal([IMPRESSION, 'PLAY_REQUEST']);
      expect(before(events, 'PLAY', 'VIEW')).to.equal(true);
      expect(order.filter((t) => /^PLAY_REACHED/.test(t))).to.deep.equal(['PLAY_REACHED_25', 'PLAY_REACHED_50', 'PLAY_REACHED_75', 'PLAY_REACHED_100']);
      expect(before(events, 'PLAY_REACHED_25', 'PAUSE')).to.equal(true);
      expect(before(events, 'PAUSE', 'RESUME') && before(events, 'RESUME', 'SEEK') && before(events, 'SEEK', 'PLAY_REACHED_75')).to.equal(true);
      expect(ofType(events, 'PAUSE')).to.have.length(1); // not the pause that comes with the end
      expect(num(ofType(events, 'SEEK')[0], 'targetPosition')).to.be.closeTo(15.5, 0.1);

      // common parameters
      const pageUrl = `${url}/kava-e2e/kava.html?shaka=${shaka}`;
      // clientVer: "html5:v" + the player's version (the seed's rule)
      const clientVer = 'html5:' + (await page.page.evaluate(() => (window as any).shaka.Player.version));
      expect(clientVer).to.match(shaka === 4 ? /^html5:v4\.16\./ : /^html5:v5\./);
      for (const e of events) {
        expect(e.params).to.include({ partnerId: '4321', entryId: '1_vod', uiConfId: '99', deliveryType: 'dash', playbackType: 'vod', clientVer: clientVer });
        expect(Buffer.from(e.params.referrer, 'base64').toString()).to.equal(pageUrl);
        expect(e.params.sessionId).to.equal(page.appSessionId + ':1');
      }
      // sessionStartTime: none on the first event and on PAUSE (reset), then our answer's time
      expect(events[0].params.sessionStartTime).to.equal(undefined);
      expect(ofType(events, 'PAUSE')[0].params.sessionStartTime).to.equal(undefined);
      expect(Number(ofType(events, 'RESUME')[0].params.sessionStartTime)).to.equal(ofType(events, 'PAUSE')[0].time);

      // VIEW cadence: every 3 s of play (not while paused), playTimeSum growing by about that
      const views = ofType(events, 'VIEW');
      expect(views.length).to.be.within(4, 8);
      const played = views.map((v) => num(v, 'playTimeSum'));
      expect(played).to.deep.equal([...played].sort((a, b) => a - b));
      const pauseAt = ofType(events, 'PAUSE')[0].receivedAt;
      const beforePause = views.filter((v) => v.receivedAt < pauseAt);
      for (let i = 1; i < beforePause.length; i++) expect((beforePause[i].receivedAt - beforePause[i - 1].receivedAt) / 1000).to.be.closeTo(3, 0.6);
      expect(played[played.length - 1]).to.be.within(11, 20);
      for (const v of views) {
        expect(num(v, 'bufferTime')).to.be.within(0, 3);
        expect(v.params).to.include({ soundMode: '1', tabMode: '2', viewabilityMode: '2', targetBuffer: '10', language: 'und' }); // the stream has no language tag
        expect(num(v, 'actualBitrate')).to.be.greaterThan(0);
      }
      // the first window has the start-up downloads
      expect(views[0].params).to.include.keys('bandwidth', 'segmentDownloadTime', 'manifestDownloadTime', 'forwardBufferHealth');
      expect(num(views[0], 'bandwidth')).to.be.greaterThan(100);
      const play = ofType(events, 'PLAY')[0];
      expect(num(play, 'joinTime')).to.be.within(0, 5);
      expect(play.params.networkConnectionType).to.match(/^(slow-2g|2g|3g|4g)$/);
    });

    it(`live ${shaka === 4 ? 'DASH' : 'HLS'}: live near the edge, dvr (and a negative offset) beyond 120 s behind it, no quarters`, async () => {
      const page = await open();
      const manifest = shaka === 4 ? 'live/manifest.mpd' : 'live/master.m3u8';
      await page.call('track', {
        contentType: 'live-event',
        contentSource: 'OTT',
        editorialId: 'bbc-one',
        programmeId: 'p1',
        technicalId: 'ott-1',
        entryId: '1_live',
      });
      expect(await page.call('load', `${url}/media/kava-live${shaka}/${manifest}`)).to.deep.equal({ ok: true });
      await page.playFor(4);
      await page.call('seekBehindLive', 200);
      await page.playFor(4);
      const events = await waitForKavaEvents(url, page.appSessionId, (list) => {
        const seek = list.findIndex((e) => e.type === 'SEEK');
        return seek >= 0 && list.slice(seek).some((e) => e.type === 'VIEW');
      });
      await page.call('end');

      expectClean(events);
      expect(types(events).filter((t) => /^PLAY_REACHED/.test(t))).to.deep.equal([]);
      for (const e of events) expect(e.params.deliveryType).to.equal(shaka === 4 ? 'dash' : 'hls');
      const play = ofType(events, 'PLAY')[0];
      expect(play.params.playbackType).to.equal('live');
      expect(num(play, 'position')).to.be.within(-40, 0);
      const seek = ofType(events, 'SEEK')[0];
      expect(seek.params.playbackType).to.equal('dvr');
      expect(num(seek, 'position')).to.be.closeTo(-200, 15);
      expect(num(seek, 'targetPosition')).to.be.closeTo(-200, 15);
      const after = events.slice(events.indexOf(seek)).filter((e) => e.type === 'VIEW');
      expect(after[0].params.playbackType).to.equal('dvr');
      expect(num(after[0], 'playTimeSum')).to.be.greaterThan(3);
    });

    if (shaka === 5) {
      it('a pause over 30 s without VIEW resets the session: RESUME at eventIndex 1, sums from 0', async function () {
        this.timeout(120000);
        const page = await open();
        await page.call('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-1', entryId: '1_vod' });
        expect(await page.call('load', `${url}/media/kava-reset/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
        await page.playUntil(4);
        await page.call('pause');
        await waitForKavaEvents(url, page.appSessionId, (list) => types(list).includes('PAUSE'));
        // 31.5 s without a VIEW, on the page's clock and the collector's alike.
        await page.call('advanceClock', 31500);
        collectorSkewMs += 31500;
        await page.call('play');
        await page.playFor(4);
        const events = await waitForKavaEvents(url, page.appSessionId, (list) => {
          const resume = list.findIndex((e) => e.type === 'RESUME');
          return resume >= 0 && list.slice(resume).some((e) => e.type === 'VIEW');
        });
        await page.call('end');

        expectClean(events, 1);
        const resume = ofType(events, 'RESUME')[0];
        expect(resume.reset).to.equal(true);
        expect(resume.params).to.include({ eventIndex: '1', bufferTimeSum: '0' });
        const next = events[events.indexOf(resume) + 1];
        expect(next.params.eventIndex).to.equal('2');
        const view = events.slice(events.indexOf(resume)).find((e) => e.type === 'VIEW')!;
        expect(num(view, 'playTimeSum')).to.be.within(2, 4);
        expect(Number(view.params.sessionStartTime)).to.equal(resume.time); // from the first event after the reset
      });
    } else {
      it('POST, viewEventsEnabled false (no VIEW at all), and a 503 retried with the same eventIndex', async () => {
        await resetKava(url, { viewEventsEnabled: false });
        const page = await open({ method: 'POST' });
        await page.call('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-1', entryId: '1_vod' });
        expect(await page.call('load', `${url}/media/kava-post/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
        await page.playUntil(7);
        await injectKavaFault(url, 503);
        await page.call('pause');
        const events = await waitForKavaEvents(url, page.appSessionId, (list) => types(list).includes('PAUSE'));
        await page.call('end');

        expectClean(events);
        expect(events.every((e) => e.method === 'POST' && /x-www-form-urlencoded/.test(e.contentType ?? ''))).to.equal(true);
        expect(ofType(events, 'VIEW')).to.have.length(0);
        expect(types(events)).to.include.members([IMPRESSION, 'PLAY_REQUEST', 'PLAY', 'PLAY_REACHED_25', 'PAUSE']);
        const stats = await (await fetch(`${url}/_kava/stats`)).json();
        expect(stats.faulted).to.equal(1); // the PAUSE's first attempt; its retry kept the index
      });
    }
  });
}
