// A load() that fails: its playerError is sent even for Blend (Shaka forgets the URI before it
// rejects), it closes its playback session, and a retry starts a new one that reports as usual.
import { expect } from 'chai';
import * as sinon from 'sinon';
import { Playback } from '../../../src/agent/playback';
import { ContentDescription } from '../../../src/vault/content';
import { contractProblems } from '../../helpers/contract';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../../helpers/fake-player';
import { DeliveredRecord } from '../../helpers/scripted-transport';

var IPTV_URI = 'http://192.168.1.1:4022/udp/239.1.1.1:1234/manifest.mpd';
var OTT_URI = 'https://cdn.example/live/ch-1/manifest.mpd';
var PROFILE = {
  channels: { 'ch-1': { IPTV: 'iptv-tech-1', OTT: 'ott-tech-1' } },
  blend: { iptvUriPattern: '^https?://192\\.168\\.' },
};
var BLEND_LIVE: ContentDescription = {
  contentType: 'live-event',
  contentSource: 'Blend',
  editorialId: 'ch-1',
  programmeId: 'prog-1',
  eventStart: START - 60000,
};
var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };

describe('agent: a failed load()', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    t = startAgent(timers, PROFILE);
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  /** load() as Shaka 4.16 / 5.x fail it: the asset URI is cleared before the promise rejects. */
  async function failLoad(player: FakePlayer, uri: string): Promise<void> {
    player.load(uri);
    player.assetUri = null;
    player.rejectLoad(shakaError(CRITICAL, 1, 1001, [uri, 404]));
    await flushPromises();
  }
  async function succeedLoad(player: FakePlayer, uri: string): Promise<void> {
    player.load(uri);
    player.emit('unloading');
    player.resetCounters();
    player.setVariants([800000, 2500000], 0);
    player.resolveLoad();
    await flushPromises();
  }
  function delivered(activity?: string): DeliveredRecord[] {
    t.agent.flush();
    timers.tick(3000);
    return t.transport.delivered(activity);
  }

  describe('of a Blend live-event (the path known only from the URI)', function () {
    it('still sends its playerError, with the technical ID of the URI the app asked for', async function () {
      var player = new FakePlayer();
      t.agent.track(player, BLEND_LIVE);
      await failLoad(player, OTT_URI);
      var errors = delivered('playerError');
      expect(errors).to.have.length(1);
      expect(errors[0].metadata).to.include({ contentSource: 'Blend', technicalId: 'ott-tech-1', errorCode: '1001' });
      expect(contractProblems(errors[0])).to.deep.equal([]);
      expect(t.agent.status().rejected).to.equal(0);
    });

    it('then reports a successful retry (the playback is not rejected for good)', async function () {
      var player = new FakePlayer();
      t.agent.track(player, BLEND_LIVE);
      await failLoad(player, IPTV_URI);
      await succeedLoad(player, IPTV_URI);
      player.play(60);
      timers.tick(60000);
      var metrics = delivered('playback_metrics');
      expect(metrics).to.have.length(1);
      expect(metrics[0].metadata).to.include({ technicalId: 'iptv-tech-1', uri: IPTV_URI });
      expect(t.transport.delivered('playerError')).to.have.length(1);
      expect(t.agent.status().rejected).to.equal(0);
    });

    it('never counts "URI not known yet" as a rejection: an interval before any load() is not a content error', async function () {
      var player = new FakePlayer();
      var playback: Playback = t.agent.track(player, BLEND_LIVE);
      timers.tick(60000); // a whole interval before the app calls load()
      await succeedLoad(player, OTT_URI);
      player.play(30);
      timers.tick(30000);
      playback.end();
      var metrics = delivered('playback_metrics');
      expect(metrics.length).to.be.at.least(1);
      expect(metrics[metrics.length - 1].metadata.technicalId).to.equal('ott-tech-1');
      expect(t.agent.status().rejected).to.equal(0);
      expect(t.logger.messages('error')).to.deep.equal([]);
    });
  });

  describe('closes its playback session', function () {
    it('sends no record when nothing played, and no interval records after it, however long the error screen shows', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      timers.tick(5000);
      await failLoad(player, OTT_URI);
      timers.tick(10 * 60000);
      var records = delivered();
      expect(records.map((r) => r.activityName)).to.deep.equal(['playerError']);
    });

    it('sends no record for intervals that passed while the failing load() ran (Shaka retries for a while)', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      player.load(OTT_URI);
      timers.tick(150000); // two and a half intervals of retries
      player.assetUri = null;
      player.rejectLoad(shakaError(CRITICAL, 1, 1001));
      await flushPromises();
      timers.tick(5 * 60000);
      expect(delivered().map((r) => r.activityName)).to.deep.equal(['playerError']);
    });

    it('still counts a load() as running when an earlier one it interrupted rejects (7000)', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      player.load('https://cdn.example/a.mpd');
      player.load(OTT_URI); // zapping on: the first load() is interrupted
      player.loads[0].reject(shakaError(CRITICAL, 7, 7000));
      await flushPromises();
      timers.tick(90000); // the second one retries past an interval, then fails
      player.assetUri = null;
      player.rejectLoad(shakaError(CRITICAL, 1, 1001));
      await flushPromises();
      expect(delivered().map((r) => r.activityName)).to.deep.equal(['playerError']);
    });

    it('takes the interval of a load() that then succeeds into the next record', async function () {
      var player = new FakePlayer();
      var playback = t.agent.track(player, VOD);
      player.load('https://cdn.example/slow.mpd');
      timers.tick(90000);
      player.resolveLoad();
      await flushPromises();
      player.play(30);
      timers.tick(30000); // 120 s: the first record, for everything since load()
      player.play(10);
      timers.tick(10000);
      playback.end();
      var metrics = delivered('playback_metrics');
      expect(metrics.map((r) => r.metadata.totalVideoFrames)).to.deep.equal([750, 250]);
    });

    it('sends one final record for the session when its content played before the load that failed', async function () {
      var player = new FakePlayer();
      var playback = t.agent.track(player, VOD);
      await succeedLoad(player, 'https://cdn.example/a.mpd');
      player.play(30);
      timers.tick(30000);
      player.load('https://cdn.example/b.mpd'); // other content: the first session ends here
      player.emit('unloading');
      player.resetCounters();
      player.assetUri = null;
      player.rejectLoad(shakaError(CRITICAL, 1, 1001));
      await flushPromises();
      timers.tick(5 * 60000);
      playback.end();
      var metrics = delivered('playback_metrics');
      var errors = t.transport.delivered('playerError');
      expect(metrics).to.have.length(1); // the first content's partial interval, nothing for the failed one
      expect(metrics[0].metadata.uri).to.equal('https://cdn.example/a.mpd');
      expect(errors).to.have.length(1);
      expect(errors[0].metadata.playbackSessionId).not.to.equal(metrics[0].metadata.playbackSessionId);
    });

    it('opens a new session at the next load()', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await failLoad(player, OTT_URI);
      await succeedLoad(player, 'https://cdn.example/a.mpd');
      player.play(60);
      timers.tick(60000);
      var metrics = delivered('playback_metrics');
      var errors = t.transport.delivered('playerError');
      expect(metrics).to.have.length(1);
      expect(metrics[0].metadata.playbackSessionId).not.to.equal(errors[0].metadata.playbackSessionId);
    });
  });
});
