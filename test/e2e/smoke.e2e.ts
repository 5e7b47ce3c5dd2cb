// Smoke test of the e2e infrastructure: real Shaka 4.16 and 5.2 in headless Chromium play the
// committed VOD streams and the server's live stream, and the server counts what they fetched.
import { expect } from 'chai';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_STREAMS_DIR } from '../../server/start';
import { logsOf, newPage } from './browser';
import { useE2eEnvironment } from './environment';
import { fetchBytes, playFor, type PlayerSnapshot } from './player-page';

const PLAY_SECONDS = 2;

describe('e2e smoke: Shaka plays the test streams', () => {
  const env = useE2eEnvironment();

  for (const shaka of ['4', '5'] as const) {
    describe(`Shaka ${shaka}`, () => {
      let page: Page;
      let server: { url: string };
      const token = (stream: string) => `smoke-shaka${shaka}-${stream}-${Date.now()}`;

      before(async () => {
        server = env().server;
        page = await newPage(env().browser, `${server.url}/e2e/player.html?shaka=${shaka}`);
      });

      afterEach(function () {
        if (this.currentTest?.state === 'failed') {
          console.log(
            `page log (Shaka ${shaka}):\n` +
              logsOf(page)
                .map((e) => `  [${e.type}] ${e.text}`)
                .join('\n')
          );
        }
      });

      after(async () => page?.close());

      it('plays VOD DASH, and the server counts exactly the manifest it sent', async () => {
        const name = token('vod-dash');
        const { before: start, after: end } = await playFor(page, `${server.url}/media/${name}/vod-dash/manifest.mpd`, PLAY_SECONDS);
        expectPlayedVod(start, end, shaka);
        const bytes = await fetchBytes(server.url, name);
        expect(bytes.manifestBytes).to.equal(statSync(join(DEFAULT_STREAMS_DIR, 'vod-dash', 'manifest.mpd')).size);
        expect(bytes.segmentBytes).to.be.greaterThan(0);
        expect(bytes.totalBytes).to.be.at.least(end.bytesDownloaded);
      });

      it('plays VOD HLS (MPEG-TS), and the server counts playlists and segments', async () => {
        const name = token('vod-hls');
        const { before: start, after: end } = await playFor(page, `${server.url}/media/${name}/vod-hls/master.m3u8`, PLAY_SECONDS);
        expectPlayedVod(start, end, shaka);
        const bytes = await fetchBytes(server.url, name);
        expect(bytes.manifestBytes).to.be.at.least(statSync(join(DEFAULT_STREAMS_DIR, 'vod-hls', 'master.m3u8')).size);
        expect(bytes.requests.manifest).to.be.at.least(2); // master + at least one media playlist
        expect(bytes.segmentBytes).to.be.greaterThan(0);
      });

      it('plays live DASH as live, with a DVR window and a wall-clock playhead date', async () => {
        const name = token('live-dash');
        const { before: start, after: end } = await playFor(page, `${server.url}/media/${name}/live/manifest.mpd`, PLAY_SECONDS);
        expectPlayedLive(start, end);
        const bytes = await fetchBytes(server.url, name);
        expect(bytes.manifestBytes).to.be.greaterThan(0);
        expect(bytes.segmentBytes).to.be.greaterThan(0);
        expect(bytes.requests.other, 'UTCTiming requests').to.be.at.least(1);
      });

      it('plays live HLS (fMP4, PROGRAM-DATE-TIME) as live, with a wall-clock playhead date', async () => {
        const name = token('live-hls');
        const { before: start, after: end } = await playFor(page, `${server.url}/media/${name}/live/master.m3u8`, PLAY_SECONDS);
        expectPlayedLive(start, end);
        const bytes = await fetchBytes(server.url, name);
        expect(bytes.requests.manifest).to.be.at.least(3); // master, video and audio playlists
        expect(bytes.segmentBytes).to.be.greaterThan(0);
      });
    });
  }
});

function expectPlayedVod(start: PlayerSnapshot, end: PlayerSnapshot, shaka: string): void {
  expect(end.shakaVersion).to.match(new RegExp(`^v${shaka}\\.`));
  expect(end.errors).to.deep.equal([]);
  expect(end.isLive).to.equal(false);
  expect(end.currentTime - start.currentTime).to.be.at.least(PLAY_SECONDS);
  expect(end.variantBandwidths).to.have.length(2);
}

function expectPlayedLive(start: PlayerSnapshot, end: PlayerSnapshot): void {
  expect(end.errors).to.deep.equal([]);
  expect(end.isLive).to.equal(true);
  expect(end.currentTime - start.currentTime).to.be.at.least(PLAY_SECONDS);
  expect(end.seekRange.end - end.seekRange.start, 'seek range width').to.be.greaterThan(60);
  expect(end.playheadDate, 'getPlayheadTimeAsDate()').to.be.a('number');
  // The playhead sits behind the live edge by the presentation delay plus a segment or two.
  const behindSeconds = (end.now - (end.playheadDate as number)) / 1000;
  expect(behindSeconds, 'seconds the playhead date is behind the wall clock').to.be.within(-1, 30);
}
