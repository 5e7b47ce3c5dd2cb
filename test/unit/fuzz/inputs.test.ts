import { expect } from 'chai';
import * as sinon from 'sinon';
import { Agent, createAgent } from '../../../src/agent/agent';
import { CONTENT_TYPES } from '../../helpers/contract';
import { fakeClock, FakeWindow, flushPromises, recordingLogger, RecordingLogger, seededRandom, START, testProfile } from '../../helpers/env';
import { FakePlayer, REQUEST_SEGMENT } from '../../helpers/fake-player';
import { ScriptedTransport } from '../../helpers/scripted-transport';
import { sentProblems } from './check';
import { FUZZ_SEED, fuzzer, Fuzzer } from './garbage';
import { profileFromJson } from '../../../src/profile/json';

var PROFILE = testProfile({
  vault: { metricsIntervalSeconds: 10, flushIntervalSeconds: 30 },
  channels: { 'ch-1': { IPTV: 'tech-1', OTT: 'tech-1-ott' } },
  blend: { iptvUriPattern: '^https://192\\.168\\.' },
});

/** A content description: each field right, missing, or wrong in some way. */
function content(f: Fuzzer): unknown {
  if (f.chance(0.1)) return f.any(3);
  var c: { [key: string]: unknown } = f.chance(0.1) ? Object.create(null) : {};
  var fields: { [key: string]: () => unknown } = {
    contentType: () => f.pick(CONTENT_TYPES),
    contentSource: () => f.pick(['IPTV', 'OTT', 'Blend']),
    editorialId: () => f.pick(['ch-1', 'film-7']),
    technicalId: () => 'tech-9',
    programmeId: () => 'prog-1',
    eventStart: () => START - 1000 * f.int(7200),
  };
  for (var key in fields) {
    var roll = f.random();
    if (roll < 0.6) c[key] = fields[key]();
    else if (roll < 0.75) continue;
    else if (roll < 0.85) c[key] = f.chance(0.5) ? f.number() : f.string();
    else if (roll < 0.95) c[key] = f.any(2);
    else
      Object.defineProperty(c, key, {
        enumerable: true,
        get: function () {
          throw new Error('fuzz: content getter');
        },
      });
  }
  if (f.chance(0.2)) c[f.pick(['__proto__', 'constructor', 'toJSON', 'x'.repeat(300)])] = f.any(1);
  return c;
}

/** A healthy player, so only the inputs under test are hostile. */
function healthyPlayer(): FakePlayer {
  var player = new FakePlayer();
  player.setVariants([400000, 1200000], 1);
  player.playheadDate = new Date(START);
  player.live = true;
  return player;
}

