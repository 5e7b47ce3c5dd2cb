import { expect } from 'chai';
import * as sinon from 'sinon';
import { PluginHost } from '../../../src/agent/plugin';
import { KavaEventType as E, plugin } from '../../../src/kava';
import { fakeClock, recordingLogger } from '../../helpers/env';
import { CRITICAL, REQUEST_MANIFEST, REQUEST_SEGMENT, shakaError } from '../../helpers/fake-player';
import {
  advance,
  attempts,
  end,
  ENTRY,
  events,
  Kava,
  KavaFakePlayer,
  last,
  loadMedia,
  ofType,
  PARTNER,
  pause,
  play,
  resume,
  seek,
  settle,
  START,
  startKava,
} from './fixture';

var COMMON = [
  'eventType',
  'partnerId',
  'entryId',
  'sessionId',
  'eventIndex',
  'deliveryType',
  'playbackType',
  'clientVer',
  'clientTag',
  'position',
  'playbackSpeed',
];
var INTEGER = /^-?\d+$/;
var FLOAT = /^-?\d+(\.\d{1,3})?$/;

describe('kava parameters', function () {
  var timers: sinon.SinonFakeTimers;
  var k: Kava;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    if (k) k.agent.shutdown();
    timers.restore();
  });

  /** A session with most event types. */
  async function busySession(): Promise<void> {
    await loadMedia(k, { duration: 60 });
    k.player.textTracks = [{ id: 1, language: 'en', active: true }];
    k.player.emit('trackschanged');
    play(k, 800);
    advance(k, 12, 2);
    k.player.emit('buffering', { buffering: true });
    timers.tick(1500);
    k.player.emit('buffering', { buffering: false });
    seek(k, 40);
    k.player.rate = 1.5;
    k.player.video.fire('ratechange');
    pause(k);
    resume(k);
    k.player.textVisible = true;
    k.player.emit('texttrackvisibility');
    k.player.audioLanguage = 'fr';
    k.player.emit('variantchanged');
    k.player.choose(2); // adaptation
    advance(k, 12, 2);
    k.player.emit('error', { detail: shakaError(CRITICAL, 3, 3016) });
    end(k);
    settle(timers);
  }

  it('sends the common parameters on every event, with integer IDs and millisecond floats', async function () {
    k = startKava(timers);
    await busySession();
    var sent = events(k);
    var seen: { [type: string]: boolean } = {};
    sent.forEach(function (e) {
      seen[e.eventType] = true;
      COMMON.forEach(function (name) {
        expect(e, 'event ' + e.eventType + ' lacks ' + name).to.have.property(name);
      });
      if (e.eventType !== '1') expect(e.caption, 'caption on ' + e.eventType).to.be.a('string'); // text tracks came after IMPRESSION
      expect(e.eventType).to.match(INTEGER);
      expect(e.eventIndex).to.match(INTEGER);
      expect(e.partnerId).to.equal(String(PARTNER));
      expect(e.entryId).to.equal(ENTRY);
      expect(e.position).to.match(FLOAT);
      expect(e.clientVer).to.equal('html5:v4.16.50'); // the player's version
      ['bufferTime', 'bufferTimeSum', 'playTimeSum', 'joinTime', 'targetPosition', 'segmentDownloadTime', 'manifestDownloadTime'].forEach(function (name) {
        if (name in e) expect(e[name], name).to.match(FLOAT);
      });
    });
    expect(
      Object.keys(seen)
        .map(Number)
        .sort(function (a, b) {
          return a - b;
        })
    ).to.deep.equal([1, 2, 3, 4, 11, 12, 13, 14, 33, 35, 38, 41, 42, 43, 45, 46, 98, 99]);
  });

  it('leaves out ks, virtualEventId, uiConfId, customVars, sessionStartTime and referrer when there are none', async function () {
    k = startKava(timers);
    await busySession();
    events(k).forEach(function (e) {
      ['ks', 'virtualEventId', 'uiConfId', 'customVar1', 'customVar2', 'customVar3', 'sessionStartTime', 'referrer', 'playlistId'].forEach(function (name) {
        expect(e, name).to.not.have.property(name);
      });
    });
  });

  it('sends ks and virtualEventId from the content, uiConfId, clientVer and customVars from the profile', async function () {
    k = startKava(timers, { uiConfId: 4711, clientVer: '3.2.1', customVar1: 'a b&c', customVar2: 7, customVar3: false });
    await loadMedia(k, { contentExtra: { ks: 'djJ8MTIzNHw=', virtualEventId: 99 } });
    var e = events(k)[0];
    expect(e).to.include({ ks: 'djJ8MTIzNHw=', virtualEventId: '99', uiConfId: '4711', clientVer: 'html5:v3.2.1', clientTag: 'html5:v3.2.1' });
    expect(e).to.include({ customVar1: 'a b&c', customVar2: '7', customVar3: 'false' });
  });

  it('sends nothing and logs one warning when the content has no entryId', async function () {
    k = startKava(timers);
    await loadMedia(k, { contentExtra: { entryId: undefined } });
    play(k);
    advance(k, 25);
    expect(attempts(k)).to.have.length(0);
    var warnings = k.logger.messages('warn').filter(function (m) {
      return /kava/.test(m);
    });
    expect(warnings).to.deep.equal(['tv-telemetry: kava: entryId missing: no Kava events']);
  });

  it('sends nothing and logs one warning when the profile has no partnerId', function () {
    // The profile check refuses this already; the plugin holds the rule by itself too.
    var logger = recordingLogger();
    var sent: string[] = [];
    var profile: any = {
      kava: {
        enabled: true,
        endpoint: 'https://a.example/api_v3/index.php',
        dvrThresholdSeconds: 120,
        viewIntervalSeconds: 10,
        method: 'GET',
        referrerEncoding: 'base64',
      },
    };
    var host = {
      profile: profile,
      logger: logger,
      clock: fakeClock(timers),
      appSessionId: 'app',
      agentVersion: '1.0.0',
      createChannel: function () {
        return {
          enqueue: function (query: string) {
            sent.push(query);
          },
        };
      },
    } as unknown as PluginHost;
    var player = new KavaFakePlayer();
    player.assetUri = 'https://cdn.example/v.mpd';
    player.video.paused = false;
    player.video.readyState = 4;
    var observer = plugin.start!(host)!.track({
      player: player as any,
      content: function () {
        return { raw: { entryId: ENTRY } } as any;
      },
      description: function () {
        return { entryId: ENTRY };
      },
      read: function () {
        return { segmentBytes: 0, segmentMs: 0 } as any;
      },
      playerVersion: function () {
        return 'v4.16.50';
      },
      playbackSessionId: function () {
        return 's';
      },
    })!;
    player.video.fire('pause');
    observer.buffering!(true);
    expect(sent).to.deep.equal([]);
    expect(logger.messages('warn')).to.deep.equal(['tv-telemetry: kava: partnerId missing: no Kava events']);
  });

  it('stays out when kava.enabled is false', function () {
    var host = { profile: { kava: { enabled: false } } } as unknown as PluginHost;
    expect(plugin.start!(host)).to.equal(null);
  });

  describe('deliveryType', function () {
    it('is dash or hls from the manifest Shaka parsed', async function () {
      k = startKava(timers);
      await loadMedia(k, { uri: 'https://cdn.example/a/index?format=x', manifestType: 'HLS' });
      expect(events(k)[0].deliveryType).to.equal('hls');
      await loadMedia(k, { uri: 'https://cdn.example/b/index', manifestType: 'DASH' });
      expect(last(events(k), E.IMPRESSION).deliveryType).to.equal('dash');
    });

    it('falls back to the URI (or MIME type) without a manifest: url for progressive files', async function () {
      k = startKava(timers);
      await loadMedia(k, { uri: 'https://cdn.example/a/movie.mp4', manifestType: null });
      expect(events(k)[0].deliveryType).to.equal('url');
      await loadMedia(k, { uri: 'https://cdn.example/a/master.m3u8?x=1', manifestType: 'MSS' });
      expect(last(events(k), E.IMPRESSION).deliveryType).to.equal('hls');
    });
  });

  describe('playbackType and position', function () {
    it('is vod with the positive position for VOD', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 3);
      pause(k);
      var paused = last(events(k), E.PAUSE);
      expect(paused.playbackType).to.equal('vod');
      expect(Number(paused.position)).to.be.closeTo(3, 0.01);
    });

    it('is live with the negative offset from the live edge, dvr beyond dvrThresholdSeconds', async function () {
      k = startKava(timers);
      await loadMedia(k, { live: true });
      k.player.range = { start: 0, end: 3600 };
      k.player.video.currentTime = 3597.5;
      play(k);
      expect(last(events(k), E.PLAY)).to.include({ playbackType: 'live', position: '-2.5' });
      seek(k, 3450);
      expect(last(events(k), E.SEEK)).to.include({ playbackType: 'dvr', position: '-150', targetPosition: '-150' });
      k.player.video.currentTime = 3600.2; // ahead of the seek range end: on the edge
      pause(k);
      expect(last(events(k), E.PAUSE)).to.include({ playbackType: 'live', position: '0' });
    });

    it('reports a live playhead not yet in the live window (before the first frame) at the edge, not as deep DVR', async function () {
      k = startKava(timers);
      await loadMedia(k, { live: true });
      k.player.range = { start: 3300, end: 3600 };
      k.player.video.currentTime = 0; // Shaka moves it to the edge on start
      k.player.video.paused = false;
      k.player.video.fire('play');
      settle(timers);
      expect(
        events(k).map(function (e) {
          return [e.playbackType, e.position];
        })
      ).to.deep.equal([
        ['live', '0'],
        ['live', '0'],
      ]);
      k.player.video.currentTime = 3597;
      k.player.video.readyState = 4;
      k.player.video.fire('playing');
      settle(timers);
      expect(last(events(k), E.PLAY)).to.include({ playbackType: 'live', position: '-3' });
    });

    it('takes the DVR threshold from the profile', async function () {
      k = startKava(timers, { dvrThresholdSeconds: 300 });
      await loadMedia(k, { live: true });
      k.player.range = { start: 0, end: 3600 };
      k.player.video.currentTime = 3450;
      play(k);
      expect(last(events(k), E.PLAY).playbackType).to.equal('live');
    });
  });

  describe('VIEW', function () {
    it("carries the window's bandwidth (kbps, /1000), longest segment and manifest downloads, buffer health and target", async function () {
      k = startKava(timers);
      await loadMedia(k); // one manifest: 120 ms, in the first window with the start-up
      play(k);
      k.player.video.bufferedRanges = [{ start: 0, end: 1000 }];
      k.player.download(REQUEST_SEGMENT, 250000, 400);
      k.player.download(REQUEST_SEGMENT, 500000, 900);
      k.player.download(REQUEST_SEGMENT, 100000, 20, true); // from cache: ignored
      advance(k, 5);
      k.player.video.bufferedRanges = [{ start: 0, end: 5 + 7.5 }];
      advance(k, 5);
      var first = last(events(k), E.VIEW);
      expect(first.bandwidth).to.equal('4615.385'); // 750000 B * 8 / 1300 ms
      expect(first.segmentDownloadTime).to.equal('0.9');
      expect(first.manifestDownloadTime).to.equal('0.12');
      expect(first.targetBuffer).to.equal('10');
      expect(first.forwardBufferHealth).to.equal('0.25'); // 2.5 s ahead of 10
      k.player.download(REQUEST_MANIFEST, 2000, 300);
      advance(k, 10);
      var second = last(events(k), E.VIEW);
      expect(second).to.not.have.property('bandwidth');
      expect(second).to.not.have.property('segmentDownloadTime');
      expect(second.manifestDownloadTime).to.equal('0.3');
    });

    it('carries droppedFramesRatio for the window, and leaves it out when the engine does not count frames', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      for (var i = 0; i < 10; i++) {
        k.player.play(1, 25, 1);
        timers.tick(1000);
      }
      settle(timers);
      expect(last(events(k), E.VIEW).droppedFramesRatio).to.equal('0.04');
      k.player.video.getVideoPlaybackQuality = undefined; // and no webkit counters either
      advance(k, 20);
      expect(last(events(k), E.VIEW)).to.not.have.property('droppedFramesRatio');
    });

    it('carries playTimeSum, bufferTime(Sum), bitrates, language, and the sound, tab and viewability modes', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      k.player.video.muted = true;
      advance(k, 10);
      var view = last(events(k), E.VIEW);
      expect(view).to.include({ actualBitrate: '1000', averageBitrate: '1000', language: 'en', soundMode: '1', tabMode: '2', viewabilityMode: '2' });
      expect(Number(view.playTimeSum)).to.be.closeTo(10, 0.05);
      k.player.video.muted = false;
      k.player.video.volume = 0;
      advance(k, 10);
      expect(last(events(k), E.VIEW).soundMode).to.equal('1');
      k.player.video.volume = 0.5;
      advance(k, 10);
      expect(last(events(k), E.VIEW).soundMode).to.equal('2');
    });
  });

  it('reports a resume after the end as REPLAY, keeping the other parameters', async function () {
    k = startKava(timers);
    await loadMedia(k, { duration: 5 });
    play(k);
    advance(k, 5);
    end(k);
    k.player.video.ended = false;
    resume(k);
    var replay = last(events(k), E.REPLAY);
    expect(replay.playbackType).to.equal('vod');
    expect(ofType(events(k), E.RESUME)).to.have.length(0);
  });
});
