import { expect } from 'chai';
import * as sinon from 'sinon';
import { createAgent } from '../../../src/agent/agent';
import { FieldSpec, PLATFORM_NAMES, PROFILE_FIELDS } from '../../../src/profile/spec';
import { validateProfile } from '../../../src/profile/validate';
import { ENDPOINT, fakeClock, FakeWindow, flushPromises, recordingLogger, seededRandom, START } from '../../helpers/env';
import { CRITICAL, FakePlayer, REQUEST_SEGMENT, shakaError } from '../../helpers/fake-player';
import { ScriptedTransport } from '../../helpers/scripted-transport';
import { sentProblems } from './check';
import { FUZZ_SEED, fuzzer, ODD_NUMBERS, ODD_STRINGS } from './garbage';
import { profileFromJson } from '../../../src/profile/json';

var PROFILE_ERROR = /^tv-telemetry: invalid profile:\n {2}[^\n]/;

/** Every field path of the profile spec, objects and maps included (a map also gets one entry below it). */
function fieldPaths(fields: { [key: string]: FieldSpec }, prefix: string, out: string[]): string[] {
  for (var name in fields) {
    var spec = fields[name];
    var path = prefix + name;
    out.push(path);
    if (spec.type === 'object') fieldPaths(spec.fields!, path + '.', out);
    if (spec.type === 'map') out.push(path + '.some-key');
  }
  return out;
}

function baseProfile(): { [key: string]: any } {
  return { name: 'fuzz', vault: { endpoint: ENDPOINT }, channels: { 'ch-1': { IPTV: 'tech-1', OTT: 'tech-1-ott' } } };
}

