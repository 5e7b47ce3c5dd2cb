// The agent on the real thing: real Shaka (4.16 and 5.2) in headless Chromium, streams served from
// localhost, the local Vault collector validating and storing what the agent sends.
import { expect } from 'chai';
import { useE2eEnvironment } from '../environment';
import { fetchBytes } from '../player-page';
import { AgentPage, StoredRecord, collectorRecords, e2eProfile, resetServer, waitForRecords } from './agent-page';

function metrics(records: StoredRecord[]): any[] {
  return records.filter((r) => r.activity === 'playback_metrics').map((r) => r.record);
}
function errorsOf(records: StoredRecord[]): any[] {
  return records.filter((r) => r.activity === 'playerError').map((r) => r.record);
}
/** Every stored record schema-valid, none duplicated, and sequences without gaps per activity. */
function expectClean(records: StoredRecord[]): void {
  expect(records.filter((r) => !r.valid).map((r) => r.errors)).to.deep.equal([]);
  expect(records.filter((r) => r.duplicate)).to.have.length(0);
  for (const activity of ['playback_metrics', 'playerError']) {
    const sequences = records.filter((r) => r.activity === activity).map((r) => r.record.sequence);
    expect(sequences).to.deep.equal(
      sequences.map((_, i) => i + 1),
      activity + ' sequences'
    );
  }
}
function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

