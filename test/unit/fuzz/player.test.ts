import { expect } from 'chai';
import * as sinon from 'sinon';
import { Agent, createAgent } from '../../../src/agent/agent';
import { fakeClock, FakeWindow, flushPromises, recordingLogger, RecordingLogger, seededRandom, START, testProfile } from '../../helpers/env';
import { CRITICAL, fakeShakaModule, FakePlayer, REQUEST_MANIFEST, REQUEST_SEGMENT, shakaError } from '../../helpers/fake-player';
import { ScriptedTransport } from '../../helpers/scripted-transport';
import { sentProblems } from './check';
import { FUZZ_SEED, fuzzer, Fuzzer } from './garbage';
import { profileFromJson } from '../../../src/profile/json';

var MINUTES = 10;

/** A number the way a broken engine reports one: NaN, ±Infinity, negative, huge, fractional, or fine. */
function reading(f: Fuzzer): unknown {
  var roll = f.random();
  if (roll < 0.5) return f.number();
  if (roll < 0.6) return undefined;
  if (roll < 0.7) return f.any(1);
  return f.int(100000);
}

function thrower(): never {
  throw new Error('fuzz: player getter throws');
}

/** Defines `key` on `o` as a value, or (now and then) as a getter that throws. */
function field(f: Fuzzer, o: { [key: string]: unknown }, key: string, value: () => unknown): void {
  if (f.chance(0.05)) Object.defineProperty(o, key, { enumerable: true, get: thrower });
  else o[key] = value();
}

/** A TimeRanges as a broken engine might give one: odd lengths, odd bounds, throwing accessors, or not one at all. */
function ranges(f: Fuzzer): unknown {
  if (f.chance(0.15)) return f.any(1);
  var list: Array<[unknown, unknown]> = [];
  for (var i = f.int(4); i > 0; i--) list.push([reading(f), reading(f)]);
  var bound = (k: 0 | 1) => (i: number) => (f.chance(0.05) ? thrower() : list[i] ? list[i][k] : f.any(0));
  return { length: f.chance(0.9) ? list.length : reading(f), start: bound(0), end: bound(1) };
}

/**
 * A Shaka-shaped player whose every getter answers garbage: variant track lists of every shape, a
 * media element with odd positions, buffered and played ranges and frame counters (NaN, Infinity,
 * negative, huge, missing, property getters that throw), odd playhead dates and asset URIs, events
 * naming odd tracks, and responses with odd sizes.
 */
class HostilePlayer extends FakePlayer {
  constructor(private f: Fuzzer) {
    super();
  }
  getVariantTracks(): any {
    var f = this.f;
    switch (f.int(6)) {
      case 0:
        return f.any(2);
      case 1:
        return thrower();
      case 2:
        return { length: 1e15, 0: { bandwidth: 1 } }; // array-like with an absurd length
      default:
        var tracks: unknown[] = [];
        for (var i = f.int(f.chance(0.1) ? 2000 : 8); i > 0; i--) {
          if (f.chance(0.1)) {
            tracks.push(f.any(1));
            continue;
          }
          var t: { [key: string]: unknown } = {};
          field(f, t, 'bandwidth', () => reading(f));
          field(f, t, 'videoBandwidth', () => reading(f));
          field(f, t, 'active', () => (f.chance(0.8) ? f.chance(0.3) : f.any(0)));
          tracks.push(t);
        }
        return tracks;
    }
  }
  getMediaElement(): any {
    var f = this.f;
    if (f.chance(0.2)) return f.chance(0.3) ? thrower() : f.any(1);
    var media: { [key: string]: unknown } = {};
    field(f, media, 'currentTime', () => reading(f));
    field(f, media, 'buffered', () => ranges(f));
    field(f, media, 'played', () => ranges(f));
    if (f.chance(0.5))
      media.getVideoPlaybackQuality = () =>
        f.chance(0.1) ? thrower() : f.chance(0.1) ? f.any(1) : { totalVideoFrames: reading(f), droppedVideoFrames: reading(f) };
    else if (f.chance(0.6)) {
      field(f, media, 'webkitDecodedFrameCount', () => reading(f));
      field(f, media, 'webkitDroppedFrameCount', () => reading(f));
    }
    return media;
  }
  getPlayheadTimeAsDate(): any {
    var f = this.f;
    switch (f.int(5)) {
      case 0:
        return f.any(1);
      case 1:
        return { getTime: () => reading(f) };
      case 2:
        return { getTime: thrower };
      default:
        return new Date(START + (f.chance(0.8) ? 1000 * f.int(7200) : (f.number() as number)));
    }
  }
  getAssetUri(): any {
    var f = this.f;
    return f.chance(0.7) ? f.pick(['https://cdn.example/live.mpd?token=s#t=1', 'https://192.168.1.1/live.mpd', null]) : f.chance(0.5) ? f.string() : f.any(1);
  }
  isLive(): any {
    return this.f.any(0);
  }
}

