import { expect } from 'chai';
import { createAgent } from '../../../src/agent/agent';
import { AgentPlugin } from '../../../src/agent/plugin';
import { plugin as kavaPlugin } from '../../../src/kava';
import { KAVA_SECTION } from '../../../src/kava/profile';
import { createOverlayPlugin } from '../../../src/overlay/plugin';
import { DEBUG_SECTION } from '../../../src/overlay/profile';
import { PLATFORM_NAMES, platformsSpec, SECTION } from '../../../src/profile/spec';
import { validateProfile } from '../../../src/profile/validate';
import { validatePackagingProfile } from '../../../tools/package/profile-spec';
import { FakeWindow, recordingLogger } from '../../helpers/env';
import { ScriptedTransport } from '../../helpers/scripted-transport';
import { profileFromJson } from '../../../src/profile/json';

var ENDPOINT = 'https://vault.operator.example';

function minimal(extra?: { [key: string]: unknown }): { [key: string]: unknown } {
  var p: { [key: string]: unknown } = { name: 'op', vault: { endpoint: ENDPOINT } };
  for (var k in extra || {}) p[k] = extra![k];
  return p;
}

/** The sections the add-ons bring the fields of, as createAgent gathers them from their plugins. */
var ADDON_SECTIONS = { kava: KAVA_SECTION, debug: DEBUG_SECTION };

function problemsOf(raw: unknown, platform?: string, sections?: typeof ADDON_SECTIONS): string[] {
  var result = validateProfile(raw, platform, sections);
  if (result.ok) throw new Error('expected problems, the profile was accepted');
  return result.problems;
}

function accepted(raw: unknown, platform?: string) {
  var result = validateProfile(raw, platform);
  if (!result.ok) throw new Error('expected the profile to be accepted: ' + result.problems.join('; '));
  return result.profile;
}

