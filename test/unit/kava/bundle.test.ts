import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import * as zlib from 'zlib';
import { REMOVE_ES2015, timersAndXhr } from '../../helpers/bare-engine';

/**
 * The built bundles (run `npm run build` first): the Kava sink costs the default bundle nothing,
 * stays within its own 6 KB gzip budget, and works from plain <script> tags on an engine without
 * ES2015 built-ins.
 */
const DIST = path.resolve(__dirname, '../../../dist');
const AGENT = path.join(DIST, 'tv-telemetry-agent.js');
const KAVA = path.join(DIST, 'tv-telemetry-kava.js');
/**
 * A bound that catches an accidental import of the agent's core, not a target: readable code first
 * (the phase table, the quartiles module, the shared guard and reads cost about 560 B over the
 * byte-golfed version; the typed tracker state and the adapter's news about 300 B more). 5,993 B at this writing.
 */
const KAVA_BUDGET_GZIP = 6 * 1024;

/** Strings only the Kava sink has. */
const KAVA_MARKERS = ['viewEventsEnabled', 'trackEvent', 'PLAY_REACHED', 'networkConnectionOverhead', 'sessionStartTime'];

const BARE_ENGINE =
  REMOVE_ES2015 +
  timersAndXhr('{"time":1763755200,"viewEventsEnabled":true}') +
  `
  var navigator = { userAgent: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.4.0 TV Safari/538.1', onLine: true };
  var document = { referrer: '', URL: 'https://tv.example/app/index.html', hidden: false };
  var window = this;

  function target() {
    var listeners = {};
    return {
      addEventListener: function (t, f) { (listeners[t] = listeners[t] || []).push(f); },
      removeEventListener: function (t, f) { var l = listeners[t] || []; var i = l.indexOf(f); if (i >= 0) l.splice(i, 1); },
      emit: function (t, e) { var l = (listeners[t] || []).slice(); for (var i = 0; i < l.length; i++) l[i](e || { type: t }); },
      count: function () { var n = 0; for (var t in listeners) n += listeners[t].length; return n; }
    };
  }
  function makePlayer() {
    var events = target(), filters = [], uri = null;
    var video = target();
    video.currentTime = 0; video.duration = 40; video.paused = true; video.playbackRate = 1; video.volume = 1;
    video.webkitDecodedFrameCount = 0; video.webkitDroppedFrameCount = 0; video.buffered = ranges(0, 8); video.played = ranges(0, 0);
    function ranges(start, end) {
      return { length: 1, start: function () { return start; }, end: function () { return end; } };
    }
    var player = {
      constructor: { version: 'v4.16.50' },
      video: video,
      getVariantTracks: function () { return [{ bandwidth: 800000, videoBandwidth: 736000, active: true, language: 'en' }]; },
      getMediaElement: function () { return video; },
      getAssetUri: function () { return uri; },
      getManifestType: function () { return uri ? 'DASH' : null; },
      getConfiguration: function () { return { streaming: { bufferingGoal: 10 } }; },
      isLive: function () { return false; },
      getNetworkingEngine: function () { return { registerResponseFilter: function (f) { filters.push(f); }, unregisterResponseFilter: function (f) { filters.splice(filters.indexOf(f), 1); } }; },
      addEventListener: events.addEventListener,
      removeEventListener: events.removeEventListener,
      load: function (u) { uri = u; return { then: function (ok) { ok(); } }; },
      emit: events.emit,
      play: function (seconds) {
        for (var s = 0; s < seconds; s++) {
          for (var i = 0; i < filters.length; i++) filters[i](1, { data: { byteLength: 50000 }, timeMs: 100, fromCache: false, uri: 'https://cdn/s' + s });
          video.currentTime += 1;
          video.webkitDecodedFrameCount += 25;
          video.buffered = ranges(0, video.currentTime + 8);
          video.played = ranges(0, video.currentTime);
          advance(1000);
        }
      },
      listenerCount: function () { return events.count() + video.count() + filters.length; }
    };
    return player;
  }
`;

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

