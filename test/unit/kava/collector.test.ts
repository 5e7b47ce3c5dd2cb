import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as sinon from 'sinon';
import { createKavaRules, KavaParams } from '../../../server/kava/kava-rules';
import { createKavaRoutes, StoredKavaEvent } from '../../../server/kava/kava-routes';
import { ScriptedTransport } from '../../helpers/scripted-transport';
import { advance, Kava, loadMedia, parseRequest, pause, play, resume, seek, settle, START, startKava } from './fixture';

var T0 = Date.UTC(2026, 10, 21, 20, 0, 0);

function event(type: number, index: number, extra?: KavaParams): KavaParams {
  var e: KavaParams = {
    eventType: String(type),
    partnerId: '1234',
    entryId: '1_abc',
    sessionId: 'app:1',
    eventIndex: String(index),
    deliveryType: 'dash',
    playbackType: 'vod',
    clientVer: 'html5:v0.1.0',
    position: '0',
    playbackSpeed: '1',
  };
  for (var k in extra || {}) e[k] = extra![k];
  return e;
}

var VIEW_PARAMS = { playTimeSum: '10', bufferTime: '0', bufferTimeSum: '0', averageBitrate: '1000', soundMode: '2', tabMode: '2', viewabilityMode: '2' };

function view(index: number, extra?: KavaParams): KavaParams {
  var p: KavaParams = {};
  for (var k in VIEW_PARAMS) p[k] = (VIEW_PARAMS as any)[k];
  for (var j in extra || {}) p[j] = extra![j];
  return event(99, index, p);
}

