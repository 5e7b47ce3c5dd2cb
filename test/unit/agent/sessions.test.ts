import { expect } from 'chai';
import * as sinon from 'sinon';
import { AgentStatus } from '../../../src/agent/agent';
import { Playback } from '../../../src/agent/playback';
import { UUID_PATTERN } from '../../../src/core/ids';
import { ContentDescription } from '../../../src/vault/content';
import { contractProblems } from '../../helpers/contract';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, FakePlayer, REQUEST_SEGMENT, shakaError } from '../../helpers/fake-player';
import { DeliveredRecord, hang, ok } from '../../helpers/scripted-transport';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };
var A = 'https://cdn.example/a.mpd';
var B = 'https://cdn.example/b.mpd';

describe('agent playback sessions', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    t = startAgent(timers);
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  /** What Shaka does on load(): unload the old content (firing `unloading`), restart its counters. */
  async function load(player: FakePlayer, uri: string): Promise<void> {
    player.load(uri);
    player.emit('unloading');
    player.resetCounters();
    player.resolveLoad();
    await flushPromises();
  }

  function metrics(): DeliveredRecord[] {
    t.agent.flush();
    timers.tick(3000);
    return t.transport.delivered('playback_metrics');
  }

  function sessions(records: DeliveredRecord[]): string[] {
    return records.map((r) => r.metadata.playbackSessionId);
  }

  describe('rotation', function () {
    it('ends the session with a final record when new content is loaded, and starts a new playbackSessionId', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      player.play(30);
      timers.tick(30000);
      await load(player, B);
      player.play(60);
      timers.tick(60000);
      var records = metrics();
      expect(records).to.have.length(2);
      var ids = sessions(records);
      ids.forEach((id) => expect(id).to.match(UUID_PATTERN));
      expect(ids[0]).not.to.equal(ids[1]);
      expect(records[0].metadata.uri).to.equal(A);
      expect(records[0].metadata.totalVideoFrames).to.equal(750); // the partial interval
      expect(records[1].metadata.uri).to.equal(B);
      records.forEach((r) => expect(contractProblems(r)).to.deep.equal([]));
    });

    it('counts the new content frames from zero after a load, even past the old content total (zapping)', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      player.play(10); // 250 frames, then zap
      timers.tick(10000);
      await load(player, B);
      player.play(60);
      timers.tick(60000);
      var records = metrics();
      expect(records.map((r) => r.metadata.totalVideoFrames)).to.deep.equal([250, 1500]);
    });

    it('keeps one session through the first load after track(), even on a player that played other content before', async function () {
      var player = new FakePlayer();
      await load(player, A); // played before, not tracked
      player.play(20);
      var playback = t.agent.track(player, VOD);
      timers.tick(1000);
      await load(player, B);
      timers.tick(60000);
      playback.end();
      var records = metrics();
      expect(records.map((r) => r.metadata.uri)).to.deep.equal([B, B]);
      expect(sessions(records)[0]).to.equal(sessions(records)[1]);
    });

    it('track() after the first load(): a later load() of other content ends that session with its final record, as when track() came first', async function () {
      var player = new FakePlayer();
      await load(player, A);
      t.agent.track(player, VOD); // describes what plays now
      player.play(30);
      timers.tick(30000);
      await load(player, B);
      player.play(60);
      timers.tick(60000);
      var records = metrics();
      expect(records.map((r) => r.metadata.uri)).to.deep.equal([A, B]);
      expect(records[0].metadata.totalVideoFrames).to.equal(750); // the partial interval, not discarded
      expect(sessions(records)[0]).not.to.equal(sessions(records)[1]);
    });

    it('starts a new playback without a spurious record when the app tracks each new content before loading it', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(30000);
      t.agent.track(player, { contentType: 'ltcu', editorialId: 'show-2' }); // ends the first playback
      await load(player, B);
      timers.tick(60000);
      var records = metrics();
      expect(records.map((r) => [r.metadata.editorialId, r.metadata.uri])).to.deep.equal([
        ['movie-1', A],
        ['show-2', B],
      ]);
    });

    it('keeps one session through the first load after track()', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      timers.tick(5000);
      await load(player, A);
      timers.tick(120000);
      var records = metrics();
      expect(records).to.have.length(2);
      expect(sessions(records)[0]).to.equal(sessions(records)[1]);
    });

    it('ends the session on unload without a new load, and starts a new one on the next load', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(90000);
      player.emit('unloading'); // the app called player.unload()
      player.assetUri = null;
      timers.tick(600000);
      expect(metrics()).to.have.length(2); // the 60 s record and the final 30 s one
      await load(player, B);
      timers.tick(60000);
      var records = metrics();
      expect(records).to.have.length(3);
      var ids = sessions(records);
      expect(ids[0]).to.equal(ids[1]);
      expect(ids[2]).not.to.equal(ids[1]);
    });

    it('starts a new playback when the same player is tracked again, ending the previous one', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(30000);
      t.agent.track(player, { contentType: 'ltcu', editorialId: 'show-2' });
      timers.tick(60000);
      var records = metrics();
      expect(records.map((r) => r.metadata.editorialId)).to.deep.equal(['movie-1', 'show-2']);
      expect(player.listenerCount()).to.equal(12); // one adapter, not two
      expect(player.networking!.filters).to.have.length(1);
    });

    it('takes records on the profile metrics interval', async function () {
      t.agent.shutdown();
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 15 } });
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(60000);
      expect(metrics()).to.have.length(4);
    });

    it('ends the oldest playback past 4 at once', async function () {
      var players = [1, 2, 3, 4, 5].map(() => new FakePlayer());
      players.forEach((p, i) => t.agent.track(p, { contentType: 'vod-ed', editorialId: 'm' + i }));
      expect(players[0].listenerCount()).to.equal(0);
      expect(players[4].listenerCount()).to.equal(12);
      expect(t.logger.messages('warn').join('\n')).to.contain('more than 4 playbacks');
    });
  });

  describe('end and destroy', function () {
    it('playback.end() sends the final partial-interval record and stops tracking', async function () {
      var player = new FakePlayer();
      var playback = t.agent.track(player, VOD);
      await load(player, A);
      player.play(60);
      timers.tick(60000);
      player.play(25);
      player.download(REQUEST_SEGMENT, 1000000, 500);
      timers.tick(25000);
      playback.end();
      playback.end();
      playback.update({ editorialId: 'other' });
      timers.tick(600000);
      var records = metrics();
      expect(records).to.have.length(2);
      expect(records[1].metadata.totalVideoFrames).to.equal(625);
      expect(records[1].metadata.bytesDownloaded).to.equal(1000000);
      expect(records[1].metadata.downloadBitRate).to.equal(16000000);
      expect(player.listenerCount()).to.equal(0);
    });

    it('player.destroy() ends the playback and leaves no listener, filter or wrapper behind', async function () {
      var player = new FakePlayer();
      var ownLoad = player.load;
      var ownDestroy = player.destroy;
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(45000);
      expect(player.listenerCount()).to.be.greaterThan(0);
      player.destroy();
      expect(player.destroyCalls).to.equal(1);
      expect(player.listenerCount()).to.equal(0);
      expect(player.networking!.filters).to.have.length(0);
      expect(player.load).to.equal(ownLoad);
      expect(player.destroy).to.equal(ownDestroy);
      timers.tick(600000);
      expect(metrics()).to.have.length(1); // the final 45 s record only
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      timers.tick(5000);
      expect(t.transport.delivered('playerError')).to.have.length(0);
    });
  });

  describe('never throwing into the host', function () {
    it('survives a player whose every getter throws, sending records with nulls', async function () {
      var player = new FakePlayer();
      ['getVariantTracks', 'getMediaElement', 'getAssetUri', 'getPlayheadTimeAsDate', 'isLive', 'getNetworkingEngine'].forEach(
        (g) => (player.throwing[g] = true)
      );
      var playback: Playback | null = null;
      expect(() => {
        playback = t.agent.track(player, VOD);
      }).not.to.throw();
      await load(player, A);
      timers.tick(60000);
      expect(() => {
        player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
        player.emit('buffering', { buffering: true });
        playback!.update({ editorialId: 'movie-2' });
        playback!.end();
        player.destroy();
      }).not.to.throw();
      var records = metrics();
      expect(records.length).to.be.at.least(2);
      records.forEach((r) => {
        expect(contractProblems(r)).to.deep.equal([]);
        expect(r.metadata.uri).to.equal(A); // the one the app asked load() for
      });
      expect(t.transport.delivered('playerError')).to.have.length(1);
    });

    it('survives a logger whose every method throws', async function () {
      t.agent.shutdown();
      var boom = () => {
        throw new Error('console broke');
      };
      t = startAgent(timers, undefined, { logger: { debug: boom, info: boom, warn: boom, error: boom } });
      var player = new FakePlayer();
      expect(() => {
        t.agent.track(player, { contentType: 'live-event', editorialId: 'ch-x' } as ContentDescription);
        t.agent.track({} as any, VOD);
      }).not.to.throw();
      expect(t.agent.status().rejected).to.equal(1);
    });

    it('does not let an exception in a flush callback reach the caller', function () {
      expect(() =>
        t.agent.flush(() => {
          throw new Error('app bug');
        })
      ).not.to.throw();
      expect(t.logger.messages('error')[0]).to.contain('flush callback: app bug');
    });

    it('ignores something that is not a Shaka player, with a logged error', function () {
      var playback = t.agent.track(null as any, VOD);
      expect(() => {
        playback.update({});
        playback.end();
      }).not.to.throw();
      expect(t.logger.messages('error')[0]).to.contain('not a Shaka player');
    });
  });

  describe('flush and shutdown', function () {
    it('agent.flush(done) calls back once what was queued has been answered', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(120000);
      t.transport.then(hang());
      var statuses: AgentStatus[] = [];
      t.agent.flush((s) => statuses.push(s));
      expect(statuses).to.have.length(0);
      t.transport.release(ok());
      expect(statuses).to.have.length(1);
      expect(statuses[0]).to.deep.include({ queued: 0, sent: 2, dropped: 0 });
    });

    it('agent.flush(done) calls back at once when nothing is queued', function () {
      var called = 0;
      t.agent.flush(() => called++);
      expect(called).to.equal(1);
    });

    it('agent.shutdown(done) sends the final records, calls back, detaches, and ignores later tracking', async function () {
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      timers.tick(70000);
      var statuses: AgentStatus[] = [];
      t.agent.shutdown((s) => statuses.push(s));
      timers.tick(100);
      expect(statuses).to.have.length(1);
      expect(statuses[0]).to.deep.include({ queued: 0, sent: 2 });
      expect(t.transport.delivered('playback_metrics')).to.have.length(2);
      expect(player.listenerCount()).to.equal(0);
      t.agent.track(new FakePlayer(), VOD);
      expect(t.logger.messages('error').join('\n')).to.contain('agent is shut down');
      var again = 0;
      t.agent.shutdown(() => again++);
      expect(again).to.equal(1);
      timers.tick(3600000);
      expect(t.transport.exchanges).to.have.length(1);
    });

    it('agent.shutdown(done) still sends the final records when a request was in flight', async function () {
      t.agent.shutdown();
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 1, maxBatchSize: 5 } });
      var player = new FakePlayer();
      t.agent.track(player, VOD);
      await load(player, A);
      t.transport.then(hang());
      timers.tick(7000); // a full batch went and hangs
      expect(t.transport.pending()).to.have.length(1);
      var done = 0;
      t.agent.shutdown(() => done++);
      t.transport.release(ok());
      timers.tick(1000);
      expect(done).to.equal(1);
      expect(t.agent.status().queued).to.equal(0);
      expect(t.transport.delivered('playback_metrics')).to.have.length(8);
    });
  });
});
