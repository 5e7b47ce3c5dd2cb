import { expect } from 'chai';
import * as sinon from 'sinon';
import { Agent } from '../../../src/agent/agent';
import { Playback } from '../../../src/agent/playback';
import { ContentDescription } from '../../../src/vault/content';
import { contractProblems, CONTENT_TYPES, METRICS_FIELDS } from '../../helpers/contract';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, FakePlayer, REQUEST_MANIFEST, REQUEST_SEGMENT, shakaError } from '../../helpers/fake-player';
import { DeliveredRecord } from '../../helpers/scripted-transport';

var OTT_URI = 'https://cdn.example/live/ch-1/manifest.mpd?token=secret#t=5';
var OTT_URI_PLAIN = 'https://cdn.example/live/ch-1/manifest.mpd';
var IPTV_URI = 'http://192.168.1.1:4022/udp/239.1.1.1:1234/manifest.mpd';
var EVENT_START = START - 1800 * 1000; // the programme began 30 minutes ago

var PROFILE = {
  contentSource: 'IPTV',
  channels: { 'ch-1': { IPTV: 'iptv-tech-1', OTT: 'ott-tech-1' }, 'ch-2': { OTT: 'ott-tech-2' } },
  blend: { iptvUriPattern: '^https?://192\\.168\\.' },
};

function contentFor(type: string): ContentDescription {
  switch (type) {
    case 'live-event':
      return { contentType: 'live-event', editorialId: 'ch-1', programmeId: 'prog-1', eventStart: EVENT_START };
    case 'live-stcu-event':
    case 'start-over':
      return { contentType: type, contentSource: 'OTT', editorialId: 'event-9', eventStart: EVENT_START } as ContentDescription;
    default:
      return { contentType: type, contentSource: 'OTT', editorialId: 'content-5' } as ContentDescription;
  }
}

