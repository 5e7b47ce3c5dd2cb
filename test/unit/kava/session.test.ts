import { expect } from 'chai';
import * as sinon from 'sinon';
import { KavaEventType as E } from '../../../src/kava';
import { ok, retry, ScriptedTransport } from '../../helpers/scripted-transport';
import {
  advance,
  answering,
  attempts,
  events,
  Kava,
  KavaEvent,
  last,
  loadMedia,
  ofType,
  pause,
  play,
  resume,
  settle,
  START,
  startKava,
  types,
  VOD_URI,
} from './fixture';

function indexes(list: KavaEvent[]): number[] {
  return list.map(function (e) {
    return Number(e.eventIndex);
  });
}

function field(list: KavaEvent[], name: string): Array<string | undefined> {
  return list.map(function (e) {
    return e[name];
  });
}

describe('kava session rules', function () {
  var timers: sinon.SinonFakeTimers;
  var k: Kava;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    k.agent.shutdown();
    timers.restore();
  });

  describe('eventIndex', function () {
    it('starts at 1 and rises by one per event', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 25);
      pause(k);
      resume(k);
      var sent = events(k);
      expect(sent.length).to.be.above(6);
      expect(indexes(sent)).to.deep.equal(
        sent.map(function (_, i) {
          return i + 1;
        })
      );
    });

    it('keeps its index through a retry and does not rise on the failed attempt (503, then 200)', async function () {
      var transport = new ScriptedTransport(0);
      transport.then(retry(503), ok());
      k = startKava(timers, {}, { transport: transport });
      await loadMedia(k);
      timers.tick(10000); // the retry's backoff
      play(k);
      var tried = attempts(k);
      expect(types(tried)).to.deep.equal([E.IMPRESSION, E.IMPRESSION, E.PLAY_REQUEST, E.PLAY]);
      expect(indexes(tried)).to.deep.equal([1, 1, 2, 3]);
      expect(tried[0]).to.deep.equal(tried[1]); // the very same request again
      expect(indexes(events(k))).to.deep.equal([1, 2, 3]);
    });

    it('restarts at 1 with a new sessionId for a new media', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 12);
      var firstSession = events(k)[0].sessionId;
      var count = events(k).length;
      await loadMedia(k, { uri: 'https://cdn.example/vod/other.mpd' });
      var second = events(k).slice(count);
      expect(types(second)).to.deep.equal([E.IMPRESSION]);
      expect(second[0].eventIndex).to.equal('1');
      expect(second[0].sessionId).to.not.equal(firstSession);
      expect(second[0].sessionId.split(':')[0]).to.equal(firstSession.split(':')[0]); // same page
    });
  });

  describe('the 30-second rule', function () {
    it('resets eventIndex, playTimeSum, bufferTimeSum and averageBitrate when no VIEW went out for 30 s', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k, 2000);
      advance(k, 12);
      pause(k);
      timers.tick(31000);
      resume(k);
      advance(k, 10);
      var sent = events(k);
      var resumed = last(sent, E.RESUME);
      expect(resumed.eventIndex).to.equal('1');
      expect(resumed.bufferTimeSum).to.equal('0');
      var view = last(sent, E.VIEW);
      expect(view.eventIndex).to.equal('2');
      expect(Number(view.playTimeSum)).to.be.closeTo(10, 0.3);
      expect(view.bufferTimeSum).to.equal('0');
      expect(Number(view.averageBitrate)).to.equal(1000);
    });

    it('keeps the session through a pause shorter than 30 s', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 12);
      pause(k);
      timers.tick(15000);
      resume(k);
      var resumed = last(events(k), E.RESUME);
      expect(Number(resumed.eventIndex)).to.be.above(4);
    });

    it('measures on the wall clock too: a suspended app (timers late, monotonic clock stood still) resets', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 12);
      var count = events(k).length;
      timers.setSystemTime(timers.now + 120000); // the app was frozen for two minutes
      advance(k, 10);
      k.player.emit('buffering', { buffering: true });
      settle(timers);
      var after = events(k).slice(count);
      expect(ofType(after, E.VIEW)).to.have.length(0); // the stale window is dropped, not reported
      expect(last(after, E.BUFFER_START).eventIndex).to.equal('1');
    });

    it('does not reset when the wall clock is set back (a TV correcting its clock)', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 12);
      timers.setSystemTime(timers.now - 3600000);
      advance(k, 20);
      var sent = events(k);
      expect(indexes(sent)).to.deep.equal(
        sent.map(function (_, i) {
          return i + 1;
        })
      );
    });

    it('scales with a VIEW interval over 10 s, so a normal cadence never expires', async function () {
      k = startKava(timers, { viewIntervalSeconds: 20 });
      await loadMedia(k);
      play(k);
      advance(k, 65);
      var views = ofType(events(k), E.VIEW);
      expect(views).to.have.length(3);
      expect(Number(views[2].eventIndex)).to.be.above(3);
    });
  });

  describe('sums and times', function () {
    it('measures joinTime from PLAY_REQUEST to the first frame, with the buffering before it', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k, 1500);
      var played = last(events(k), E.PLAY);
      expect(played.joinTime).to.equal('1.5');
      expect(played.bufferTime).to.equal('1.5');
      expect(played.bufferTimeSum).to.equal('1.5');
      expect(played.actualBitrate).to.equal('1000');
    });

    it('reports bufferTime per VIEW window (0 to 10) and resets it after each VIEW; bufferTimeSum keeps adding', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 3);
      k.player.emit('buffering', { buffering: true });
      timers.tick(4000);
      k.player.emit('buffering', { buffering: false });
      advance(k, 13);
      k.player.emit('buffering', { buffering: true });
      timers.tick(25000); // a stall longer than a window
      k.player.emit('buffering', { buffering: false });
      settle(timers);
      var views = ofType(events(k), E.VIEW);
      var within = function (values: Array<string | undefined>, expected: number[]) {
        expect(values).to.have.length(expected.length);
        values.forEach(function (v, i) {
          expect(Number(v)).to.be.closeTo(expected[i], 0.05); // play() settles 20 ms after PLAY
        });
      };
      within(field(views, 'bufferTime'), [4, 0, 10, 10]);
      within(field(views, 'bufferTimeSum'), [4, 4, 14, 24]);
      views.forEach(function (v) {
        expect(Number(v.bufferTime)).to.be.within(0, 10);
      });
    });

    it('counts only active playback in playTimeSum (not pauses, not buffering), for live as well', async function () {
      k = startKava(timers);
      await loadMedia(k, { live: true });
      k.player.range = { start: 0, end: 1000 };
      k.player.video.currentTime = 1000;
      play(k);
      advance(k, 4);
      pause(k);
      timers.tick(5000);
      resume(k);
      k.player.emit('buffering', { buffering: true });
      timers.tick(3000);
      k.player.emit('buffering', { buffering: false });
      advance(k, 3);
      settle(timers);
      var view = last(events(k), E.VIEW);
      expect(Number(view.playTimeSum)).to.be.closeTo(7, 0.05);
      expect(view.bufferTime).to.equal('3');
    });

    it('weights averageBitrate by play time at each bitrate', async function () {
      k = startKava(timers);
      await loadMedia(k);
      play(k);
      advance(k, 10);
      k.player.choose(2); // adaptation
      advance(k, 10);
      var views = ofType(events(k), E.VIEW);
      expect(field(views, 'actualBitrate')).to.deep.equal(['1000', '2000']);
      expect(Number(views[1].averageBitrate)).to.be.closeTo(1500, 5);
    });
  });

  describe('VIEW cadence', function () {
    it('sends a VIEW every viewIntervalSeconds of active time, none while paused, and continues the window after a pause', async function () {
      k = startKava(timers, { viewIntervalSeconds: 5 });
      await loadMedia(k);
      play(k);
      advance(k, 7); // VIEW at 5
      pause(k);
      timers.tick(20000); // nothing while paused
      var views = ofType(events(k), E.VIEW).length;
      expect(views).to.equal(1);
      resume(k);
      timers.tick(2900);
      expect(ofType(events(k), E.VIEW)).to.have.length(1);
      timers.tick(200); // 3 s after the resume the window has its 5 s
      settle(timers);
      expect(ofType(events(k), E.VIEW)).to.have.length(2);
    });

    it('stops at the end and at unload', async function () {
      k = startKava(timers);
      await loadMedia(k, { duration: 15 });
      play(k);
      advance(k, 15);
      var ended = types(events(k)).slice();
      k.player.video.ended = true;
      k.player.video.fire('pause');
      k.player.video.fire('ended');
      timers.tick(60000);
      expect(ofType(events(k), E.VIEW).length).to.equal(
        ofType(
          ended.map(function (t) {
            return { eventType: String(t) };
          }),
          E.VIEW
        ).length
      );
    });
  });

  describe('server response', function () {
    it('takes sessionStartTime from the first response; the first event has none', async function () {
      k = startKava(timers, {}, { transport: answering('{"time":1763755200.5,"viewEventsEnabled":true}') });
      await loadMedia(k);
      play(k);
      var sent = events(k);
      expect(sent[0].sessionStartTime).to.equal(undefined);
      expect(field(sent.slice(1), 'sessionStartTime')).to.deep.equal(['1763755200.5', '1763755200.5']);
    });

    it('resets sessionStartTime when paused and on a new media, and takes it again from the next response', async function () {
      var time = 1000;
      k = startKava(
        timers,
        {},
        {
          transport: answering(function () {
            return '{"time":' + ++time + '}';
          }),
        }
      );
      await loadMedia(k);
      play(k);
      pause(k);
      resume(k);
      var sent = events(k);
      // IMPRESSION(none) PLAY_REQUEST(1001) PLAY(1001) PAUSE(reset: none) RESUME(from PAUSE's answer)
      expect(field(sent, 'sessionStartTime')).to.deep.equal([undefined, '1001', '1001', undefined, '1004']);
      await loadMedia(k, { uri: VOD_URI + '?again' });
      expect(last(events(k), E.IMPRESSION).sessionStartTime).to.equal(undefined);
    });

    it('takes sessionStartTime from the answer to the first event after the reset, not from one in flight at the pause', async function () {
      var transport = answering(function (request) {
        return '{"time":' + (/eventType=33/.test(request.url) ? 2000 : 1000) + '}';
      });
      k = startKava(timers, {}, { transport: transport });
      await loadMedia(k);
      play(k);
      transport.script.push({ kind: 'hang' }); // the next event (a VIEW) waits for its answer
      advance(k, 10);
      pause(k); // PAUSE is queued behind the VIEW in flight
      transport.release({ kind: 'success', status: 200, body: '{"time":1500}' });
      settle(timers);
      resume(k);
      var sent = events(k);
      expect(types(sent).slice(-3)).to.deep.equal([E.VIEW, E.PAUSE, E.RESUME]);
      expect(last(sent, E.RESUME).sessionStartTime).to.equal('2000'); // the PAUSE's answer
    });

    it('stops VIEW events on viewEventsEnabled false; a response without the field changes nothing; true resumes them', async function () {
      var answer = '{"time":1}';
      k = startKava(
        timers,
        {},
        {
          transport: answering(function () {
            return answer;
          }),
        }
      );
      await loadMedia(k);
      play(k);
      advance(k, 11);
      expect(ofType(events(k), E.VIEW)).to.have.length(1); // on without the field
      answer = '{"time":1,"viewEventsEnabled":false}';
      pause(k);
      answer = '{"time":1}';
      resume(k);
      advance(k, 40);
      expect(ofType(events(k), E.VIEW)).to.have.length(1);
      expect(last(events(k), E.RESUME).eventIndex).to.not.equal('1'); // suppressed VIEWs still keep the session
      answer = '{"viewEventsEnabled":true}';
      pause(k);
      resume(k);
      advance(k, 11);
      expect(ofType(events(k), E.VIEW)).to.have.length(2);
    });

    it('uses time and viewEventsEnabled only when they have the right type', async function () {
      k = startKava(timers, {}, { transport: answering('{"time":"soon","viewEventsEnabled":"no"}') });
      await loadMedia(k);
      play(k);
      advance(k, 11);
      expect(ofType(events(k), E.VIEW)).to.have.length(1);
      expect(field(events(k), 'sessionStartTime')).to.deep.equal([undefined, undefined, undefined, undefined]);
    });

    it('ignores a body that is not JSON, and keeps sending', async function () {
      k = startKava(timers, {}, { transport: answering('<html>OK</html>') });
      await loadMedia(k);
      play(k);
      advance(k, 11);
      expect(types(events(k))).to.deep.equal([E.IMPRESSION, E.PLAY_REQUEST, E.PLAY, E.VIEW]);
      expect(field(events(k), 'sessionStartTime')).to.deep.equal([undefined, undefined, undefined, undefined]);
    });
  });
});