describe('fuzz: content descriptions and identities (seed ' + FUZZ_SEED + ')', function () {
  this.timeout(60000);
  var timers: sinon.SinonFakeTimers;
  var agent: Agent | null;
  var transport: ScriptedTransport;
  var logger: RecordingLogger;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
    agent = null;
  });
  afterEach(function () {
    if (agent) agent.shutdown();
    timers.restore();
  });

  function start(identity?: unknown, seed?: number): Agent {
    transport = new ScriptedTransport(20);
    logger = recordingLogger();
    agent = createAgent({
      profile: profileFromJson(PROFILE),
      identity: identity as any,
      platform: 'browser',
      window: new FakeWindow(),
      transport: transport,
      clock: fakeClock(timers),
      random: seededRandom(seed),
      logger: logger,
    });
    return agent;
  }

  /** Plays `seconds` in steps of one, with a segment downloaded each second. */
  function play(player: FakePlayer, seconds: number): void {
    for (var s = 0; s < seconds; s++) {
      player.play(1);
      player.download(REQUEST_SEGMENT, 100000, 80);
      timers.tick(1000);
    }
  }

  it('never throws into the app for any content given to track() or update(), and sends only valid records', async function () {
    var f = fuzzer(FUZZ_SEED + 10);
    start();
    var tracked = 0;
    for (var round = 0; round < 150; round++) {
      var player = healthyPlayer();
      var playback: any;
      expect(function () {
        playback = agent!.track(player, content(f) as any);
      }, 'track, round ' + round).not.to.throw();
      expect(playback, 'round ' + round)
        .to.have.property('update')
        .that.is.a('function');
      player.load(f.pick(['https://cdn.example/live.mpd?token=s', 'https://192.168.1.1/live.mpd']));
      player.resolveLoad();
      await flushPromises();
      play(player, 12);
      for (var u = 0; u < 3; u++) {
        var partial = f.chance(0.7) ? content(f) : f.any(2);
        expect(function () {
          playback.update(partial);
        }, 'update, round ' + round).not.to.throw();
        play(player, 11);
      }
      expect(function () {
        playback.end();
        playback.end();
      }, 'end, round ' + round).not.to.throw();
      tracked++;
    }
    agent!.shutdown();
    timers.tick(60000);
    expect(tracked).to.equal(150);
    expect(transport.sent().length, 'records sent').to.be.greaterThan(100);
    expect(sentProblems(transport)).to.deep.equal([]);
  });

  it('takes a playback from rejected to valid by update(), sending records only while valid', async function () {
    var f = fuzzer(FUZZ_SEED + 11);
    // Wrong but readable: a description whose getters throw cannot be merged over (track() again).
    var wrong: unknown[] = [
      null,
      42,
      'film',
      [],
      {},
      { contentType: 'movie', editorialId: 'x' },
      { contentType: 'vod-ed', editorialId: 5 },
      { contentType: 'vod-ed', editorialId: '' },
      { contentType: 'live-event', editorialId: 'nowhere', programmeId: 'p' },
      { contentType: 'vod-ed', editorialId: 'x', eventStart: NaN },
      { contentType: 'vod-ed', editorialId: 'x', contentSource: 'Satellite' },
      JSON.parse('{"__proto__": {"contentType": "vod-ed", "editorialId": "x"}}'),
    ];
    start();
    for (var round = 0; round < 30; round++) {
      var player = healthyPlayer();
      var playback = agent!.track(player, f.pick(wrong) as any);
      player.load('https://cdn.example/vod.mpd');
      player.resolveLoad();
      await flushPromises();
      play(player, 11);
      playback.update({
        contentType: 'vod-ed',
        contentSource: 'OTT',
        editorialId: 'film-' + round,
        programmeId: undefined,
        technicalId: undefined,
        eventStart: undefined,
      } as any);
      play(player, 21);
      playback.end();
    }
    agent!.shutdown();
    timers.tick(60000);
    var films = transport.sent('playback_metrics').map((r) => r.metadata.editorialId);
    for (var r = 0; r < 30; r++) expect(films, 'film-' + r).to.include('film-' + r);
    expect(sentProblems(transport)).to.deep.equal([]);
  });

  it('starts on any identity without throwing, sending only valid identity fields', async function () {
    var f = fuzzer(FUZZ_SEED + 12);
    var identities: unknown[] = [undefined, null, 'acc-1', 42, [], ['acc'], { deviceId: '' }, { accountId: 'x'.repeat(257) }];
    for (var i = 0; i < 120; i++) {
      if (f.chance(0.5)) identities.push(f.any(2));
      else {
        var id: { [key: string]: unknown } = {};
        ['deviceId', 'accountId', 'userId', 'sessionId'].forEach(function (key) {
          var roll = f.random();
          if (roll < 0.4) id[key] = key + '-' + i;
          else if (roll < 0.6) id[key] = f.string();
          else if (roll < 0.8) id[key] = f.any(1);
          else if (roll < 0.9)
            Object.defineProperty(id, key, {
              enumerable: true,
              get: function () {
                throw new Error('fuzz: identity getter');
              },
            });
        });
        identities.push(id);
      }
    }
    for (var n = 0; n < identities.length; n++) {
      expect(function () {
        start(identities[n], n);
      }, 'identity #' + n).not.to.throw();
      var player = healthyPlayer();
      agent!.track(player, { contentType: 'vod-ed', editorialId: 'film-1' });
      player.load('https://cdn.example/vod.mpd');
      player.resolveLoad();
      await flushPromises();
      play(player, 21);
      agent!.shutdown();
      timers.tick(60000);
      expect(transport.sent('playback_metrics').length, 'identity #' + n).to.be.at.least(2);
      expect(sentProblems(transport), 'identity #' + n).to.deep.equal([]);
      agent = null;
    }
  });
});