describe('kava bundles', function () {
  before(function () {
    if (!fs.existsSync(AGENT) || !fs.existsSync(KAVA)) throw new Error('dist/ is missing: run `npm run build` first');
  });

  it('leaves the default bundle without any Kava code', function () {
    const agent = fs.readFileSync(AGENT, 'utf8');
    KAVA_MARKERS.forEach(function (marker) {
      expect(agent, marker).to.not.contain(marker);
    });
    expect(fs.readFileSync(KAVA, 'utf8')).to.contain('viewEventsEnabled');
  });

  it('keeps the Kava bundle within 6 KB gzipped', function () {
    const size = gzipSize(KAVA);
    expect(size, 'tv-telemetry-kava.js: ' + size + ' bytes gzipped').to.be.at.most(KAVA_BUDGET_GZIP);
  });

  it('runs from plain script tags on an engine without ES2015 built-ins: IMPRESSION to VIEW over GET', function () {
    const context = vm.createContext({});
    vm.runInContext(BARE_ENGINE, context);
    vm.runInContext(fs.readFileSync(AGENT, 'utf8'), context, { filename: 'tv-telemetry-agent.js' });
    vm.runInContext(fs.readFileSync(KAVA, 'utf8'), context, { filename: 'tv-telemetry-kava.js' });
    expect(vm.runInContext('[typeof Promise, typeof Map, typeof Object.assign]', context)).to.deep.equal(['undefined', 'undefined', 'undefined']);
    const out = vm.runInContext(
      `(function () {
        var logs = [];
        var logger = { debug: function () {}, info: function () {}, warn: function (m) { logs.push(m); }, error: function (m) { logs.push(m); } };
        var agent = TvTelemetry.createAgent({
          profile: { name: 'kava-es5', vault: { endpoint: 'https://vault.example.com' },
                     kava: { enabled: true, endpoint: 'https://analytics.example.com/api_v3/index.php', partnerId: 1234, uiConfId: 55 } },
          logger: logger,
          plugins: [TvTelemetryKava.plugin]
        });
        var player = makePlayer();
        var playback = agent.track(player, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'ed-1', entryId: '1_abc' });
        player.load('https://cdn.example.com/vod/manifest.mpd');
        player.emit('loaded');
        player.video.paused = false;
        player.video.emit('play');
        player.video.emit('playing');
        player.play(12);
        playback.end();
        advance(1000);
        return JSON.stringify({ requests: requests, logs: logs, afterEnd: player.listenerCount(), ids: TvTelemetryKava.KavaEventType });
      })()`,
      context
    );
    const result = JSON.parse(out);
    expect(result.logs).to.deep.equal([]);
    expect(result.afterEnd).to.equal(0);
    expect(result.ids).to.include({ IMPRESSION: 1, VIEW: 99 });
    const kava = result.requests.filter(function (r: { url: string }) {
      return r.url.indexOf('https://analytics.example.com/') === 0;
    });
    kava.forEach(function (r: { method: string; body: string | null }) {
      expect(r.method).to.equal('GET');
      expect(r.body).to.equal(null);
    });
    const params = kava.map(function (r: { url: string }) {
      const out: { [key: string]: string } = {};
      r.url
        .split('?')[1]
        .split('&')
        .forEach(function (pair) {
          const i = pair.indexOf('=');
          out[decodeURIComponent(pair.substring(0, i))] = decodeURIComponent(pair.substring(i + 1));
        });
      return out;
    });
    expect(
      params.map(function (p: { [key: string]: string }) {
        return p.eventType + '#' + p.eventIndex;
      })
    ).to.deep.equal(['1#1', '2#2', '3#3', '99#4', '11#5']);
    expect(params[0]).to.include({ service: 'analytics', action: 'trackEvent', partnerId: '1234', entryId: '1_abc', uiConfId: '55', deliveryType: 'dash' });
    expect(params[0].referrer).to.equal('aHR0cHM6Ly90di5leGFtcGxlL2FwcC9pbmRleC5odG1s'); // base64 of document.URL
    expect(params[1].sessionStartTime).to.equal(undefined); // sent before the IMPRESSION's answer came
    expect(params[3].sessionStartTime).to.equal('1763755200');
    expect(params[3]).to.include({ bandwidth: '4000', actualBitrate: '736', forwardBufferHealth: '0.8', targetBuffer: '10' });
  });
});