for (const shaka of [4, 5] as const) {
  describe(`agent end to end with Shaka ${shaka === 4 ? '4.16' : '5.2'}`, function () {
    this.timeout(60000);
    const env = useE2eEnvironment();
    let app: AgentPage;
    let url: string;

    beforeEach(async () => {
      url = env().server.url;
      await resetServer(url);
    });
    afterEach(async () => {
      if (app) await app.close();
    });

    async function open(profileExtra: Record<string, unknown> = {}, identity?: object): Promise<AgentPage> {
      app = await AgentPage.open(env().browser, url, shaka, e2eProfile(url, profileExtra), identity ?? { accountId: 'acc-1', userId: 'user-1' });
      return app;
    }
    async function sessionRecords(predicate: (records: StoredRecord[]) => boolean): Promise<StoredRecord[]> {
      await app.call('flush');
      return waitForRecords(url, (records) => predicate(records.filter((r) => r.record.metadata.appSessionId === app.appSessionId))).then((records) =>
        records.filter((r) => r.record.metadata.appSessionId === app.appSessionId)
      );
    }

    it('VOD DASH: metrics every interval, bytes within 2 % of what the server sent, uri without query', async () => {
      const token = `vod${shaka}`;
      await open();
      await app.call('track', { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-1' });
      await app.call('configure', { streaming: { bufferingGoal: 60 } }); // fetch the whole 20 s
      expect(await app.call('load', `${url}/media/${token}/vod-dash/manifest.mpd?token=secret`)).to.deep.equal({ ok: true });
      await app.page.waitForFunction(
        () => {
          const s = (window as any).app.state();
          return s.bufferedEnd >= s.duration - 0.1;
        },
        undefined,
        { timeout: 15000 }
      );
      await app.playFor(5);
      const state = await app.state();
      await app.call('end');
      const records = await sessionRecords((r) => metrics(r).length >= 3);
      expectClean(records);
      const list = metrics(records);
      expect(list.length).to.be.within(3, 6);
      expect(new Set(list.map((r) => r.metadata.playbackSessionId)).size).to.equal(1);
      for (const r of list) {
        expect(r).to.include({ accountId: 'acc-1', userId: 'user-1' });
        expect(r.metadata).to.include({ contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-1' });
        expect(r.metadata.uri).to.equal(`${url}/media/${token}/vod-dash/manifest.mpd`);
        expect(r.metadata.availableBitrates).to.deep.equal([...new Set(state.bandwidths)].sort((a, b) => a - b));
      }
      // progress is the media position; the last record is taken at end()
      const progress = list.map((r) => r.metadata.playbackProgress);
      expect(progress).to.deep.equal([...progress].sort((a, b) => a - b));
      expect(progress[progress.length - 1]).to.be.closeTo(state.currentTime, 1);
      const served = await fetchBytes(url, token);
      const counted = sum(list.map((r) => r.metadata.bytesDownloaded));
      expect(Math.abs(counted - (served.manifestBytes + served.segmentBytes))).to.be.at.most(0.02 * served.segmentBytes);
      expect(list[0].metadata.downloadBitRate).to.be.greaterThan(0);
      expect(list[list.length - 1].metadata.downloadBitrateAverage).to.be.greaterThan(0);
      expect(sum(list.map((r) => r.metadata.totalVideoFrames))).to.be.greaterThan(50);
      expect(list.every((r) => state.bandwidths.includes(r.metadata.selectedBitrate))).to.equal(true);
      expect(list.slice(0, -1).every((r) => r.metadata.bufferedDuration > 0)).to.equal(true);
    });

    it('VOD HLS: valid records, bytes within 2 % of what the server sent', async () => {
      const token = `hls${shaka}`;
      await open();
      await app.call('track', { contentType: 'npvr-event', contentSource: 'OTT', editorialId: 'rec-7' });
      await app.call('configure', { streaming: { bufferingGoal: 60 } });
      expect(await app.call('load', `${url}/media/${token}/vod-hls/master.m3u8`)).to.deep.equal({ ok: true });
      await app.page.waitForFunction(
        () => {
          const s = (window as any).app.state();
          return s.bufferedEnd >= s.duration - 0.2;
        },
        undefined,
        { timeout: 15000 }
      );
      await app.playFor(3);
      await app.call('end');
      const records = await sessionRecords((r) => metrics(r).length >= 2);
      expectClean(records);
      const list = metrics(records);
      expect(list[0].metadata).to.include({ contentType: 'npvr-event', editorialId: 'rec-7' });
      const served = await fetchBytes(url, token);
      const counted = sum(list.map((r) => r.metadata.bytesDownloaded));
      expect(Math.abs(counted - (served.manifestBytes + served.segmentBytes))).to.be.at.most(0.02 * served.segmentBytes);
    });

    it('live-event on IPTV then OTT: technical IDs from the channel map, progress from the programme start', async () => {
      await open();
      const ids: string[] = [];
      for (const source of ['IPTV', 'OTT']) {
        const eventStart = Date.now() - 120000;
        await app.call('track', { contentType: 'live-event', contentSource: source, editorialId: 'bbc-one', programmeId: 'prog-1', eventStart });
        expect(await app.call('load', `${url}/media/live-${source}${shaka}/live/manifest.mpd`)).to.deep.equal({ ok: true });
        await app.playFor(2.5);
        await app.call('end');
        const records = await sessionRecords((r) => metrics(r).filter((m) => m.metadata.contentSource === source).length >= 2);
        const mine = metrics(records).filter((m) => m.metadata.contentSource === source);
        expect(mine.length).to.be.at.least(2);
        for (const r of mine) {
          expect(r.metadata).to.include({ contentType: 'live-event', editorialId: 'bbc-one', programmeId: 'prog-1' });
          // the playhead trails the wall clock by the live delay and the buffer
          const wallProgress = (Date.parse(r.timestamp) - eventStart) / 1000;
          expect(r.metadata.playbackProgress).to.be.within(wallProgress - 30, wallProgress);
          expect(r.metadata.uri).to.match(/\/live\/manifest\.mpd$/);
        }
        ids.push(mine[0].metadata.technicalId);
      }
      expect(ids).to.deep.equal(['239.100.1.1', 'ott-bbc-one-hd']);
      expectClean(await collectorRecords(url));
    });

    it('start-over: progress counts from the programme start inside the DVR window; a programme change re-bases it', async () => {
      await open();
      const eventStart = Date.now() - 200000;
      await app.call('track', { contentType: 'start-over', contentSource: 'OTT', editorialId: 'show-9', programmeId: 'prog-a', eventStart });
      expect(await app.call('load', `${url}/media/so${shaka}/live/manifest.mpd`)).to.deep.equal({ ok: true });
      const state = await app.state();
      // seek to the programme start (the DVR window holds 300 s)
      const target = state.currentTime + (eventStart - (state.playheadDate as number)) / 1000;
      expect(target).to.be.greaterThan(state.seekRange.start);
      // An interval record may fall between the load and the seek (at the live edge, ~190 s in), and
      // Shaka's playhead date follows the seek only once the player has taken it: only the records
      // taken after the playhead date has reached the programme start must count from it.
      await app.page.evaluate((t) => {
        (document.getElementById('video') as HTMLVideoElement).currentTime = t;
      }, target);
      const seekedAt = await app.page
        .waitForFunction(
          ([start]) => {
            const date = (window as any).app.state().playheadDate;
            return date !== null && Math.abs(date - start) < 5000 && Date.now();
          },
          [eventStart],
          { timeout: 15000, polling: 50 }
        )
        .then((handle) => handle.jsonValue() as Promise<number>);
      await app.playFor(4.5);
      const nextStart = eventStart - 3600000;
      await app.call('update', { programmeId: 'prog-b', eventStart: nextStart });
      await app.playFor(2.5);
      await app.call('end');
      const records = await sessionRecords((r) => metrics(r).some((m) => m.metadata.programmeId === 'prog-b'));
      expectClean(records);
      const list = metrics(records);
      const before = list.filter((r) => r.metadata.programmeId === 'prog-a');
      const after = list.filter((r) => r.metadata.programmeId === 'prog-b');
      expect(before.length).to.be.at.least(2);
      expect(after.length).to.be.at.least(1);
      const late = before.filter((r) => Date.parse(r.timestamp) > seekedAt && r.metadata.playbackProgress > 1);
      expect(late.length).to.be.at.least(1);
      for (const r of late) expect(r.metadata.playbackProgress).to.be.within(0, 12);
      for (const r of after) expect(r.metadata.playbackProgress).to.be.within(3600, 3615);
    });

    it('bitrate switch: selectedBitrate follows a manual selectVariantTrack', async () => {
      await open();
      await app.call('track', { contentType: 'vod-ed', editorialId: 'film-2' });
      expect(await app.call('load', `${url}/media/abr${shaka}/vod-dash/manifest.mpd`)).to.deep.equal({ ok: true });
      const low = await app.call<number>('selectVariant', 'lowest');
      await app.playFor(2.5);
      const high = await app.call<number>('selectVariant', 'highest');
      await app.playFor(4.5);
      await app.call('end');
      const records = await sessionRecords((r) => metrics(r).length >= 3);
      expectClean(records);
      const selected = metrics(records).map((r) => r.metadata.selectedBitrate);
      expect(selected).to.include(low);
      expect(selected[selected.length - 1]).to.equal(high);
      expect(low).to.be.lessThan(high);
    });

    it('a 404 manifest: one playerError for the failed load(), named from the shaka module', async () => {
      await open();
      await app.call('track', { contentType: 'vod-ed', editorialId: 'film-3' });
      const outcome = await app.call<{ ok: boolean; code: number }>('load', `${url}/media/e404${shaka}~404=manifest.mpd/vod-dash/manifest.mpd?sig=abc`);
      expect(outcome).to.include({ ok: false, code: 1001 });
      const records = await sessionRecords((r) => errorsOf(r).length >= 1);
      expectClean(records);
      const errors = errorsOf(records);
      expect(errors).to.have.length(1);
      expect(errors[0].metadata).to.include({ errorCode: '1001', editorialId: 'film-3' });
      expect(errors[0].metadata.errorMsg).to.match(/^NETWORK\.BAD_HTTP_STATUS \(1\.1001\) on load: .*manifest\.mpd 404/);
      expect(errors[0].metadata.errorMsg).to.not.contain('sig=');
      expect(errors[0].metadata.playerTypeVersion).to.match(new RegExp(`^shaka-player/v${shaka === 4 ? '4\\.16' : '5\\.2'}\\.`));
    });

    it('a corrupt segment: a critical MEDIA error is reported once', async () => {
      await open();
      await app.call('track', { contentType: 'vod-ed', editorialId: 'film-4' });
      await app.call('load', `${url}/media/bad${shaka}~corrupt=seg-*-2.m4s/vod-dash/manifest.mpd`);
      const records = await sessionRecords((r) => errorsOf(r).length >= 1);
      expectClean(records);
      const errors = errorsOf(records);
      expect(errors).to.have.length(1);
      expect(errors[0].metadata.errorMsg).to.match(/^MEDIA\.\w+ \(3\.\d+\)/);
    });

    it('load() of new content ends one playback session and starts the next; destroy() ends the playback', async () => {
      await open();
      await app.call('track', { contentType: 'vod-ed', editorialId: 'film-5' });
      await app.call('load', `${url}/media/ra${shaka}/vod-dash/manifest.mpd`);
      await app.playFor(2.5);
      await app.call('load', `${url}/media/rb${shaka}/vod-hls/master.m3u8`);
      await app.playFor(2.5);
      await app.call('destroy');
      const records = await sessionRecords((r) => new Set(metrics(r).map((m) => m.metadata.playbackSessionId)).size >= 2);
      expectClean(records);
      const list = metrics(records);
      const sessions = [...new Set(list.map((r) => r.metadata.playbackSessionId))];
      expect(sessions).to.have.length(2);
      const first = list.filter((r) => r.metadata.playbackSessionId === sessions[0]);
      const second = list.filter((r) => r.metadata.playbackSessionId === sessions[1]);
      expect(first.every((r) => /\/ra\d\/vod-dash\//.test(r.metadata.uri))).to.equal(true);
      expect(second.every((r) => /\/rb\d\/vod-hls\//.test(r.metadata.uri))).to.equal(true);
      // Nothing after destroy(): the playback ended and removed its listeners and timer. A marker
      // playback tracked after destroy() sends its first record a whole metrics interval later; a
      // timer left running would have enqueued a record for the destroyed one before that, and the
      // queue sends in order, so once the marker's record is stored that one would be too.
      await app.call('newPlayer');
      await app.call('track', { contentType: 'vod-ed', editorialId: 'marker' });
      await app.call('load', `${url}/media/rc${shaka}/vod-dash/manifest.mpd`);
      const after = await sessionRecords((r) => metrics(r).some((m) => m.metadata.editorialId === 'marker'));
      expect(metrics(after).some((m) => m.metadata.editorialId === 'marker')).to.equal(true);
      expect(metrics(after).filter((m) => sessions.indexOf(m.metadata.playbackSessionId) >= 0)).to.have.length(list.length);
    });

    it('page hide: queued records leave by sendBeacon as text/plain', async () => {
      // The first flush falls anywhere in the interval: with a day, not within these seconds of play
      // (300 s gave one run in about seventy a flush before the hide).
      await open({ vault: { flushIntervalSeconds: 86400 } });
      await app.call('track', { contentType: 'ltcu', contentSource: 'OTT', editorialId: 'catchup-1' });
      await app.call('load', `${url}/media/hide${shaka}/vod-dash/manifest.mpd`);
      await app.playFor(4.5);
      expect((await collectorRecords(url)).length).to.equal(0);
      expect((await app.call<any>('status')).queued).to.be.at.least(2);
      await app.call('hide');
      const records = await waitForRecords(url, (r) => r.length >= 2);
      expectClean(records);
      expect(records.every((r) => /^text\/plain/.test(r.contentType))).to.equal(true);
      expect(metrics(records)[0].metadata.contentType).to.equal('ltcu');
      expect((await app.call<any>('status')).queued).to.equal(0);
    });
  });
}
