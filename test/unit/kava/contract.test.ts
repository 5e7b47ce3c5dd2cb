// Kava's own contract, apart from Vault's: its events need only its own mandatory fields; every
// ERROR has an integer errorCode; VIEW bufferTime stays within 0-10 s; clientVer names the player.
import { expect } from 'chai';
import * as sinon from 'sinon';
import { KavaEventType as E } from '../../../src/kava';
import { KAVA_NO_PLAYER_CODE } from '../../../src/kava/tracker';
import { flushPromises } from '../../helpers/env';
import { advance, events, Kava, last, loadMedia, ofType, play, settle, START, startKava } from './fixture';

describe('kava contract', function () {
  var timers: sinon.SinonFakeTimers;
  var k: Kava;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    if (k) k.agent.shutdown();
    timers.restore();
  });

  describe("does not depend on Vault's verdict", function () {
    it('sends its events, IMPRESSION first, for a live-event whose technicalId Vault cannot resolve, and goes on after update()', async function () {
      k = startKava(timers);
      await loadMedia(k, { contentExtra: { contentType: 'live-event', editorialId: 'no-such-channel', programmeId: 'p-1' } });
      play(k);
      advance(k, 11);
      var before = events(k);
      expect(before[0].eventType).to.equal(String(E.IMPRESSION));
      expect(before[0].eventIndex).to.equal('1');
      expect(ofType(before, E.PLAY)).to.have.length(1);
      expect(ofType(before, E.VIEW)).to.have.length(1);
      k.playback!.update({ technicalId: 'tech-1' }); // Vault accepts it now
      advance(k, 10);
      var after = events(k);
      expect(ofType(after, E.IMPRESSION)).to.have.length(1);
      expect(ofType(after, E.VIEW)).to.have.length(2);
    });

    it('sends its events for a content description Vault rejects (a live-event without programmeId)', async function () {
      k = startKava(timers);
      await loadMedia(k, { contentExtra: { contentType: 'live-event', editorialId: 'ch-1' } });
      play(k);
      expect(events(k).map((e) => Number(e.eventType))).to.deep.equal([E.IMPRESSION, E.PLAY_REQUEST, E.PLAY]);
      expect(k.agent.status().rejected).to.equal(1);
    });

    it('starts with IMPRESSION once an entryId missing at first is added by update()', async function () {
      k = startKava(timers);
      await loadMedia(k, { contentExtra: { entryId: undefined } });
      play(k);
      expect(events(k)).to.have.length(0);
      k.playback!.update({ entryId: '1_later' });
      advance(k, 11);
      var sent = events(k);
      expect(sent[0].eventType).to.equal(String(E.IMPRESSION));
      expect(sent[0].entryId).to.equal('1_later');
    });
  });

  it('gives an ERROR without a player code (load() rejected with a plain Error) the documented integer errorCode', async function () {
    k = startKava(timers);
    k.playback = k.agent.track(k.player as any, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'c', entryId: '1_x' } as any);
    k.player.load('https://cdn.example/vod/missing.mpd');
    k.player.rejectLoad(new Error('network down'));
    await flushPromises();
    settle(timers);
    var error = last(events(k), E.ERROR);
    expect(error.errorCode).to.equal(String(KAVA_NO_PLAYER_CODE));
    expect(error.errorCode).to.match(/^-?\d+$/);
  });

  it('keeps VIEW bufferTime within 0-10 s with a long viewIntervalSeconds', async function () {
    k = startKava(timers, { viewIntervalSeconds: 30 });
    await loadMedia(k, { duration: 600 });
    play(k);
    advance(k, 2);
    k.player.emit('buffering', { buffering: true });
    timers.tick(20000);
    k.player.emit('buffering', { buffering: false });
    advance(k, 30);
    var views = ofType(events(k), E.VIEW);
    expect(views.length).to.be.at.least(1);
    views.forEach((v) => expect(Number(v.bufferTime)).to.be.within(0, 10));
    expect(Number(views[0].bufferTimeSum)).to.be.closeTo(20, 0.01);
  });

  it('sends clientVer and clientTag as html5:v + the player version unless the profile sets clientVer', async function () {
    k = startKava(timers);
    await loadMedia(k);
    expect(events(k)[0]).to.include({ clientVer: 'html5:v4.16.50', clientTag: 'html5:v4.16.50' });
  });

  it('leaves flavorParamsId out: Shaka gives no Kaltura flavor ID for the rendition playing (docs/kava.md)', async function () {
    k = startKava(timers);
    await loadMedia(k, { uri: 'https://cdnapisec.kaltura.com/p/1234/sp/123400/playManifest/entryId/1_abcdef/flavorParamsId/301951/format/applehttp/a.m3u8' });
    play(k);
    advance(k, 11);
    expect(events(k).length).to.be.at.least(4);
    events(k).forEach((e) => expect(e).not.to.have.property('flavorParamsId'));
  });
});