describe('fuzz: player readings and errors (seed ' + FUZZ_SEED + ')', function () {
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

  function start(profileExtra?: { [key: string]: any }): Agent {
    transport = new ScriptedTransport(20);
    logger = recordingLogger();
    agent = createAgent({
      profile: profileFromJson(testProfile(profileExtra || { vault: { metricsIntervalSeconds: 10, flushIntervalSeconds: 60 } })),
      platform: 'browser',
      window: new FakeWindow(),
      transport: transport,
      clock: fakeClock(timers),
      random: seededRandom(7),
      logger: logger,
      shaka: fakeShakaModule(),
    });
    return agent;
  }

  function internalErrors(): string[] {
    return logger.messages('error').filter((m) => /internal error/.test(m));
  }

  it('reads garbage tracks, media elements, ranges, dates, events and responses into valid records, one every interval', async function () {
    var f = fuzzer(FUZZ_SEED + 20);
    start();
    var player = new HostilePlayer(f);
    agent!.track(player, { contentType: 'live-stcu-event', contentSource: 'OTT', editorialId: 'event-1', eventStart: START - 60000 });
    expect(() => player.load('https://cdn.example/live.mpd?token=s')).not.to.throw();
    player.resolveLoad();
    await flushPromises();
    for (var s = 0; s < MINUTES * 60; s++) {
      var bytes = f.chance(0.8) ? f.int(500000) : reading(f);
      var ms = f.chance(0.8) ? f.int(300) : reading(f);
      expect(() => {
        player.networking!.respond(f.chance(0.8) ? REQUEST_SEGMENT : f.pick([REQUEST_MANIFEST, 2, -1, NaN]), {
          data: f.chance(0.9)
            ? { byteLength: bytes as number }
            : f.pick([null, undefined, {}, new ArrayBuffer(f.int(100)), { byteLength: f.string() }] as any[]),
          timeMs: ms as number,
          fromCache: f.any(0) as boolean,
        });
        player.emit(f.pick(['buffering', 'adaptation', 'variantchanged', 'trackschanged', 'loaded', 'stalldetected']), {
          buffering: f.any(0),
          newTrack: f.chance(0.7) ? { bandwidth: reading(f) } : f.any(1),
        });
      }).not.to.throw();
      timers.tick(1000);
    }
    var playback = agent!.track(player, { contentType: 'vod-ed', editorialId: 'film-1' }); // ends the first playback
    playback.end();
    agent!.shutdown();
    timers.tick(600000);
    expect(sentProblems(transport)).to.deep.equal([]);
    // A garbage value costs at most its field (null), never the record.
    expect(transport.sent('playback_metrics').length).to.be.within(MINUTES * 6, MINUTES * 6 + 3);
    expect(internalErrors()).to.deep.equal([]);
  });

  /** Error objects of every shape, as the `error` event's detail or a rejected load(). */
  function errorValue(f: Fuzzer): unknown {
    switch (f.int(9)) {
      case 0:
        return f.any(2);
      case 1:
        return f.pick([null, undefined, 'Shaka Error 1001', 1001, NaN, '', new Error('plain')]);
      case 2:
        var cyclic: any = shakaError(CRITICAL, 1, 1001);
        cyclic.data = [cyclic, 'https://cdn.example/seg.m4s?token=s'];
        cyclic.self = cyclic;
        return cyclic;
      case 3:
        var many: unknown[] = [];
        for (var i = 0; i < 100000; i++) many.push(i % 3 ? 'https://cdn.example/' + i + '?t=s' : i);
        return shakaError(CRITICAL, 1, 1002, many);
      case 4:
        return {
          severity: f.pick([CRITICAL, NaN, -1, 1e308]),
          category: reading(f),
          code: reading(f),
          data: [f.string(), f.number(), f.any(1)],
          message: f.any(0),
        };
      case 5:
        var odd: { [key: string]: unknown } = {};
        ['severity', 'category', 'code', 'data', 'message', 'handled'].forEach((key) => field(f, odd, key, () => (f.chance(0.5) ? reading(f) : f.any(1))));
        return odd;
      case 6:
        return { code: 7000, severity: CRITICAL, category: 7, data: [] }; // LOAD_INTERRUPTED: never reported
      default:
        return shakaError(CRITICAL, f.int(11), 1000 + f.int(9000), [f.string(), f.int(600)]);
    }
  }

  it('turns error objects of every shape, from error events and rejected loads, into valid records within the budget', async function () {
    var f = fuzzer(FUZZ_SEED + 21);
    start({ vault: { metricsIntervalSeconds: 30, flushIntervalSeconds: 60 }, errors: { maxPerMinute: 5, reportRecoverable: true } });
    var player = new FakePlayer();
    player.setVariants([400000, 1200000], 0);
    agent!.track(player, { contentType: 'vod-ed', editorialId: 'film-1' });
    player.load('https://cdn.example/vod.mpd');
    player.resolveLoad();
    await flushPromises();
    for (var s = 0; s < MINUTES * 60; s++) {
      var events = f.int(4);
      for (var e = 0; e < events; e++) {
        var error = errorValue(f);
        expect(() => {
          if (f.chance(0.5)) player.emit('error', { detail: error });
          else
            (player.listeners.error || []).slice().forEach((l) => l(f.chance(0.2) ? f.pick([null, undefined, 'error', 42]) : { type: 'error', detail: error }));
        }, 'error event, second ' + s).not.to.throw();
      }
      if (f.chance(0.05)) {
        var loading: Promise<void> | undefined;
        expect(() => {
          loading = player.load('https://cdn.example/vod.mpd?attempt=' + s);
        }).not.to.throw();
        player.rejectLoad(errorValue(f));
        var rejectedWith: unknown = 'not rejected';
        await loading!.then(
          () => undefined,
          (reason) => {
            rejectedWith = reason;
          }
        );
        expect(rejectedWith, 'the app gets its own rejection').not.to.equal('not rejected');
        await flushPromises();
      }
      player.play(1);
      timers.tick(1000);
    }
    agent!.shutdown();
    timers.tick(600000);
    expect(sentProblems(transport)).to.deep.equal([]);
    var errors = transport.sent('playerError');
    expect(errors.length).to.be.within(1, 5 * (MINUTES + 1));
    errors.forEach((r) => {
      expect(r.metadata.errorMsg.length).to.be.below(400);
      expect(r.metadata.errorMsg).not.to.match(/token=|\?t=s/);
    });
    expect(internalErrors()).to.deep.equal([]);
  });
});