describe('kava collector rules', function () {
  it('accepts a well-formed session and gives reasons for each kind of bad event', function () {
    var rules = createKavaRules();
    expect(rules.check(event(1, 1), T0).errors).to.deep.equal([]);
    expect(rules.check(event(2, 2), T0 + 1000).errors).to.deep.equal([]);
    expect(rules.check(event(3, 3, { joinTime: '0.5', bufferTime: '0.5', bufferTimeSum: '0.5' }), T0 + 1500).errors).to.deep.equal([]);
    expect(rules.check(view(4, { bufferTime: '0', bufferTimeSum: '0.5' }), T0 + 11500).errors).to.deep.equal([]);

    var bad = createKavaRules();
    var errors = bad.check(
      {
        eventType: '99',
        sessionId: 's',
        eventIndex: '1',
        position: '1.23456',
        deliveryType: 'rtmp',
        playbackType: 'vod',
        clientVer: '1.0',
        playbackSpeed: '1',
        soundMode: '3',
        bufferTime: '12',
        targetPosition: '3',
      },
      T0
    ).errors;
    expect(errors.join('\n'))
      .to.match(/partnerId: missing/)
      .and.match(/entryId: missing/)
      .and.match(/position: "1.23456"/)
      .and.match(/deliveryType: "rtmp"/)
      .and.match(/clientVer/)
      .and.match(/soundMode: must be 1 or 2/)
      .and.match(/bufferTime: 12 in a VIEW/)
      .and.match(/targetPosition: not a parameter of VIEW/)
      .and.match(/playTimeSum: missing on VIEW/)
      .and.match(/a new session starts with IMPRESSION/);
  });

  it('checks the index sequence: +1, or a reset to 1 justified by 30 s without VIEW or a new entry', function () {
    var rules = createKavaRules();
    rules.check(event(1, 1), T0);
    expect(rules.check(event(2, 3), T0 + 100).errors).to.deep.equal(['eventIndex: 3 after 1 (expected 2 or a reset to 1)']);
    expect(rules.check(view(4), T0 + 10000).errors).to.deep.equal([]);
    var early = rules.check(event(4, 1, { bufferTime: '0', bufferTimeSum: '0' }), T0 + 20000);
    expect(early.reset).to.equal(true);
    expect(early.errors[0]).to.match(/reset to 1 after 4 without a new entry, 10.0 s after the last VIEW/);

    var later = createKavaRules();
    later.check(event(1, 1), T0);
    later.check(view(2), T0 + 10000);
    expect(later.check(event(33, 3), T0 + 11000).errors).to.deep.equal([]);
    var resumed = later.check(event(4, 1, { bufferTime: '0', bufferTimeSum: '0' }), T0 + 41000);
    expect(resumed).to.deep.equal({ errors: [], duplicate: false, reset: true });
    expect(later.check(event(1, 1, { entryId: '1_other' }), T0 + 42000).errors).to.deep.equal([]);
  });

  it('recognises a retried event that had arrived already', function () {
    var rules = createKavaRules();
    rules.check(event(1, 1), T0);
    expect(rules.check(event(1, 1), T0 + 5000)).to.deep.equal({ errors: [], duplicate: true, reset: false });
  });

  it("checks sums: they only grow, playTimeSum within the session age, a VIEW's bufferTime is what bufferTimeSum grew by", function () {
    var rules = createKavaRules();
    rules.check(event(1, 1), T0);
    expect(rules.check(view(2, { playTimeSum: '9.9', bufferTime: '1', bufferTimeSum: '1' }), T0 + 10000).errors).to.deep.equal([]);
    expect(rules.check(view(3, { playTimeSum: '19', bufferTime: '2', bufferTimeSum: '2' }), T0 + 20000).errors).to.deep.equal([
      'bufferTime: 2, but bufferTimeSum grew by 1.000 since the last VIEW',
    ]);
    expect(rules.check(view(4, { playTimeSum: '18', bufferTime: '0', bufferTimeSum: '2' }), T0 + 30000).errors).to.deep.equal([
      'playTimeSum: went down from 19 to 18',
    ]);
    expect(rules.check(view(5, { playTimeSum: '60', bufferTime: '0', bufferTimeSum: '2' }), T0 + 40000).errors[0]).to.match(
      /playTimeSum: 60 s, but the session/
    );
  });

  it('accepts sessionStartTime only as a time it answered since the session (re)started, and never on PAUSE or a first event', function () {
    var rules = createKavaRules();
    expect(rules.check(event(1, 1, { sessionStartTime: '5' }), T0).errors).to.deep.equal(['sessionStartTime: the first event of a session has none']);
    rules.answered(event(1, 1), 1763755200.123);
    expect(rules.check(event(2, 2, { sessionStartTime: '1763755200.123' }), T0 + 100).errors).to.deep.equal([]);
    expect(rules.check(event(33, 3, { sessionStartTime: '1763755200.123' }), T0 + 200).errors).to.deep.equal([
      'sessionStartTime: reset when paused, so PAUSE has none',
    ]);
    expect(rules.check(event(4, 4, { sessionStartTime: '1763755299', bufferTime: '0', bufferTimeSum: '0' }), T0 + 300).errors[0]).to.match(
      /not a time this collector answered/
    );
  });

  it('checks playbackType against the live offset and the DVR threshold', function () {
    var rules = createKavaRules({ dvrThresholdSeconds: 120 });
    var check = function (type: string, position: string) {
      return rules.check(event(1, 1, { sessionId: type + position, playbackType: type, position: position }), T0).errors;
    };
    expect(check('live', '-2.5')).to.deep.equal([]);
    expect(check('dvr', '-150')).to.deep.equal([]);
    expect(check('live', '-150')[0]).to.match(/playbackType: live at -150/);
    expect(check('dvr', '-10')[0]).to.match(/playbackType: dvr at -10/);
    expect(check('live', '3')[0]).to.match(/position: 3 for live/);
    expect(check('vod', '-1')).to.deep.equal(['position: negative for vod']);
  });

  it('keeps at most maxSessions sessions', function () {
    var rules = createKavaRules({ maxSessions: 2 });
    rules.check(event(1, 1, { sessionId: 'a' }), T0);
    rules.check(event(1, 1, { sessionId: 'b' }), T0);
    rules.check(event(1, 1, { sessionId: 'c' }), T0);
    // 'a' was forgotten: its next event looks like a new session that does not start at 1
    expect(rules.check(event(2, 2, { sessionId: 'a' }), T0 + 100).errors[0]).to.match(/a new session starts at 1/);
  });
});