describe('profile/validate', function () {
  describe('defaults', function () {
    it('applies every default to a minimal profile', function () {
      var p = accepted(minimal());
      expect(p.name).to.equal('op');
      expect(p.allowInsecure).to.equal(false);
      expect(p.contentSource).to.equal('OTT');
      expect(p.vault).to.deep.equal({
        endpoint: ENDPOINT,
        metricsIntervalSeconds: 60,
        flushIntervalSeconds: 300,
        errorFlushSeconds: 2,
        maxBatchSize: 50,
        body: 'array',
        contentType: 'application/json',
        headers: {},
        requestTimeoutSeconds: 20,
      });
      expect(p.queue).to.deep.equal({ capacity: 150, maxBytes: 131072 });
      expect(p.retry).to.deep.equal({ baseSeconds: 5, maxSeconds: 600, maxPerHour: 6 });
      expect(p.channels).to.deep.equal({});
      expect(p.blend).to.deep.equal({});
      expect(p.errors).to.deep.equal({ maxPerMinute: 5, reportRecoverable: false, stallThresholdSeconds: 10 });
      expect(p.privacy).to.deep.equal({ keepUriQuery: false });
      // the add-ons' sections and the packaging tools': kept as written, {} when absent
      expect(p.kava).to.deep.equal({});
      expect(p.debug).to.deep.equal({});
      expect(p.package).to.deep.equal({});
    });

    it('sizes the default queue for a 2-hour outage at the default metrics interval', function () {
      var p = accepted(minimal());
      expect(p.queue.capacity * p.vault.metricsIntervalSeconds).to.be.at.least(2 * 3600);
    });

    it('keeps given values over the defaults and does not change the input', function () {
      var raw = minimal({
        contentSource: 'IPTV',
        queue: { capacity: 20 },
        channels: { 'ch-1': { IPTV: 'iptv-1', OTT: 'ott-1' } },
        privacy: { keepUriQuery: true },
      });
      var copy = JSON.parse(JSON.stringify(raw));
      var p = accepted(raw);
      expect(p.contentSource).to.equal('IPTV');
      expect(p.queue).to.deep.equal({ capacity: 20, maxBytes: 131072 });
      expect(p.channels['ch-1']).to.deep.equal({ IPTV: 'iptv-1', OTT: 'ott-1' });
      expect(p.privacy.keepUriQuery).to.equal(true);
      expect(raw).to.deep.equal(copy);
    });
  });

  describe('problems', function () {
    it('lists every problem with its path in one result', function () {
      var problems = problemsOf({
        name: '',
        vault: { endpoint: 'ftp://files.example', maxBatchSize: 0, body: 'ndjson' },
        queue: { capacity: 1.5 },
        errors: { reportRecoverable: 'yes' },
      });
      expect(problems).to.include('name: must be at least 1 characters');
      expect(problems).to.include('vault.endpoint: must be an http(s) URL');
      expect(problems).to.include('vault.maxBatchSize: must be between 1 and 500');
      expect(problems).to.include('vault.body: must be one of array, single');
      expect(problems).to.include('queue.capacity: must be a whole number');
      expect(problems).to.include('errors.reportRecoverable: must be true or false');
      expect(problems).to.have.length(6);
    });

    it('requires name and vault.endpoint', function () {
      expect(problemsOf({})).to.deep.equal(['name: is required', 'vault: is required']);
      expect(problemsOf({ name: 'op', vault: {} })).to.deep.equal(['vault.endpoint: is required']);
    });

    it('refuses a profile that is not an object', function () {
      expect(problemsOf(null)).to.deep.equal(['(profile): must be an object']);
      expect(problemsOf([minimal()])).to.deep.equal(['(profile): must be an object']);
      expect(problemsOf('{"name":"op"}')).to.deep.equal(['(profile): must be an object']);
    });

    it('reports unknown keys at every level with a "did you mean"', function () {
      var problems = problemsOf({
        name: 'op',
        contentSorce: 'OTT',
        vault: { endpoint: ENDPOINT, flushIntervalSecond: 10 },
        privacy: { keepUriQuerry: true },
        totallyUnrelated: 1,
      });
      expect(problems).to.include('contentSorce: unknown key (did you mean "contentSource"?)');
      expect(problems).to.include('vault.flushIntervalSecond: unknown key (did you mean "flushIntervalSeconds"?)');
      expect(problems).to.include('privacy.keepUriQuerry: unknown key (did you mean "keepUriQuery"?)');
      expect(problems).to.include('totallyUnrelated: unknown key');
      expect(problems).to.have.length(4);
    });

    it('lists every problem in one pass, the rules across fields included, whatever else is wrong', function () {
      expect(
        problemsOf({
          name: '',
          contentSource: 'Blend',
          vault: { endpoint: 'http://vault.example', metricsIntervalSecs: 10, maxBatchSize: 0 },
          privacy: { keepUriQueries: true },
        })
      ).to.deep.equal([
        'name: must be at least 1 characters',
        'vault.metricsIntervalSecs: unknown key (did you mean "metricsIntervalSeconds"?)',
        'vault.maxBatchSize: must be between 1 and 500',
        'privacy.keepUriQueries: unknown key (did you mean "keepUriQuery"?)',
        'vault.endpoint: must be an https URL (http needs allowInsecure)',
        'blend.iptvUriPattern: is required for Blend',
      ]);
    });

    it('reads a value with a problem as absent in the rules across fields: one problem per path', function () {
      // allowInsecure given wrong does not allow http; an endpoint that is no URL is not also "not https"
      expect(problemsOf({ name: 'op', allowInsecure: 'yes', vault: { endpoint: 'http://vault.example' } })).to.deep.equal([
        'allowInsecure: must be true or false',
        'vault.endpoint: must be an https URL (http needs allowInsecure)',
      ]);
      expect(problemsOf({ name: 'op', vault: { endpoint: 42 } })).to.deep.equal(['vault.endpoint: must be a string']);
      expect(problemsOf({ name: 'op', vault: 'https://vault.example' })).to.deep.equal(['vault: must be an object']);
      expect(problemsOf({ name: 'op' })).to.deep.equal(['vault: is required']);
    });

    describe('"did you mean": one rule at every depth (edit distance, at most one edit per 4 characters of the name)', function () {
      var cases: [string, unknown, string][] = [
        ['a missing letter', { alowInsecure: true }, 'alowInsecure: unknown key (did you mean "allowInsecure"?)'],
        [
          'a shortened word',
          { vault: { endpoint: ENDPOINT, requestTimeoutSecs: 5 } },
          'vault.requestTimeoutSecs: unknown key (did you mean "requestTimeoutSeconds"?)',
        ],
        ['a plural', { privacy: { keepUriQueries: true } }, 'privacy.keepUriQueries: unknown key (did you mean "keepUriQuery"?)'],
        ['two neighbours swapped', { vault: { endpoint: ENDPOINT, bdoy: 'array' } }, 'vault.bdoy: unknown key (did you mean "body"?)'],
        ['another case', { session: { ResumeGapSeconds: 60 } }, 'session.ResumeGapSeconds: unknown key (did you mean "resumeGapSeconds"?)'],
        ["in a map's entry", { channels: { one: { iptv: 'x' } } }, 'channels.one.iptv: unknown key (did you mean "IPTV"?)'],
        [
          'in a platform override',
          { platforms: { webos: { queue: { capasity: 9 } } } },
          'platforms.webos.queue.capasity: unknown key (did you mean "capacity"?)',
        ],
        ['a platform name', { platforms: { tizne: {} } }, 'platforms.tizne: unknown key (did you mean "tizen"?)'],
        ['too far from any name', { vault: { endpoint: ENDPOINT, url: 'x' } }, 'vault.url: unknown key'],
        ['a prefix too short', { queue: { cap: 9 } }, 'queue.cap: unknown key'],
      ];
      cases.forEach(function (c) {
        it(c[0], function () {
          var profile = c[1] as { [key: string]: unknown };
          if (!profile.vault) profile.vault = { endpoint: ENDPOINT };
          expect(problemsOf(minimal(profile))).to.deep.equal([c[2]]);
        });
      });

      it('lists 50 problems at most, each typo with its hint (so a hostile profile costs 50 searches at most)', function () {
        var many: { [key: string]: number } = {};
        for (var i = 0; i < 26; i++) {
          var letter = String.fromCharCode(97 + i);
          many[letter === 'e' ? 'allowInsecre' : 'allowInsecur' + letter] = i; // 1 edit: the last letter changed (or dropped)
          many['allowInsecure' + letter] = i; // 1 edit: one letter more
        }
        var problems = problemsOf(minimal(many));
        expect(problems).to.have.length(51);
        expect(problems.slice(0, 50).filter((p) => /did you mean "allowInsecure"/.test(p))).to.have.length(50);
        expect(problems[50]).to.equal('…and more');
      });
    });

    it('reports unknown keys inside a channel entry of the channel map', function () {
      expect(problemsOf(minimal({ channels: { 'ch-1': { IPTV: 'a', OOT: 'b' } } }))).to.deep.equal(['channels.ch-1.OOT: unknown key (did you mean "OTT"?)']);
    });

    it('requires an https vault.endpoint unless allowInsecure', function () {
      var problems = problemsOf({ name: 'op', vault: { endpoint: 'http://localhost:8080' } });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^vault\.endpoint: must be an https URL/);
      var p = accepted({ name: 'op', allowInsecure: true, vault: { endpoint: 'http://localhost:8080' } });
      expect(p.vault.endpoint).to.equal('http://localhost:8080');
    });

    it('requires blend.iptvUriPattern when contentSource is Blend', function () {
      expect(problemsOf(minimal({ contentSource: 'Blend' }))).to.deep.equal(['blend.iptvUriPattern: is required for Blend']);
      var p = accepted(minimal({ contentSource: 'Blend', blend: { iptvUriPattern: '^https?://192\\.168\\.' } }));
      expect(p.blend.iptvUriPattern).to.equal('^https?://192\\.168\\.');
    });

    it('refuses a blend.iptvUriPattern that is not a regular expression', function () {
      expect(problemsOf(minimal({ blend: { iptvUriPattern: '([unclosed' } }))).to.deep.equal(['blend.iptvUriPattern: must be a regular expression']);
    });

    it('caps a very long list of problems', function () {
      var raw: { [key: string]: unknown } = minimal();
      for (var i = 0; i < 80; i++) raw['junk' + i] = i;
      var problems = problemsOf(raw);
      expect(problems).to.have.length(51);
      expect(problems[50]).to.equal('…and more');
    });
  });

  describe('bad types and ranges for every kind of field', function () {
    var cases: Array<[string, { [key: string]: unknown }, string]> = [
      ['string (wrong type)', { name: 42 }, 'name: must be a string'],
      ['string (too long)', { name: new Array(66).join('x') }, 'name: must be at most 64 characters'],
      ['boolean', { allowInsecure: 'true' }, 'allowInsecure: must be true or false'],
      ['enum', { contentSource: 'DVB' }, 'contentSource: must be one of IPTV, OTT, Blend'],
      ['number (wrong type)', { vault: { endpoint: ENDPOINT, metricsIntervalSeconds: '60' } }, 'vault.metricsIntervalSeconds: must be a number'],
      ['number (NaN)', { vault: { endpoint: ENDPOINT, metricsIntervalSeconds: NaN } }, 'vault.metricsIntervalSeconds: must be a number'],
      ['number (below range)', { vault: { endpoint: ENDPOINT, metricsIntervalSeconds: 0.5 } }, 'vault.metricsIntervalSeconds: must be between 1 and 3600'],
      ['number (above range)', { vault: { endpoint: ENDPOINT, flushIntervalSeconds: 86401 } }, 'vault.flushIntervalSeconds: must be between 1 and 86400'],
      ['integer (fraction)', { queue: { maxBytes: 2048.5 } }, 'queue.maxBytes: must be a whole number'],
      ['integer (range)', { queue: { maxBytes: 100 } }, 'queue.maxBytes: must be between 1024 and 4194304'],
      ['integer (errors.maxPerMinute)', { errors: { maxPerMinute: 61 } }, 'errors.maxPerMinute: must be between 0 and 60'],
      ['integer (retry.maxPerHour)', { retry: { maxPerHour: 0 } }, 'retry.maxPerHour: must be between 1 and 3600'],
      ['url (too short)', { vault: { endpoint: 'http://' } }, 'vault.endpoint: must be at least 8 characters'],
      ['url (no host)', { vault: { endpoint: 'https://' } }, 'vault.endpoint: must be an http(s) URL'],
      ['url (spaces)', { vault: { endpoint: 'https://a b.example' } }, 'vault.endpoint: must be an http(s) URL'],
      ['object', { queue: 5 }, 'queue: must be an object'],
      ['object (array)', { errors: [] }, 'errors: must be an object'],
      ['map', { channels: ['x'] }, 'channels: must be an object'],
      ['map value type', { vault: { endpoint: ENDPOINT, headers: { 'X-Api-Key': 7 } } }, 'vault.headers.X-Api-Key: must be a string'],
      ['map value object', { channels: { 'ch-1': 'iptv-1' } }, 'channels.ch-1: must be an object'],
      ['map value id', { channels: { 'ch-1': { IPTV: '' } } }, 'channels.ch-1.IPTV: must be at least 1 characters'],
      ["scalar (an add-on's field)", { kava: { customVar1: { a: 1 } } }, 'kava.customVar1: must be a string, number or boolean'],
      ['package (not an object)', { package: 'app' }, 'package: must be an object'],
    ];
    cases.forEach(function (c) {
      it('reports a bad ' + c[0] + ' with its path', function () {
        var raw = minimal();
        for (var k in c[1]) raw[k] = c[1][k];
        expect(problemsOf(raw, undefined, ADDON_SECTIONS)).to.deep.equal([c[2]]);
      });
    });
  });

  describe('vault.headers', function () {
    function headerProblems(headers: unknown, platform?: string): string[] {
      var result = validateProfile(minimal({ vault: { endpoint: ENDPOINT, headers: headers } }), platform);
      return result.ok ? [] : result.problems;
    }

    it('accepts token names with one-line Latin-1 values, Authorization included', function () {
      var headers = { 'X-Api-Key': 'k1', Authorization: 'Basic dXNlcjpwYXNz', "x.b!#$%&'*+^_`|~-9": '', 'X-Name': 'Zoë\tand co' };
      expect(accepted(minimal({ vault: { endpoint: ENDPOINT, headers: headers } })).vault.headers).to.deep.equal(headers);
    });

    it('refuses names that are not HTTP tokens', function () {
      ['', 'X Api', 'X-Api:', 'X-(a)', 'X-Ä', 'X-Api\r\nHost', 'a/b', 'X"'].forEach(function (name) {
        var headers: { [name: string]: string } = {};
        headers[name] = 'v';
        expect(headerProblems(headers), JSON.stringify(name)).to.deep.equal([
          'vault.headers.' + name.replace(/[\r\n]/g, '?') + ': not a header a profile may set',
        ]);
      });
    });

    it('refuses headers the browser or the agent sets, whatever their case', function () {
      [
        'Content-Length',
        'host',
        'COOKIE',
        'Access-Control-Allow-Origin',
        'Content-Type',
        'Origin',
        'Referer',
        'Connection',
        'Transfer-Encoding',
        'Proxy-Authorization',
        'Sec-Fetch-Mode',
        'Access-Control-Request-Method',
        'User-Agent',
        'Date',
        'Via',
        'TE',
      ].forEach(function (name) {
        var headers: { [name: string]: string } = {};
        headers[name] = 'v';
        expect(headerProblems(headers), name).to.deep.equal(['vault.headers.' + name + ': not a header a profile may set']);
      });
      // only whole names: these are fine
      expect(headerProblems({ 'X-Host': 'h', Hosts: 'h', 'X-Sec-Token': 't', 'Content-Language': 'en', Tea: '1' })).to.deep.equal([]);
    });

    it('refuses a value with a line break, NUL or a character beyond Latin-1', function () {
      expect(headerProblems({ 'X-A': 'a\r\nHost: evil', 'X-B': 'b\u0000', 'X-C': 'c\n', 'X-D': '€', 'X-E': 'e\u007f' })).to.deep.equal(
        ['X-A', 'X-B', 'X-C', 'X-D', 'X-E'].map((n) => 'vault.headers.' + n + ': must be one line of Latin-1 text')
      );
    });

    it('caps a value at 1024 characters and all headers at 4096 bytes', function () {
      var kilo = new Array(1025).join('v');
      expect(headerProblems({ 'X-A': kilo + 'v' })).to.deep.equal(['vault.headers.X-A: must be at most 1024 characters']);
      expect(headerProblems({ 'X-A': kilo, 'X-B': kilo, 'X-C': kilo })).to.deep.equal([]);
      // 4 × (3 + 1024 + 4) = 4124
      expect(headerProblems({ 'X-A': kilo, 'X-B': kilo, 'X-C': kilo, 'X-D': kilo })).to.deep.equal(['vault.headers: must be at most 4096 bytes in all']);
    });

    it('checks the headers of platform overrides too, and the merged set of the running platform', function () {
      var thousand = new Array(1001).join('v');
      var raw = minimal({
        vault: { endpoint: ENDPOINT, headers: { 'X-A': thousand, 'X-B': thousand, 'X-C': thousand } }, // 3 × 1007 bytes
        platforms: { webos: { vault: { headers: { Host: 'x', 'X-D': thousand, 'X-E': thousand.substring(900) } } } }, // 9 + 1007 + 107
      });
      expect(problemsOf(raw, 'tizen')).to.deep.equal(['platforms.webos.vault.headers.Host: not a header a profile may set']);
      expect(problemsOf(raw, 'webos')).to.deep.equal([
        'platforms.webos.vault.headers.Host: not a header a profile may set',
        'vault.headers.Host: not a header a profile may set',
        'vault.headers: must be at most 4096 bytes in all',
      ]);
    });
  });

  describe('platform overrides', function () {
    var raw = {
      name: 'op',
      vault: { endpoint: ENDPOINT, body: 'array' },
      platforms: {
        hbbtv: { vault: { endpoint: 'https://hbbtv-vault.operator.example', body: 'single' } },
        webos: { vault: { contentType: 'text/plain' } },
      },
    };

    it('merges the override of the running platform over the base', function () {
      var p = accepted(raw, 'hbbtv');
      expect(p.vault.endpoint).to.equal('https://hbbtv-vault.operator.example');
      expect(p.vault.body).to.equal('single');
      expect(p.vault.contentType).to.equal('application/json');
      var w = accepted(raw, 'webos');
      expect(w.vault.endpoint).to.equal(ENDPOINT);
      expect(w.vault.contentType).to.equal('text/plain');
    });

    it('ignores the overrides of other platforms', function () {
      var p = accepted(raw, 'tizen');
      expect(p.vault.endpoint).to.equal(ENDPOINT);
      expect(p.vault.body).to.equal('array');
      expect(accepted(raw).vault.endpoint).to.equal(ENDPOINT);
    });

    it('validates every platform override, even those not in use, with its path', function () {
      var problems = problemsOf(
        {
          name: 'op',
          vault: { endpoint: ENDPOINT },
          platforms: {
            hbbtv: { vault: { endpoint: 'not a url', maxBatchSize: 'ten' } },
            tizen: { queue: { capcity: 5 } },
          },
        },
        'browser'
      );
      expect(problems).to.include('platforms.hbbtv.vault.endpoint: must be an http(s) URL');
      expect(problems).to.include('platforms.hbbtv.vault.maxBatchSize: must be a number');
      expect(problems).to.include('platforms.tizen.queue.capcity: unknown key (did you mean "capacity"?)');
      expect(problems).to.have.length(3);
    });

    it('checks the merged result across fields (an http override endpoint needs allowInsecure)', function () {
      var problems = problemsOf({ name: 'op', vault: { endpoint: ENDPOINT }, platforms: { hbbtv: { vault: { endpoint: 'http://plain.example' } } } }, 'hbbtv');
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^vault\.endpoint: must be an https URL/);
    });

    it('reports an unknown platform name with a "did you mean"', function () {
      expect(problemsOf({ name: 'op', vault: { endpoint: ENDPOINT }, platforms: { webOS: {}, tizn: {} } })).to.deep.equal([
        'platforms.webOS: unknown key (did you mean "webos"?)',
        'platforms.tizn: unknown key (did you mean "tizen"?)',
      ]);
    });

    it('takes an override for each of PLATFORM_NAMES (the list the tools and tests use), and no other', function () {
      expect(Object.keys(platformsSpec(SECTION).fields!)).to.deep.equal(PLATFORM_NAMES);
    });

    it('reports platforms that is not an object', function () {
      expect(problemsOf({ name: 'op', vault: { endpoint: ENDPOINT }, platforms: 'hbbtv' })).to.deep.equal(['platforms: must be an object']);
    });
  });

  describe('package (read by the packaging tools only)', function () {
    var pkg = { vendr: 'x', title: 'Player', streams: { one: { title: 'One' } }, hbbtv: { orgId: -1, appId: 70000 } };

    it('is kept as written by the agent, which does not look into it', function () {
      expect(accepted(minimal({ package: pkg })).package).to.deep.equal(pkg);
      expect(accepted(minimal({ package: pkg, platforms: { tizen: { package: { hbbtv: 'x' } } } }), 'tizen').package).to.deep.equal({
        vendr: 'x',
        title: 'Player',
        streams: { one: { title: 'One' } },
        hbbtv: 'x',
      });
    });

    it('is checked by the packaging tools with every problem and its path, overrides included', function () {
      var result = validatePackagingProfile(minimal({ package: pkg, platforms: { webos: { package: { tizenPackageId: 'short' } } } }), 'tizen');
      expect(result.ok ? [] : result.problems).to.deep.equal([
        'platforms.webos.package.tizenPackageId: must be at least 10 characters',
        'package.vendr: unknown key (did you mean "vendor"?)',
        'package.streams.one.url: is required',
        'package.hbbtv.orgId: must be between 0 and 4294967295',
        'package.hbbtv.appId: must be between 0 and 65535',
      ]);
    });

    it("gets its defaults from the packaging tools, and the agent's rules still apply", function () {
      var result = validatePackagingProfile(minimal({ package: { streams: { one: { url: 'https://cdn.example/one.mpd' } } } }));
      if (!result.ok) throw new Error(result.problems.join('; '));
      expect(result.profile.package).to.deep.equal({
        streams: { one: { url: 'https://cdn.example/one.mpd', contentType: 'vod-ed' } },
        hbbtv: { controlCode: 'AUTOSTART' },
      });
      expect(result.profile.vault.maxBatchSize).to.equal(50);
      expect(validatePackagingProfile({ name: 'op', vault: { endpoint: 'http://plain.example' } })).to.deep.equal({
        ok: false,
        problems: ['vault.endpoint: must be an https URL (http needs allowInsecure)'],
      });
    });
  });

  describe("the add-ons' sections (kava, debug)", function () {
    var badKava = { enabled: 'yes', endpont: 'https://kava.example', partnerId: 1.5, method: 'PUT' };
    var badDebug = { overlay: 1, overlayKey: null, key: 406 };
    var overlayPlugin = createOverlayPlugin(function () {
      return null; // no document: the plugin stays out once started, its fields count all the same
    });

    function start(profile: unknown, plugins?: AgentPlugin[], logger?: ReturnType<typeof recordingLogger>) {
      return createAgent({
        profile: profileFromJson(profile),
        platform: 'browser',
        window: new FakeWindow(),
        transport: new ScriptedTransport(),
        logger: logger || recordingLogger(),
        plugins: plugins,
      });
    }

    /** The problems of the one error createAgent throws, one per line. */
    function refusal(profile: unknown, plugins: AgentPlugin[]): string[] {
      try {
        start(profile, plugins).shutdown();
      } catch (e) {
        var lines = (e as Error).message.split('\n');
        expect(lines[0]).to.equal('tv-telemetry: invalid profile:');
        return lines.slice(1).map(function (line) {
          return line.replace(/^ {2}/, '');
        });
      }
      throw new Error('expected createAgent to throw');
    }

    it('are objects validateProfile alone does not look into, kept as written (overrides merged)', function () {
      var p = accepted(minimal({ kava: badKava, debug: badDebug }));
      expect(p.kava).to.deep.equal(badKava);
      expect(p.debug).to.deep.equal(badDebug);
      expect(accepted(minimal({ kava: badKava, platforms: { tizen: { kava: { enabled: true } } } }), 'tizen').kava).to.deep.equal({
        enabled: true,
        endpont: 'https://kava.example',
        partnerId: 1.5,
        method: 'PUT',
      });
      expect(problemsOf(minimal({ kava: 'on', debug: [] }))).to.deep.equal(['kava: must be an object', 'debug: must be an object']);
    });

    it('are taken as written by createAgent without the plugins, which warns when kava is enabled', function () {
      var logger = recordingLogger();
      var agent = start(minimal({ kava: { enabled: true, method: 'PUT' }, debug: badDebug }), [], logger);
      expect(agent.profile.kava).to.deep.equal({ enabled: true, method: 'PUT' });
      expect(logger.messages('warn')).to.include('tv-telemetry: kava.enabled without the Kava plugin');
      agent.shutdown();
    });

    it('warns that kava is enabled without its plugin also when another plugin (the overlay) is given', function () {
      var logger = recordingLogger();
      var other: AgentPlugin = { name: 'other', start: () => ({ track: () => null, destroy: () => {} }) };
      var agent = start(minimal({ kava: { enabled: true } }), [other], logger);
      expect(logger.messages('warn')).to.include('tv-telemetry: kava.enabled without the Kava plugin');
      agent.shutdown();
    });

    it('with the Kava plugin: createAgent throws one error listing every problem of kava with its path', function () {
      expect(refusal(minimal({ kava: badKava, platforms: { webos: { kava: { viewIntervalSeconds: 0 } } } }), [kavaPlugin])).to.deep.equal([
        'platforms.webos.kava.viewIntervalSeconds: must be between 1 and 600',
        'kava.enabled: must be true or false',
        'kava.endpont: unknown key (did you mean "endpoint"?)',
        'kava.partnerId: must be a whole number',
        'kava.method: must be one of GET, POST',
      ]);
    });

    it('with the Kava plugin: its rules across fields (endpoint and partnerId with enabled, https)', function () {
      expect(refusal(minimal({ kava: { enabled: true } }), [kavaPlugin])).to.deep.equal([
        'kava.endpoint: is required when kava.enabled',
        'kava.partnerId: is required when kava.enabled',
      ]);
      expect(refusal(minimal({ kava: { enabled: true, endpoint: 'http://kava.example', partnerId: 1 } }), [kavaPlugin])).to.deep.equal([
        'kava.endpoint: must be an https URL (http needs allowInsecure)',
      ]);
      // the merged override of the running platform
      expect(
        refusal(
          minimal({
            kava: { enabled: true, endpoint: 'https://kava.example' },
            platforms: { browser: { kava: { partnerId: 7, endpoint: 'http://kava.example' } } },
          }),
          [kavaPlugin]
        )
      ).to.deep.equal(['kava.endpoint: must be an https URL (http needs allowInsecure)']);
    });

    it('with the Kava plugin: accepted with its defaults applied', function () {
      var agent = start(minimal({ allowInsecure: true, kava: { enabled: true, endpoint: 'http://kava.example', partnerId: 1 } }), [kavaPlugin]);
      expect(agent.profile.kava).to.deep.equal({
        enabled: true,
        endpoint: 'http://kava.example',
        partnerId: 1,
        dvrThresholdSeconds: 120,
        viewIntervalSeconds: 10,
        method: 'GET',
        referrerEncoding: 'base64',
      });
      agent.shutdown();
    });

    it('with the overlay plugin: createAgent refuses bad debug fields likewise, and applies their defaults', function () {
      expect(refusal(minimal({ debug: badDebug }), [overlayPlugin])).to.deep.equal([
        'debug.overlay: must be true or false',
        'debug.overlayKey: must be a string, number or boolean',
        'debug.key: unknown key',
      ]);
      var agent = start(minimal(), [overlayPlugin]);
      expect(agent.profile.debug).to.deep.equal({ overlay: false });
      agent.shutdown();
    });

    it('with both plugins: every problem of both sections in the one error', function () {
      expect(refusal(minimal({ kava: { method: 'PUT' }, debug: { overlay: 1 } }), [overlayPlugin, kavaPlugin])).to.deep.equal([
        'kava.method: must be one of GET, POST',
        'debug.overlay: must be true or false',
      ]);
    });

    it('a plugin whose profile cannot be read brings no fields, and the agent starts', function () {
      var unreadable = {
        name: 'unreadable',
        get profile(): AgentPlugin['profile'] {
          throw new Error('no profile');
        },
      };
      var agent = start(minimal({ kava: badKava }), [unreadable, null as unknown as AgentPlugin]);
      expect(agent.profile.kava).to.deep.equal(badKava);
      agent.shutdown();
    });

    it("cannot loosen the core's checks: a plugin's section for a field the core checks, or not an object, is ignored", function () {
      var loose = { name: 'loose', profile: { vault: { type: 'object' }, debug: null, kava: 'any' } } as unknown as AgentPlugin;
      expect(refusal(minimal({ vault: { endpoint: 'ftp://vault.example' } }), [loose])).to.deep.equal(['vault.endpoint: must be an http(s) URL']);
      var agent = start(minimal({ kava: badKava }), [loose]);
      expect(agent.profile.kava).to.deep.equal(badKava);
      agent.shutdown();
    });

    it('reports a section whose add-on rule throws as a problem of that section, not an unreadable profile', function () {
      var throwing = {
        name: 'throwing',
        profile: {
          kava: {
            type: 'object',
            def: {},
            rule: function () {
              throw new Error('rule');
            },
          },
        },
      } as unknown as AgentPlugin;
      expect(refusal(minimal({}), [throwing])).to.deep.equal(['kava: cannot be checked (its add-on threw)']);
    });

    it('are checked by the packaging tools with their fields and rules', function () {
      var result = validatePackagingProfile(minimal({ kava: { enabled: true, method: 'PUT' }, debug: { overlay: 'on' } }));
      expect(result.ok ? [] : result.problems).to.deep.equal([
        'kava.method: must be one of GET, POST',
        'debug.overlay: must be true or false',
        'kava.endpoint: is required when kava.enabled',
        'kava.partnerId: is required when kava.enabled',
      ]);
      var rules = validatePackagingProfile(minimal({ kava: { enabled: true } }));
      expect(rules.ok ? [] : rules.problems).to.deep.equal(['kava.endpoint: is required when kava.enabled', 'kava.partnerId: is required when kava.enabled']);
    });
  });

  describe('createAgent with an invalid profile', function () {
    it('throws one error that lists every problem with its path', function () {
      var thrown: unknown = null;
      try {
        createAgent({
          profile: profileFromJson({ name: 'op', vault: { endpoint: 'http://insecure.example', body: 'json' }, queue: { capacity: 0 }, contentSorce: 'IPTV' }),
          platform: 'browser',
          window: new FakeWindow(),
          transport: new ScriptedTransport(),
          logger: recordingLogger(),
        });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).to.be.instanceOf(Error);
      var message = (thrown as Error).message;
      expect(message).to.contain('vault.body: must be one of array, single');
      expect(message).to.contain('queue.capacity: must be between 1 and 10000');
      expect(message).to.contain('contentSorce: unknown key (did you mean "contentSource"?)');
      expect(message).to.contain('vault.endpoint: must be an https URL (http needs allowInsecure)');
      expect(message.split('\n')).to.have.length(5);
    });

    it('throws the same kind of error when called without options', function () {
      expect(function () {
        (createAgent as any)();
      }).to.throw(/tv-telemetry: invalid profile:\n  \(profile\): must be an object/);
    });

    it('validates the override of the platform it runs on', function () {
      expect(function () {
        createAgent({
          profile: { name: 'op', vault: { endpoint: ENDPOINT }, platforms: { browser: { vault: { endpoint: 'http://plain.example' } } } },
          platform: 'browser',
          window: new FakeWindow(),
          transport: new ScriptedTransport(),
          logger: recordingLogger(),
        });
      }).to.throw(/vault\.endpoint: must be an https URL/);
    });
  });
});