describe('agent records', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;
  var agent: Agent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    if (agent) agent.shutdown();
    timers.restore();
  });

  function start(profileExtra?: { [key: string]: any }, options?: { [key: string]: any }): TestAgent {
    var p: { [key: string]: any } = {};
    for (var k in PROFILE) p[k] = (PROFILE as any)[k];
    for (var j in profileExtra || {}) p[j] = profileExtra![j];
    t = startAgent(timers, p, options);
    agent = t.agent;
    return t;
  }

  var playback: Playback;

  /** A player with three variants, a live playhead date, and the media loaded; `playback` is its playback. */
  async function playing(content: ContentDescription, uri?: string): Promise<FakePlayer> {
    var player = new FakePlayer();
    player.setVariants([800000, 2500000, 5000000], 1);
    player.playheadDate = new Date(START - 60000);
    playback = agent.track(player, content);
    player.load(uri || OTT_URI);
    player.resolveLoad();
    await flushPromises();
    // Shaka's last choice (5 Mbit/s) differs from the variant the track list shows active (2.5 Mbit/s).
    player.emit('adaptation', { newTrack: { bandwidth: 5000000, active: true } });
    player.download(REQUEST_MANIFEST, 5000, 40);
    return player;
  }

  /** Plays `seconds` of media with a segment download per 4 s, as the fake clock runs. */
  function playFor(player: FakePlayer, seconds: number): void {
    for (var s = 0; s < seconds; s++) {
      player.play(1);
      player.media!.bufferedRanges = [{ start: 0, end: player.media!.currentTime + 20 }];
      if (s % 4 === 0) player.download(REQUEST_SEGMENT, 1250000, 1000); // 10 Mbit/s
      timers.tick(1000);
    }
  }

  function deliver(): void {
    agent.flush();
    timers.tick(5000);
  }

  function metrics(): DeliveredRecord[] {
    return t.transport.delivered('playback_metrics');
  }
  function errors(): DeliveredRecord[] {
    return t.transport.delivered('playerError');
  }

  describe('every content type and activity', function () {
    CONTENT_TYPES.forEach(function (type) {
      it('sends a playback_metrics record for ' + type + ' that matches the contract', async function () {
        start();
        var player = await playing(contentFor(type));
        playFor(player, 60);
        deliver();
        var records = metrics();
        expect(records).to.have.length(1);
        var r = records[0];
        expect(contractProblems(r)).to.deep.equal([]);
        expect(r.activityName).to.equal('playback_metrics');
        expect(r.metadata.appSessionId).to.equal(agent.appSessionId);
        expect(r.metadata.contentType).to.equal(type);
        expect(r.metadata.editorialId).to.equal(contentFor(type).editorialId);
        expect(r.metadata.uri).to.equal(OTT_URI_PLAIN);
        expect(r.metadata.bytesDownloaded).to.equal(5000 + 15 * 1250000);
        expect(r.metadata.downloadBitRate).to.equal(10000000);
        expect(r.metadata.totalVideoFrames).to.equal(1500);
        expect(r.metadata.availableBitrates).to.deep.equal([800000, 2500000, 5000000]);
        expect(r.metadata.streamBitrate).to.equal(2500000);
        expect(r.metadata.selectedBitrate).to.equal(5000000);
        expect(r.metadata.bufferedDuration).to.equal(20);
      });

      it('sends a playerError record for ' + type + ' that matches the contract', async function () {
        start();
        var player = await playing(contentFor(type));
        playFor(player, 5);
        player.emit('error', { detail: shakaError(CRITICAL, 1, 1001, [OTT_URI, 404]) });
        timers.tick(2100);
        var records = errors();
        expect(records).to.have.length(1);
        var r = records[0];
        expect(contractProblems(r)).to.deep.equal([]);
        expect(r.metadata.contentType).to.equal(type);
        expect(r.metadata.errorCode).to.equal('1001');
        expect(r.metadata.errorMsg).to.equal('1.1001 (1.1001): ' + OTT_URI_PLAIN + ' 404');
        expect(r.metadata.playerTypeVersion).to.equal('shaka-player/v4.16.50');
      });
    });

    it('carries editorialId, technicalId and programmeId of a live-event on both activities', async function () {
      start();
      var player = await playing(contentFor('live-event'), IPTV_URI);
      playFor(player, 60);
      player.emit('error', { detail: shakaError(CRITICAL, 3, 3016) });
      deliver();
      [metrics()[0], errors()[0]].forEach(function (r) {
        expect(r.metadata).to.deep.include({ contentSource: 'IPTV', editorialId: 'ch-1', technicalId: 'iptv-tech-1', programmeId: 'prog-1' });
      });
    });
  });

  describe('unmeasurable values', function () {
    it('sends null, never 0 or NaN, for what the player cannot measure', async function () {
      start();
      var player = new FakePlayer();
      player.networking = null;
      player.media = null; // no position, buffer or frame counters
      agent.track(player, contentFor('vod-ed'));
      timers.tick(60000);
      deliver();
      var m = metrics()[0].metadata;
      expect(contractProblems(metrics()[0])).to.deep.equal([]);
      METRICS_FIELDS.forEach(function (k) {
        if (k === 'availableBitrates') expect(m[k]).to.deep.equal([]);
        else expect(m[k], k).to.equal(null);
      });
    });

    it('sends null throughput for an interval without a segment, and null frames when they stay at zero while playing', async function () {
      start();
      var player = await playing(contentFor('vod-ed'));
      player.play(60, 0); // playing, but the engine's frame counters stay at 0
      timers.tick(60000);
      deliver();
      var m = metrics()[0].metadata;
      expect(m.downloadBitRate).to.equal(null);
      expect(m.downloadBitrateAverage).to.equal(null);
      expect(m.totalVideoFrames).to.equal(null);
      expect(m.droppedVideoFrames).to.equal(null);
      expect(m.bytesDownloaded).to.equal(5000);
    });
  });

  describe('uri', function () {
    it('removes query string and fragment by default', async function () {
      start();
      await playing(contentFor('vod-ed'));
      timers.tick(60000);
      deliver();
      expect(metrics()[0].metadata.uri).to.equal(OTT_URI_PLAIN);
    });

    it('keeps them when privacy.keepUriQuery', async function () {
      start({ privacy: { keepUriQuery: true } });
      await playing(contentFor('vod-ed'));
      timers.tick(60000);
      deliver();
      expect(metrics()[0].metadata.uri).to.equal(OTT_URI);
    });
  });

  describe('technical channel IDs', function () {
    async function technicalIdFor(content: ContentDescription, uri: string): Promise<string | undefined> {
      start();
      await playing(content, uri);
      timers.tick(60000);
      deliver();
      return metrics()[0].metadata.technicalId;
    }

    it('uses the profile IPTV ID for IPTV', async function () {
      var content: ContentDescription = { contentType: 'live-event', contentSource: 'IPTV', editorialId: 'ch-1', programmeId: 'p' };
      expect(await technicalIdFor(content, IPTV_URI)).to.equal('iptv-tech-1');
    });

    it('uses the profile OTT ID, a different one, for OTT', async function () {
      var content: ContentDescription = { contentType: 'live-event', contentSource: 'OTT', editorialId: 'ch-1', programmeId: 'p' };
      expect(await technicalIdFor(content, OTT_URI)).to.equal('ott-tech-1');
    });

    it('lets the technicalId the app gives win', async function () {
      var content: ContentDescription = { contentType: 'live-event', editorialId: 'ch-1', programmeId: 'p', technicalId: 'app-tech' };
      expect(await technicalIdFor(content, IPTV_URI)).to.equal('app-tech');
    });

    it('decides Blend by blend.iptvUriPattern: a gateway URI is IPTV', async function () {
      var content: ContentDescription = { contentType: 'live-event', contentSource: 'Blend', editorialId: 'ch-1', programmeId: 'p' };
      expect(await technicalIdFor(content, IPTV_URI)).to.equal('iptv-tech-1');
      expect(metrics()[0].metadata.contentSource).to.equal('Blend');
    });

    it('decides Blend by blend.iptvUriPattern: a CDN URI is OTT', async function () {
      var content: ContentDescription = { contentType: 'live-event', contentSource: 'Blend', editorialId: 'ch-1', programmeId: 'p' };
      expect(await technicalIdFor(content, OTT_URI)).to.equal('ott-tech-1');
      expect(metrics()[0].metadata.contentSource).to.equal('Blend');
    });

    it('rejects a live-event whose technicalId cannot be resolved: counted, logged naming the field, nothing sent', async function () {
      start();
      var player = await playing({ contentType: 'live-event', contentSource: 'IPTV', editorialId: 'ch-2', programmeId: 'p' }, IPTV_URI);
      playFor(player, 120);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      deliver();
      expect(t.transport.exchanges).to.have.length(0);
      expect(agent.status().rejected).to.equal(1);
      var logged = t.logger.messages('error');
      expect(logged).to.have.length(1);
      expect(logged[0]).to.contain('technicalId: none for editorialId "ch-2" on IPTV');
    });

    it('rejects a Blend live-event on a URI whose path has no ID in the channel map', async function () {
      start();
      await playing({ contentType: 'live-event', contentSource: 'Blend', editorialId: 'ch-2', programmeId: 'p' }, IPTV_URI);
      timers.tick(60000);
      deliver();
      expect(t.transport.exchanges).to.have.length(0);
      expect(agent.status().rejected).to.equal(1);
      expect(t.logger.messages('error')[0]).to.contain('technicalId: none for editorialId "ch-2" on IPTV');
    });
  });

  describe('invalid content', function () {
    it('rejects a live-event without programmeId, names the field, sends nothing', async function () {
      start();
      var player = await playing({ contentType: 'live-event', editorialId: 'ch-1' } as ContentDescription);
      playFor(player, 60);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      deliver();
      expect(t.transport.exchanges).to.have.length(0);
      expect(agent.status().rejected).to.equal(1);
      expect(t.logger.messages('error')[0]).to.contain('programmeId: is required');
    });

    it('rejects an unknown contentType without throwing', async function () {
      start();
      var player = new FakePlayer();
      expect(function () {
        agent.track(player, { contentType: 'movie', editorialId: 'x' } as any);
        agent.track(new FakePlayer(), null as any);
      }).not.to.throw();
      timers.tick(60000);
      deliver();
      expect(t.transport.exchanges).to.have.length(0);
      expect(agent.status().rejected).to.equal(2);
      expect(t.logger.messages('error')[0]).to.contain('contentType: must be one of');
    });

    it('tracks the playback once the app fixes the content with update()', async function () {
      start();
      var player = await playing({ contentType: 'live-event', editorialId: 'ch-1', eventStart: EVENT_START } as ContentDescription, IPTV_URI);
      timers.tick(30000);
      expect(agent.status().rejected).to.equal(1);
      playback.update({ programmeId: 'prog-1' });
      playFor(player, 60);
      deliver();
      expect(metrics()).to.have.length(1);
      expect(contractProblems(metrics()[0])).to.deep.equal([]);
      expect(metrics()[0].metadata.programmeId).to.equal('prog-1');
      expect(agent.status().rejected).to.equal(1);
    });

    it('rejects an update that breaks the content, and counts it', async function () {
      start();
      await playing(contentFor('live-event'), IPTV_URI);
      timers.tick(60000);
      playback.update({ programmeId: '' });
      timers.tick(120000);
      deliver();
      expect(metrics()).to.have.length(2); // the interval record and the one closing the old programme
      expect(agent.status().rejected).to.equal(1);
      expect(t.logger.messages('error')[0]).to.contain('programmeId: must be a non-empty string');
    });
  });

  describe('playbackProgress', function () {
    ['live-event', 'live-stcu-event', 'start-over'].forEach(function (type) {
      it('counts seconds from the event start on the playhead date for ' + type, async function () {
        start();
        var player = await playing(contentFor(type));
        player.playheadDate = new Date(EVENT_START + 1500 * 1000);
        player.media!.currentTime = 7; // the media position is not what counts here
        timers.tick(60000);
        deliver();
        expect(metrics()[0].metadata.playbackProgress).to.equal(1500);
      });
    });

    ['ltcu', 'npvr-event', 'vod-ed'].forEach(function (type) {
      it('uses the media position for ' + type + ', never asking for the playhead date', async function () {
        start();
        var player = await playing(contentFor(type));
        player.media!.currentTime = 123.4567;
        timers.tick(60000);
        deliver();
        expect(metrics()[0].metadata.playbackProgress).to.equal(123.457);
        expect(player.calls.getPlayheadTimeAsDate).to.equal(undefined);
      });
    });

    it('re-bases on a programme change: the interval so far goes with the old programme, the next with the new', async function () {
      start();
      var player = await playing(contentFor('live-event'), IPTV_URI);
      player.playheadDate = new Date(EVENT_START + 3540 * 1000);
      playFor(player, 60); // playhead at programme 1 + 3600 s
      var nextStart = EVENT_START + 3600 * 1000;
      playFor(player, 20); // 20 s into programme 2
      playback.update({ programmeId: 'prog-2', eventStart: nextStart });
      playFor(player, 60);
      deliver();
      var records = metrics().map(function (r) {
        return [r.metadata.programmeId, r.metadata.playbackProgress, r.metadata.playbackSessionId];
      });
      var session = records[0][2];
      expect(records).to.deep.equal([
        ['prog-1', 3600, session],
        ['prog-1', 3620, session],
        ['prog-2', 80, session],
      ]);
    });

    it('carries the new programmeId on the next record even without a new eventStart', async function () {
      start();
      await playing(contentFor('live-event'), IPTV_URI);
      timers.tick(10000);
      playback.update({ programmeId: 'prog-2' });
      timers.tick(60000);
      deliver();
      expect(
        metrics().map(function (r) {
          return r.metadata.programmeId;
        })
      ).to.deep.equal(['prog-1', 'prog-2']);
    });
  });
});
