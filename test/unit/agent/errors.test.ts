import { expect } from 'chai';
import * as sinon from 'sinon';
import { ContentDescription } from '../../../src/vault/content';
import { contractProblems } from '../../helpers/contract';
import { trackedPlayer, flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, fakeShakaModule, FakePlayer, RECOVERABLE, shakaError } from '../../helpers/fake-player';
import { DeliveredRecord } from '../../helpers/scripted-transport';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };
var URI = 'https://cdn.example/movie.mpd?token=secret';

describe('agent playerError', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  function tracked(content?: ContentDescription): Promise<FakePlayer> {
    return trackedPlayer(t.agent, content || VOD, URI);
  }

  function errors(): DeliveredRecord[] {
    t.agent.flush();
    timers.tick(3000);
    return t.transport.delivered('playerError');
  }

  function fire(player: FakePlayer, severity: number, category: number, code: number, data?: unknown[]): void {
    player.emit('error', { detail: shakaError(severity, category, code, data) });
  }

  it('reports a CRITICAL error event', async function () {
    t = startAgent(timers);
    var player = await tracked();
    fire(player, CRITICAL, 1, 1001, ['https://cdn.example/seg-5.m4s?token=secret', 404]);
    var r = errors();
    expect(r).to.have.length(1);
    expect(contractProblems(r[0])).to.deep.equal([]);
    expect(r[0].metadata).to.deep.include({
      errorCode: '1001',
      errorMsg: '1.1001 (1.1001): https://cdn.example/seg-5.m4s 404',
      playerTypeVersion: 'shaka-player/v4.16.50',
      editorialId: 'movie-1',
    });
  });

  it('names category and code from the shaka module enums when options.shaka is given', async function () {
    t = startAgent(timers, undefined, { shaka: fakeShakaModule() });
    var player = await tracked();
    fire(player, CRITICAL, 6, 6007, ['https://license.example/?t=1']);
    var r = errors()[0];
    expect(r.metadata.errorCode).to.equal('6007');
    expect(r.metadata.errorMsg).to.equal('DRM.LICENSE_REQUEST_FAILED (6.6007): https://license.example/');
  });

  it('counts a RECOVERABLE error without reporting it', async function () {
    t = startAgent(timers);
    var player = await tracked();
    fire(player, RECOVERABLE, 1, 1001);
    player.emit('mediasourcerecovered');
    expect(errors()).to.have.length(0);
    expect(t.agent.status().recoverableErrors).to.equal(2);
  });

  it('reports a RECOVERABLE error when errors.reportRecoverable', async function () {
    t = startAgent(timers, { errors: { reportRecoverable: true } });
    var player = await tracked();
    fire(player, RECOVERABLE, 1, 1003);
    expect(errors().map((r) => r.metadata.errorCode)).to.deep.equal(['1003']);
    expect(t.agent.status().recoverableErrors).to.equal(1);
  });

  it('reports a rejected load()', async function () {
    t = startAgent(timers, undefined, { shaka: fakeShakaModule() });
    var player = new FakePlayer();
    t.agent.track(player, VOD);
    var appSaw: unknown = null;
    player.load(URI).catch((e) => (appSaw = e));
    player.rejectLoad(shakaError(CRITICAL, 4, 4001, ['https://cdn.example/movie.mpd?token=secret']));
    await flushPromises();
    var r = errors();
    expect(appSaw).to.not.equal(null);
    expect(r).to.have.length(1);
    expect(r[0].metadata.errorCode).to.equal('4001');
    expect(r[0].metadata.errorMsg).to.equal('MANIFEST.DASH_INVALID_XML (4.4001) on load: https://cdn.example/movie.mpd');
  });

  it('reports a load() rejected with something that is not a Shaka error as LOAD_FAILED', async function () {
    t = startAgent(timers);
    var player = new FakePlayer();
    t.agent.track(player, VOD);
    player.load(URI).catch(() => {});
    player.rejectLoad(new TypeError('failed to fetch'));
    await flushPromises();
    var r = errors();
    expect(r[0].metadata.errorCode).to.equal('LOAD_FAILED');
    expect(r[0].metadata.errorMsg).to.equal('UNKNOWN on load: failed to fetch');
  });

  it('ignores code 7000 (load interrupted by another load), from events and from load()', async function () {
    t = startAgent(timers);
    var player = await tracked();
    fire(player, CRITICAL, 7, 7000);
    player.load(URI).catch(() => {});
    player.rejectLoad(shakaError(CRITICAL, 7, 7000));
    await flushPromises();
    expect(errors()).to.have.length(0);
    expect(t.agent.status().suppressedErrors).to.equal(0);
  });

  it('reports an identical error once per minute per playback', async function () {
    t = startAgent(timers, { errors: { maxPerMinute: 60 } });
    var player = await tracked();
    fire(player, CRITICAL, 1, 1001);
    timers.tick(30000);
    fire(player, CRITICAL, 1, 1001);
    fire(player, CRITICAL, 1, 1002); // a different error goes
    timers.tick(29999);
    fire(player, CRITICAL, 1, 1001);
    timers.tick(1);
    fire(player, CRITICAL, 1, 1001); // a minute after the first
    expect(errors().map((r) => r.metadata.errorCode)).to.deep.equal(['1001', '1002', '1001']);
    expect(t.agent.status().suppressedErrors).to.equal(2);
  });

  it('reports the same error again on another playback within the minute', async function () {
    t = startAgent(timers);
    var a = await tracked();
    var b = await tracked({ contentType: 'ltcu', editorialId: 'show-1' });
    fire(a, CRITICAL, 1, 1001);
    fire(b, CRITICAL, 1, 1001);
    expect(errors().map((r) => r.metadata.editorialId)).to.deep.equal(['movie-1', 'show-1']);
  });

  it('sends at most errors.maxPerMinute playerError records per minute, counting the rest', async function () {
    t = startAgent(timers, { errors: { maxPerMinute: 3 } });
    var player = await tracked();
    for (var i = 0; i < 8; i++) fire(player, CRITICAL, 1, 1100 + i);
    expect(errors()).to.have.length(3);
    expect(t.agent.status().suppressedErrors).to.equal(5);
    timers.tick(60000);
    for (var j = 0; j < 4; j++) fire(player, CRITICAL, 3, 3100 + j);
    expect(errors()).to.have.length(6);
  });

  it('reports a stall longer than errors.stallThresholdSeconds once, as STALL', async function () {
    t = startAgent(timers, { errors: { stallThresholdSeconds: 8 } });
    var player = await tracked();
    player.emit('buffering', { buffering: true });
    timers.tick(7999);
    expect(t.agent.status().queued).to.equal(0);
    timers.tick(1);
    expect(t.agent.status().queued).to.equal(1);
    timers.tick(60000); // still buffering, long after the threshold
    var r = errors();
    expect(r).to.have.length(1);
    expect(r[0].metadata.errorCode).to.equal('STALL');
    expect(r[0].metadata.errorMsg).to.equal('STALL: buffering for more than 8 s');
    expect(contractProblems(r[0])).to.deep.equal([]);
    player.emit('buffering', { buffering: false });
    timers.tick(60000);
    expect(errors()).to.have.length(1);
  });

  it('still reports a stall when the programme changes while buffering', async function () {
    t = startAgent(timers, { channels: { 'ch-1': { OTT: 'ott-1' } } });
    var player = new FakePlayer();
    var playback = t.agent.track(player, { contentType: 'live-event', contentSource: 'OTT', editorialId: 'ch-1', programmeId: 'p1' });
    player.load(URI);
    player.resolveLoad();
    await flushPromises();
    player.emit('buffering', { buffering: true });
    timers.tick(5000);
    playback.update({ programmeId: 'p2' });
    timers.tick(5000);
    var r = errors();
    expect(r.map((x) => [x.metadata.errorCode, x.metadata.programmeId])).to.deep.equal([['STALL', 'p2']]);
  });

  it('does not report buffering shorter than the threshold', async function () {
    t = startAgent(timers);
    var player = await tracked();
    for (var i = 0; i < 5; i++) {
      player.emit('buffering', { buffering: true });
      timers.tick(9000);
      player.emit('buffering', { buffering: false });
      timers.tick(1000);
    }
    expect(errors()).to.have.length(0);
  });

  it('does not report a stall once the playback ended', async function () {
    t = startAgent(timers);
    var player = await tracked();
    player.emit('buffering', { buffering: true });
    player.destroy();
    timers.tick(60000);
    expect(errors()).to.have.length(0);
  });

  it('numbers playerError records +1 each, apart from the metrics sequence', async function () {
    t = startAgent(timers);
    var player = await tracked();
    timers.tick(120000);
    fire(player, CRITICAL, 1, 1001);
    fire(player, CRITICAL, 3, 3016);
    expect(errors().map((r) => r.sequence)).to.deep.equal([1, 2]);
  });
});
