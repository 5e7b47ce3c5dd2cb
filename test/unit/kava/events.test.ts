import { expect } from 'chai';
import * as sinon from 'sinon';
import { KavaEventType as E } from '../../../src/kava';
import { CRITICAL, RECOVERABLE, shakaError } from '../../helpers/fake-player';
import { flushPromises } from '../../helpers/env';
import { advance, end, events, Kava, last, loadMedia, ofType, pause, play, resume, seek, settle, START, startKava, types } from './fixture';

describe('kava events', function () {
  var timers: sinon.SinonFakeTimers;
  var k: Kava;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    k = startKava(timers);
  });
  afterEach(function () {
    k.agent.shutdown();
    timers.restore();
  });

  it("uses Kaltura's numeric event IDs", function () {
    expect(E).to.deep.equal({
      IMPRESSION: 1,
      PLAY_REQUEST: 2,
      PLAY: 3,
      RESUME: 4,
      PLAY_REACHED_25: 11,
      PLAY_REACHED_50: 12,
      PLAY_REACHED_75: 13,
      PLAY_REACHED_100: 14,
      PAUSE: 33,
      REPLAY: 34,
      SEEK: 35,
      CAPTIONS: 38,
      SOURCE_SELECTED: 39,
      SPEED: 41,
      AUDIO_SELECTED: 42,
      FLAVOR_SWITCH: 43,
      BUFFER_START: 45,
      BUFFER_END: 46,
      ERROR: 98,
      VIEW: 99,
    });
  });

  it('sends IMPRESSION once Shaka has loaded the media, not at load() when it still holds the previous one', async function () {
    k.playback = k.agent.track(k.player as any, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'c', entryId: 'e1' } as any);
    k.player.manifestType = 'HLS'; // the previous content's manifest
    k.player.load('https://cdn.example/vod/next.mpd');
    settle(timers);
    expect(events(k)).to.have.length(0);
    k.player.manifestType = 'DASH';
    k.player.resolveLoad();
    await flushPromises();
    k.player.emit('loaded');
    settle(timers);
    expect(types(events(k))).to.deep.equal([E.IMPRESSION]);
    expect(events(k)[0].deliveryType).to.equal('dash');
  });

  it('sends IMPRESSION before any other event of a media whose load failed', async function () {
    k.playback = k.agent.track(k.player as any, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'c', entryId: 'e1' } as any);
    k.player.load('https://cdn.example/vod/missing.m3u8');
    k.player.rejectLoad(shakaError(CRITICAL, 1, 1001, ['https://cdn.example/vod/missing.m3u8', 404]));
    await flushPromises();
    settle(timers);
    var sent = events(k);
    expect(types(sent)).to.deep.equal([E.IMPRESSION, E.ERROR]);
    expect(sent[0].deliveryType).to.equal('hls'); // from the URI: no manifest was parsed
    expect(sent[1]).to.include({ errorCode: '1001', errorPosition: '3' });
  });

  it('plays through a VOD: IMPRESSION, PLAY_REQUEST, BUFFER_START/END, PLAY, VIEWs, quartiles, PLAY_REACHED_100', async function () {
    await loadMedia(k, { duration: 48 }); // marks at 12, 24, 36 s; VIEWs every 10 s
    play(k, 1500);
    advance(k, 48);
    end(k);
    expect(types(events(k))).to.deep.equal([
      E.IMPRESSION,
      E.PLAY_REQUEST,
      E.BUFFER_START,
      E.BUFFER_END,
      E.PLAY,
      E.VIEW,
      E.PLAY_REACHED_25,
      E.VIEW,
      E.PLAY_REACHED_50,
      E.VIEW,
      E.PLAY_REACHED_75,
      E.VIEW,
      E.PLAY_REACHED_100,
    ]);
  });

  it('reports each quartile within a fraction of a second of reaching it, without a timeupdate poller', async function () {
    await loadMedia(k, { duration: 40 });
    play(k);
    for (var i = 0; i < 200 && ofType(events(k), E.PLAY_REACHED_25).length === 0; i++) {
      k.player.play(0.1);
      timers.tick(100);
    }
    expect(k.player.video.currentTime).to.be.within(10, 10.5);
    expect(k.player.video.listeners.timeupdate || []).to.have.length(0);
  });

  it('sends the quartiles a seek skipped, in order, once each', async function () {
    await loadMedia(k, { duration: 100 });
    play(k);
    seek(k, 80);
    seek(k, 10);
    seek(k, 90);
    expect(types(events(k)).slice(-6)).to.deep.equal([E.SEEK, E.PLAY_REACHED_25, E.PLAY_REACHED_50, E.PLAY_REACHED_75, E.SEEK, E.SEEK]);
  });

  it('sends no quartiles for live', async function () {
    await loadMedia(k, { live: true });
    k.player.range = { start: 0, end: 3600 };
    k.player.video.currentTime = 3600;
    play(k);
    advance(k, 30);
    end(k);
    expect(
      types(events(k)).filter(function (t) {
        return t >= 11 && t <= 14;
      })
    ).to.deep.equal([]);
  });

  it("sends PAUSE and RESUME for the viewer's pause, not for the pause that comes with the end", async function () {
    await loadMedia(k, { duration: 20 });
    play(k);
    advance(k, 3);
    pause(k);
    timers.tick(5000);
    resume(k);
    advance(k, 17);
    end(k);
    var sent = types(events(k));
    expect(ofType(events(k), E.PAUSE)).to.have.length(1);
    expect(ofType(events(k), E.RESUME)).to.have.length(1);
    expect(sent.indexOf(E.PAUSE)).to.be.below(sent.indexOf(E.RESUME));
    expect(sent[sent.length - 1]).to.equal(E.PLAY_REACHED_100);
  });

  it('sends REPLAY (not SEEK or PLAY) when the ended media plays again, and the quartiles again', async function () {
    await loadMedia(k, { duration: 8 });
    play(k);
    advance(k, 8);
    end(k);
    var before = events(k).length;
    var v = k.player.video;
    v.currentTime = 0; // the element rewinds itself on play() after the end
    v.fire('seeking');
    v.ended = false;
    v.paused = false;
    v.fire('play');
    v.fire('playing');
    settle(timers);
    advance(k, 3);
    var after = types(events(k).slice(before)).filter(function (t) {
      return t !== E.VIEW; // the VIEW window goes on where the end left it
    });
    expect(after).to.deep.equal([E.REPLAY, E.PLAY_REACHED_25]);
  });

  it('sends SEEK with targetPosition, but not for start positions before the first frame', async function () {
    await loadMedia(k, { duration: 100 });
    seek(k, 5); // a start time applied by the app
    k.player.video.paused = false;
    k.player.video.fire('play');
    seek(k, 6); // Shaka's own start-up seek, after the play request
    play(k);
    seek(k, 42.1234);
    var seeks = ofType(events(k), E.SEEK);
    expect(seeks).to.have.length(1);
    expect(seeks[0].targetPosition).to.equal('42.123');
  });

  it('sends SPEED when the app changes the rate, not when Shaka holds the media at rate 0 to buffer', async function () {
    await loadMedia(k);
    play(k);
    k.player.video.playbackRate = 0; // Shaka's buffering
    k.player.video.fire('ratechange');
    k.player.video.playbackRate = 1;
    k.player.video.fire('ratechange');
    expect(ofType(events(k), E.SPEED)).to.have.length(0);
    k.player.rate = 2;
    k.player.video.playbackRate = 2;
    k.player.video.fire('ratechange');
    settle(timers);
    expect(last(events(k), E.SPEED).playbackSpeed).to.equal('2');
  });

  it('sends BUFFER_START/BUFFER_END pairs only after the play request', async function () {
    await loadMedia(k);
    k.player.emit('buffering', { buffering: true });
    k.player.emit('buffering', { buffering: false });
    play(k);
    k.player.emit('buffering', { buffering: true });
    timers.tick(2000);
    k.player.emit('buffering', { buffering: false });
    settle(timers);
    expect(types(events(k))).to.deep.equal([E.IMPRESSION, E.PLAY_REQUEST, E.PLAY, E.BUFFER_START, E.BUFFER_END]);
  });

  it("sends FLAVOR_SWITCH for ABR switches and SOURCE_SELECTED for the app's choice, with actualBitrate in kbps", async function () {
    await loadMedia(k);
    play(k);
    k.player.emit('abrstatuschanged', { newStatus: true }); // Shaka says so itself at load: no choice
    k.player.choose(2); // adaptation
    k.player.emit('abrstatuschanged', { newStatus: false }); // the app takes over
    k.player.choose(0, true); // variantchanged
    k.player.emit('abrstatuschanged', { newStatus: true }); // and gives it back to ABR
    settle(timers);
    var sent = events(k);
    expect(last(sent, E.FLAVOR_SWITCH).actualBitrate).to.equal('2000'); // (2064000 - 64000 audio) / 1000
    expect(
      ofType(sent, E.SOURCE_SELECTED).map(function (e) {
        return e.actualBitrate;
      })
    ).to.deep.equal(['500', '0']);
  });

  it('sends no FLAVOR_SWITCH when an adaptation keeps the video bitrate', async function () {
    await loadMedia(k);
    play(k);
    k.player.emit('adaptation');
    settle(timers);
    expect(ofType(events(k), E.FLAVOR_SWITCH)).to.have.length(0);
  });

  it('sends AUDIO_SELECTED with the new language', async function () {
    await loadMedia(k);
    play(k);
    k.player.audioLanguage = 'de';
    k.player.emit('variantchanged');
    settle(timers);
    expect(last(events(k), E.AUDIO_SELECTED).language).to.equal('de');
  });

  it('sends CAPTIONS when the shown caption changes, and caption on every event once the media has text tracks', async function () {
    await loadMedia(k);
    k.player.textTracks = [
      { id: 1, language: 'en', active: true },
      { id: 2, language: 'fr', active: false },
    ];
    k.player.emit('trackschanged');
    play(k);
    expect(last(events(k), E.PLAY).caption).to.equal('off');
    k.player.textVisible = true;
    k.player.emit('texttrackvisibility');
    k.player.textTracks[0].active = false;
    k.player.textTracks[1].active = true;
    k.player.emit('textchanged');
    settle(timers);
    expect(
      ofType(events(k), E.CAPTIONS).map(function (e) {
        return e.caption;
      })
    ).to.deep.equal(['en', 'fr']);
  });

  it('sends ERROR for critical faults with errorCode, JSON errorDetails and errorPosition 3/1/2', async function () {
    await loadMedia(k);
    k.player.emit('error', { detail: shakaError(CRITICAL, 3, 3016, ['decode']) });
    k.player.emit('error', { detail: shakaError(RECOVERABLE, 1, 1003) }); // recoverable: no ERROR
    k.player.video.paused = false;
    k.player.video.fire('play');
    k.player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
    k.player.video.fire('playing');
    k.player.emit('error', { detail: shakaError(CRITICAL, 6, 6007) });
    settle(timers);
    var errors = ofType(events(k), E.ERROR);
    expect(
      errors.map(function (e) {
        return [e.errorCode, e.errorPosition];
      })
    ).to.deep.equal([
      ['3016', '3'],
      ['1001', '1'],
      ['6007', '2'],
    ]);
    var details = JSON.parse(errors[0].errorDetails);
    expect(details).to.include({ category: 3, severity: 2, name: '3.3016', detail: 'decode' });
  });

  it('sends PLAY_REQUEST and PLAY at once when tracking starts on a media already playing', async function () {
    var player = k.player;
    player.assetUri = 'https://cdn.example/vod/x.mpd';
    player.manifestType = 'DASH';
    player.video.duration = 100;
    player.video.paused = false;
    player.video.readyState = 4;
    k.agent.track(player as any, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'c', entryId: 'e1' } as any);
    settle(timers);
    expect(types(events(k))).to.deep.equal([E.IMPRESSION, E.PLAY_REQUEST, E.PLAY]);
  });

  it('removes every listener and filter it added when the playback ends', async function () {
    var player = k.player;
    var beforePlayer = player.listenerCount();
    var beforeFilters = player.networking!.filters.length;
    var originalLoad = player.load;
    await loadMedia(k);
    play(k);
    expect(player.video.listenerCount()).to.be.above(0);
    k.playback!.end();
    expect(player.video.listenerCount()).to.equal(0);
    expect(player.listenerCount()).to.equal(beforePlayer);
    expect(player.networking!.filters.length).to.equal(beforeFilters);
    expect(player.load).to.equal(originalLoad);
    var count = events(k).length;
    advance(k, 60);
    expect(events(k)).to.have.length(count); // no timers left either
  });
});