describe('kava plugin against the collector rules', function () {
  var timers: sinon.SinonFakeTimers;
  var k: Kava;
  afterEach(function () {
    k.agent.shutdown();
    timers.restore();
  });

  /** A transport that is the collector: every request is checked at the fake time and answered with it. */
  function collectorTransport(rules: ReturnType<typeof createKavaRules>, verdicts: Array<{ type: string; index: string; errors: string[]; reset: boolean }>) {
    var transport = new ScriptedTransport(0);
    transport.responder = function (request) {
      if (request.url.indexOf('trackEvent') < 0) return { kind: 'success', status: 200 };
      var params = parseRequest(request);
      var verdict = rules.check(params, timers.now);
      var time = timers.now / 1000;
      rules.answered(params, time);
      verdicts.push({ type: params.eventType, index: params.eventIndex, errors: verdict.errors, reset: verdict.reset });
      return { kind: 'success', status: 200, body: JSON.stringify({ time: time, viewEventsEnabled: true }) };
    };
    return transport;
  }

  it('sends only events the collector accepts through play, buffering, seek, a 31 s pause (reset), live and DVR', async function () {
    timers = sinon.useFakeTimers({ now: START });
    var verdicts: Array<{ type: string; index: string; errors: string[]; reset: boolean }> = [];
    var rules = createKavaRules();
    k = startKava(timers, {}, { transport: collectorTransport(rules, verdicts) });
    await loadMedia(k, { duration: 60 });
    play(k, 700);
    advance(k, 12, 2);
    k.player.emit('buffering', { buffering: true });
    timers.tick(2300);
    k.player.emit('buffering', { buffering: false });
    advance(k, 9, 2);
    seek(k, 40);
    pause(k);
    timers.tick(31000);
    resume(k);
    advance(k, 25, 2);
    await loadMedia(k, { live: true, uri: 'https://cdn.example/live/manifest.mpd' });
    k.player.range = { start: 0, end: 3600 };
    k.player.video.currentTime = 3598;
    play(k);
    advance(k, 11);
    seek(k, 3400);
    advance(k, 11);
    settle(timers);
    expect(verdicts.filter((v) => v.errors.length)).to.deep.equal([]);
    expect(verdicts.filter((v) => v.reset).map((v) => v.type)).to.deep.equal(['4']); // the RESUME after 31 s
    expect(verdicts.length).to.be.above(20);
  });
});

describe('kava collector over HTTP', function () {
  var server: http.Server;
  var base: string;

  before(async function () {
    var routes = createKavaRoutes();
    server = http.createServer(function (req, res) {
      var pathname = new URL(req.url || '/', 'http://x').pathname;
      routes.handle(req, res, pathname).then(function (handled) {
        if (!handled) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>(function (resolve) {
      server.listen(0, '127.0.0.1', resolve);
    });
    base = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
  });
  after(function () {
    server.close();
  });
  beforeEach(async function () {
    await fetch(base + '/_kava/reset', { method: 'POST' });
  });

  function query(p: KavaParams): string {
    return new URLSearchParams(p).toString();
  }
  async function stored(): Promise<StoredKavaEvent[]> {
    return ((await (await fetch(base + '/_kava/events')).json()) as { events: StoredKavaEvent[] }).events;
  }

  it('takes GET queries and POST form bodies (also as text/plain from sendBeacon) and answers {time, viewEventsEnabled}', async function () {
    var get = await fetch(base + '/api_v3/index.php?service=analytics&action=trackEvent&' + query(event(1, 1)));
    expect(get.status).to.equal(200);
    var answer = (await get.json()) as { time: number; viewEventsEnabled: boolean };
    expect(answer.viewEventsEnabled).to.equal(true);
    expect(answer.time).to.be.closeTo(Date.now() / 1000, 5);
    var post = await fetch(base + '/api_v3/index.php?service=analytics&action=trackEvent', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: query(event(2, 2, { sessionStartTime: String(answer.time) })),
    });
    expect(post.status).to.equal(200);
    await fetch(base + '/api_v3/index.php?service=analytics&action=trackEvent', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: query(event(3, 3, { joinTime: '1', bufferTime: '0', bufferTimeSum: '0' })),
    });
    var events = await stored();
    expect(events.map((e) => [e.type, e.method, e.valid])).to.deep.equal([
      ['IMPRESSION', 'GET', true],
      ['PLAY_REQUEST', 'POST', true],
      ['PLAY', 'POST', true],
    ]);
    expect(events[0].params).to.not.have.property('service');
  });

  it('refuses requests without service=analytics&action=trackEvent', async function () {
    var response = await fetch(base + '/api_v3/index.php?' + query(event(1, 1)));
    expect(response.status).to.equal(400);
    expect(await stored()).to.have.length(0);
  });

  it('answers injected faults without storing, and leaves viewEventsEnabled out when configured null', async function () {
    await fetch(base + '/_kava/faults', { method: 'POST', body: JSON.stringify({ status: 503, count: 2 }) });
    await fetch(base + '/_kava/config', { method: 'POST', body: JSON.stringify({ viewEventsEnabled: null }) });
    var url = base + '/api_v3/index.php?service=analytics&action=trackEvent&' + query(event(1, 1));
    expect((await fetch(url)).status).to.equal(503);
    expect((await fetch(url)).status).to.equal(503);
    var ok = await fetch(url);
    expect(ok.status).to.equal(200);
    expect(await ok.json()).to.have.all.keys('time');
    expect(await stored()).to.have.length(1);
  });
});