/** A copy of `profile` with `value` at the dotted `path` (objects on the way copied, created or replaced). */
function withValue(profile: { [key: string]: any }, path: string, value: unknown): { [key: string]: any } {
  var keys = path.split('.');
  function set(node: unknown, i: number): { [key: string]: any } {
    var copy: { [key: string]: any } = {};
    try {
      // own keys only, copied without calling getters (an earlier round may have put one there); a
      // trapping Proxy on the way is replaced
      Object.keys(node as object).forEach(function (k) {
        Object.defineProperty(copy, k, Object.getOwnPropertyDescriptor(node, k)!);
      });
    } catch (e) {
      copy = {};
    }
    var key = keys[i];
    var next =
      i === keys.length - 1
        ? value
        : set(Object.getOwnPropertyDescriptor(copy, key) ? (Object.getOwnPropertyDescriptor(copy, key)!.value as unknown) : undefined, i + 1);
    Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return set(profile, 0);
}

function quietOptions(profile: unknown): any {
  return {
    profile: profile,
    platform: 'browser',
    window: new FakeWindow(),
    transport: new ScriptedTransport(0),
    logger: recordingLogger(),
    random: seededRandom(1),
  };
}

/** createAgent's answer to a profile: 'agent' (and it is shut down), or the profile error's text; anything else fails. */
function outcomeOf(profile: unknown): { kind: 'agent' } | { kind: 'refused'; message: string } {
  var agent;
  try {
    agent = createAgent(quietOptions(profile));
  } catch (e) {
    expect(e, 'createAgent threw something other than an Error').to.be.instanceOf(Error);
    var message = (e as Error).message;
    expect(message, 'createAgent threw another error than the profile error').to.match(PROFILE_ERROR);
    return { kind: 'refused', message: message };
  }
  agent.shutdown();
  return { kind: 'agent' };
}

describe('fuzz: profiles (seed ' + FUZZ_SEED + ')', function () {
  this.timeout(60000);
  var timers: sinon.SinonFakeTimers;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    timers.restore();
  });

  var paths = fieldPaths(PROFILE_FIELDS, '', []);
  var platformPaths = PLATFORM_NAMES.map((p) => 'platforms.' + p).concat(['platforms', 'platforms.browser.vault.endpoint', 'platforms.browser.queue.capacity']);

  it('refuses every wrong value of every field with the one profile error naming the field, and accepts the rest', function () {
    var f = fuzzer(FUZZ_SEED);
    var values: unknown[] = ODD_NUMBERS.concat(ODD_STRINGS as any[]);
    for (var i = 0; i < 24; i++) values.push(f.any(3));
    var refused = 0;
    var accepted = 0;
    paths.concat(platformPaths).forEach(function (path) {
      values.forEach(function (value, v) {
        var profile = withValue(baseProfile(), path, value);
        var result: ReturnType<typeof validateProfile> | undefined;
        expect(
          function () {
            result = validateProfile(profile, 'browser');
          },
          path + ' = value #' + v
        ).not.to.throw();
        var outcome = outcomeOf(profile);
        expect(outcome.kind, path + ' = value #' + v).to.equal(result!.ok ? 'agent' : 'refused');
        if (outcome.kind === 'refused') {
          var message = outcome.message;
          refused++;
          // the field's path, or for the running platform's override the merged field's (vault.endpoint)
          var names = [path.split('.')[0], path.split('.').slice(0, 2).join('.'), path.split('.')[2], '(profile): cannot be read'];
          expect(
            names.some((name) => name !== undefined && message.indexOf('\n  ' + name) >= 0),
            path + ' = value #' + v + ': ' + message.substring(0, 200)
          ).to.equal(true);
          // A problem per line, each naming a field: no value is echoed (a huge string stays out of the log).
          expect(message.length, path + ' = value #' + v).to.be.below(8000);
        } else accepted++;
      });
    });
    expect(refused).to.be.greaterThan(accepted);
  });

  it('refuses a profile that is not a profile at all with the profile error', function () {
    var f = fuzzer(FUZZ_SEED + 1);
    var wholes: unknown[] = [undefined, null, 0, NaN, '', 'profile.json', [], [baseProfile()], new Date(), Object.create(null), function () {}];
    for (var i = 0; i < 200; i++) wholes.push(f.any(3));
    wholes.forEach(function (profile, i) {
      expect(function () {
        validateProfile(profile);
      }, 'profile #' + i).not.to.throw();
      outcomeOf(profile);
    });
    // Without options the agent logs to the console before it sees there is no profile: keep the run quiet.
    var info = sinon.stub(console, 'info');
    try {
      expect(function () {
        createAgent(undefined as any);
      }).to.throw(PROFILE_ERROR);
      expect(function () {
        createAgent(null as any);
      }).to.throw(PROFILE_ERROR);
    } finally {
      info.restore();
    }
  });

  it('names unknown keys on one short line, however long or odd the key, and quickly', function () {
    var profile = baseProfile();
    profile['k'.repeat(1 << 20)] = 1;
    profile.vault['line\nbreak\u0000'] = 1;
    profile.vault['flushIntervalSecond'] = 1;
    var started = Date.now();
    var result = validateProfile(profile);
    expect(Date.now() - started).to.be.below(100);
    expect(result.ok).to.equal(false);
    var problems = (result as { problems: string[] }).problems;
    expect(problems).to.have.length(3);
    problems.forEach(function (p) {
      expect(p.length).to.be.below(120);
      expect(p).not.to.match(/[\u0000-\u001f]/);
    });
    expect(problems).to.include('vault.flushIntervalSecond: unknown key (did you mean "flushIntervalSeconds"?)');
  });

  it('refuses profiles wrong in many fields at once, listing each problem on its own line', function () {
    var f = fuzzer(FUZZ_SEED + 2);
    for (var round = 0; round < 300; round++) {
      var profile = baseProfile();
      var n = 1 + f.int(8);
      for (var k = 0; k < n; k++) profile = withValue(profile, f.pick(paths), f.any(2));
      var outcome = outcomeOf(profile);
      if (outcome.kind === 'refused') {
        var lines = outcome.message.split('\n').slice(1);
        expect(lines.length, 'round ' + round).to.be.within(1, 51);
        lines.forEach(function (line) {
          // indented, naming a field path; odd keys shown, but never breaking the line
          expect(line, 'round ' + round).to.match(/^ {2}(\(profile\)|[\w-]+(\.[^\u0000-\u001f]*)?: |…and more)/);
        });
      }
    }
  });

  it('ignores prototype keys: no pollution of Object.prototype, no profile field set through __proto__', function () {
    var hostile = JSON.parse(
      '{"name":"fuzz","vault":{"endpoint":"' +
        ENDPOINT +
        '","__proto__":{"flushIntervalSeconds":-5}},' +
        '"__proto__":{"allowInsecure":true,"polluted":1},"constructor":{"prototype":{"polluted":2}},' +
        '"channels":{"__proto__":{"IPTV":"x"}},"platforms":{"browser":{"__proto__":{"polluted":3}}}}'
    );
    var result = validateProfile(hostile, 'browser');
    expect(({} as any).polluted).to.equal(undefined);
    expect(Object.prototype.hasOwnProperty('polluted')).to.equal(false);
    if (result.ok) {
      expect(result.profile.vault.flushIntervalSeconds).to.equal(300);
      expect(result.profile.allowInsecure).to.equal(false);
    } else expect(result.problems.join('\n')).to.match(/__proto__|constructor/);
  });

  it("refuses a profile whose getters throw with the profile error, not the getter's", function () {
    var profile = baseProfile();
    Object.defineProperty(profile.vault, 'flushIntervalSeconds', {
      enumerable: true,
      get: function () {
        throw new Error('getter');
      },
    });
    expect(outcomeOf(profile).kind).to.equal('refused');
    var trap = new Proxy(
      {},
      {
        get: function () {
          throw new Error('trap');
        },
        ownKeys: function () {
          throw new Error('trap');
        },
        getPrototypeOf: function () {
          throw new Error('trap');
        },
      }
    );
    expect(outcomeOf(trap).kind).to.equal('refused');
    expect(outcomeOf({ name: 'fuzz', vault: trap }).kind).to.equal('refused');
  });

  /** A valid profile with every field at an edge of its range or a random point inside it. */
  function edgeProfile(f: ReturnType<typeof fuzzer>): { [key: string]: any } {
    function value(spec: FieldSpec): unknown {
      if (spec.values) return f.pick(spec.values);
      if (spec.type === 'boolean') return f.chance(0.5);
      if (spec.type === 'number' || spec.type === 'integer') {
        var n = f.pick([spec.min!, spec.max!, spec.min! + (spec.max! - spec.min!) * f.random() * f.random() * f.random()]);
        return spec.type === 'integer' ? Math.floor(n) : n;
      }
      return undefined;
    }
    var profile: { [key: string]: any } = baseProfile();
    ['vault', 'queue', 'retry', 'errors'].forEach(function (group) {
      var fields = PROFILE_FIELDS[group].fields!;
      profile[group] = profile[group] || {};
      for (var name in fields) {
        var v = value(fields[name]);
        if (v !== undefined && f.chance(0.7)) profile[group][name] = v;
      }
    });
    profile.vault.endpoint = ENDPOINT;
    profile.vault.headers = f.chance(0.5) ? {} : { 'X-Api-Key': 'k' };
    profile.privacy = { keepUriQuery: f.chance(0.5) };
    profile.contentSource = f.pick(['IPTV', 'OTT', 'Blend']);
    profile.blend = { iptvUriPattern: f.pick(['^https?://192\\.168\\.', '.*', '(a+)+$', 'manifest']) };
    return profile;
  }

  it('runs on profiles at the edges of every range, sending only valid records', async function () {
    var f = fuzzer(FUZZ_SEED + 3);
    for (var round = 0; round < 25; round++) {
      var profile = edgeProfile(f);
      expect(validateProfile(profile, 'browser').ok, JSON.stringify(profile)).to.equal(true);
      var transport = new ScriptedTransport(f.int(2) * 50);
      transport.responder = function () {
        return f.chance(0.2) ? { kind: 'retryable', status: 503, retryAfterMs: null } : f.chance(0.05) ? { kind: 'failure', status: 400 } : { kind: 'success' };
      };
      var agent = createAgent({
        profile: profileFromJson(profile),
        platform: 'browser',
        window: new FakeWindow(),
        transport: transport,
        clock: fakeClock(timers),
        random: seededRandom(round),
        logger: recordingLogger(),
        identity: { deviceId: 'dev-' + round },
      });
      var player = new FakePlayer();
      player.setVariants([400000, 1200000], 1);
      player.playheadDate = new Date(START);
      player.live = true;
      agent.track(player, {
        contentType: f.pick(['live-event', 'start-over', 'vod-ed']),
        editorialId: 'ch-1',
        programmeId: 'p-1',
        eventStart: START - 60000,
      } as any);
      player.load(f.pick(['https://192.168.1.1/live.mpd?t=1', 'https://cdn.example/live/manifest.mpd']));
      player.resolveLoad();
      await flushPromises();
      for (var s = 0; s < 600; s++) {
        player.play(1);
        player.download(REQUEST_SEGMENT, 200000, 150);
        if (f.chance(0.01)) player.emit('error', { detail: shakaError(CRITICAL, 1, 1000 + f.int(10)) });
        timers.tick(1000);
      }
      agent.shutdown();
      timers.tick(3600 * 1000);
      expect(sentProblems(transport), 'profile ' + JSON.stringify(profile)).to.deep.equal([]);
    }
  });
});
