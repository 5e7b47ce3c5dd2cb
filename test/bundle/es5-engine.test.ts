import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { REMOVE_ES2015, timersAndXhr } from '../helpers/bare-engine';

/**
 * Runs the built bundle the way a 2016 TV engine would: no Promise, Map, Set, Symbol, WeakMap,
 * fetch, sendBeacon, Object.assign, URL (and other ES2015+ built-ins), only XMLHttpRequest and
 * timers. A fake Shaka-like player, written in ES5 inside the same context, plays a few intervals.
 */
const BUNDLE = path.resolve(__dirname, '../../dist/tv-telemetry-agent.js');

/** A Shaka-like player and the navigator, ES5, living inside the bare context. */
const HOST =
  timersAndXhr('{}') +
  `
  var navigator = { userAgent: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.4.0 TV Safari/538.1', onLine: true };
  var window = this;

  function makePlayer() {
    var listeners = {}, filters = [], bytes = 0;
    // A Tizen 2.4 video element: TimeRanges, and only the prefixed frame counters.
    var video = { currentTime: 0, webkitDecodedFrameCount: 0, webkitDroppedFrameCount: 1, buffered: ranges(0, 8), played: ranges(0, 0) };
    function ranges(start, end) {
      return { length: 1, start: function () { return start; }, end: function () { return end; } };
    }
    var player = {
      constructor: { version: 'v4.16.50' },
      getVariantTracks: function () { return [{ bandwidth: 800000 }, { bandwidth: 400000, active: true }, { bandwidth: 800000 }]; },
      getMediaElement: function () { return video; },
      getAssetUri: function () { return 'https://cdn.example.com/vod/manifest.mpd?token=secret'; },
      getPlayheadTimeAsDate: function () { return null; },
      getNetworkingEngine: function () { return { registerResponseFilter: function (f) { filters.push(f); }, unregisterResponseFilter: function (f) { filters.splice(filters.indexOf(f), 1); } }; },
      addEventListener: function (t, f) { (listeners[t] = listeners[t] || []).push(f); },
      removeEventListener: function (t, f) { var l = listeners[t] || []; var i = l.indexOf(f); if (i >= 0) l.splice(i, 1); },
      load: function () { return { then: function (ok) { ok(); } }; },
      emit: function (t, e) { var l = (listeners[t] || []).slice(); for (var i = 0; i < l.length; i++) l[i](e); },
      play: function (seconds) {
        for (var s = 0; s < seconds; s++) {
          for (var i = 0; i < filters.length; i++) filters[i](1, { data: { byteLength: 50000 }, timeMs: 100, fromCache: false });
          video.currentTime += 1;
          video.webkitDecodedFrameCount += 25;
          video.buffered = ranges(0, video.currentTime + 8);
          video.played = ranges(0, video.currentTime);
          advance(1000);
        }
      },
      listenerCount: function () { var n = 0; for (var t in listeners) n += listeners[t].length; return n + filters.length; }
    };
    return player;
  }
`;

describe('the ES5 bundle on an engine without ES2015 built-ins', function () {
  let context: vm.Context;

  /** Runs `script`, which returns JSON, in the engine; its result parsed. */
  function inEngine(script: string): any {
    return JSON.parse(vm.runInContext(script, context));
  }

  /** Runs dist/tv-telemetry-<name>.js in the engine, as a <script> tag would. */
  function loadAddon(name: string): void {
    const file = path.resolve(__dirname, '../../dist/tv-telemetry-' + name + '.js');
    vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: path.basename(file) });
  }

  before(function () {
    if (!fs.existsSync(BUNDLE)) throw new Error('dist/ is missing: run `npm run build` first');
    context = vm.createContext({});
    vm.runInContext(REMOVE_ES2015, context);
    vm.runInContext(HOST, context);
    vm.runInContext(fs.readFileSync(BUNDLE, 'utf8'), context, { filename: 'tv-telemetry-agent.js' });
  });

  it('has really removed the ES2015 built-ins from the context', function () {
    const missing = vm.runInContext(
      '[typeof Promise, typeof Map, typeof Set, typeof Symbol, typeof WeakMap, typeof fetch, typeof URL, typeof Object.assign, typeof navigator.sendBeacon]',
      context
    );
    expect(missing).to.deep.equal(Array(9).fill('undefined'));
  });

  it('defines the TvTelemetry global with createAgent', function () {
    expect(vm.runInContext('typeof TvTelemetry.createAgent', context)).to.equal('function');
  });

  it('delivers schema-shaped metrics and error records over XHR through a few intervals', function () {
    loadAddon('persist'); // the stored device UUID is the persistence add-on's
    const result = inEngine(
      `(function () {
        var logs = [];
        var logger = { debug: function () {}, info: function () {}, warn: function (m) { logs.push(m); }, error: function (m) { logs.push(m); } };
        var agent = TvTelemetry.createAgent({
          profile: { name: 'es5-test', vault: { endpoint: 'https://vault.example.com', metricsIntervalSeconds: 2, flushIntervalSeconds: 5 },
                     channels: { 'ch-1': { IPTV: 'iptv-1', OTT: 'ott-1' } } },
          identity: { accountId: 'acc-1', userId: 'user-1' },
          logger: logger, plugins: [TvTelemetryPersist.plugin]
        });
        var player = makePlayer();
        var playback = agent.track(player, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'ed-1' });
        player.load('https://cdn.example.com/vod/manifest.mpd');
        player.play(7);
        player.emit('error', { detail: { severity: 2, category: 1, code: 1001, data: ['https://cdn.example.com/seg.mp4?x=1', 404] } });
        player.play(7);
        playback.end();
        var afterEnd = player.listenerCount();
        var done = false;
        agent.flush(function () { done = true; });
        advance(10000);
        return JSON.stringify({ requests: requests, logs: logs, status: agent.status(), done: done, afterEnd: afterEnd });
      })()`
    );
    expect(result.logs).to.deep.equal([]);
    expect(result.done).to.equal(true);
    expect(result.afterEnd).to.equal(0);

    const metrics: any[] = [];
    const errors: any[] = [];
    for (const request of result.requests) {
      expect(request.method).to.equal('POST');
      const batch = JSON.parse(request.body);
      expect(batch).to.be.an('array');
      if (request.url.endsWith('/useractivityvault/v1/useractivity/playback_metrics')) metrics.push(...batch);
      else if (request.url.endsWith('/useractivityvault/v1/useractivity/playerError')) errors.push(...batch);
      else throw new Error('unexpected URL ' + request.url);
    }
    // 14 s of playback at a 2 s interval: 7 full intervals and the final partial record.
    expect(metrics.map((r) => r.sequence)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(metrics.map((r) => r.eventId)).size).to.equal(8);
    const second = metrics[1];
    expect(second).to.include({ activityName: 'playback_metrics', accountId: 'acc-1', userId: 'user-1' });
    expect(second.deviceId).to.match(/^[0-9a-f-]{36}$/); // stored random UUID (persistence add-on): a Tizen 2.4 engine without webapis
    expect(second.metadata).to.include({
      contentType: 'vod-ed',
      contentSource: 'OTT',
      editorialId: 'ed-1',
      playbackProgress: 4,
      selectedBitrate: 400000,
      streamBitrate: 400000,
      bytesDownloaded: 100000,
      downloadBitRate: 4000000,
      bufferedDuration: 8,
      droppedVideoFrames: 0,
      totalVideoFrames: 50,
      uri: 'https://cdn.example.com/vod/manifest.mpd',
    });
    expect(second.metadata.availableBitrates).to.deep.equal([400000, 800000]);
    expect(errors).to.have.length(1);
    expect(errors[0].metadata).to.include({ errorCode: '1001', playerTypeVersion: 'shaka-player/v4.16.50' });
    expect(errors[0].metadata.errorMsg).to.equal('1.1001 (1.1001): https://cdn.example.com/seg.mp4 404');
    expect(result.status).to.include({ queued: 0, sent: 9, dropped: 0, rejected: 0 });
  });

  it('runs each platform add-on bundle there: the Tizen one gives the DUID and describes the set', function () {
    for (const name of ['tizen', 'webos', 'hbbtv']) loadAddon(name);
    const result = inEngine(
      `(function () {
        window.webapis = { productinfo: { getDuid: function () { return 'DUID-ES5'; }, getModel: function () { return 'UE40'; }, getFirmware: function () { return 'T-1'; } } };
        var plugins = [TvTelemetryWebos.plugin, TvTelemetryHbbtv.plugin, TvTelemetryTizen.plugin];
        var identity = null;
        var agent = TvTelemetry.createAgent({ profile: { name: 'es5-tizen', vault: { endpoint: 'https://vault.example.com' } }, plugins: plugins });
        agent.platform.identity(function (id) { identity = id; });
        var result = { name: agent.platform.name, info: agent.platform.info(), identity: identity, names: [plugins[0].platform.name, plugins[1].platform.name] };
        agent.shutdown();
        delete window.webapis;
        return JSON.stringify(result);
      })()`
    );
    expect(result.name).to.equal('tizen');
    expect(result.info).to.deep.equal({ model: 'UE40', firmware: 'T-1' });
    expect(result.identity).to.deep.equal({ deviceId: 'DUID-ES5' });
    expect(result.names).to.deep.equal(['webos', 'hbbtv']);
  });

  it('runs the queue persistence add-on there: records queued offline survive a restart and are delivered once', function () {
    loadAddon('persist');
    const result = inEngine(
      `(function () {
        var stored = {};
        window.localStorage = {
          getItem: function (k) { return stored.hasOwnProperty(k) ? stored[k] : null; },
          setItem: function (k, v) { stored[k] = String(v); },
          removeItem: function (k) { delete stored[k]; }
        };
        var logs = [];
        var logger = { debug: function () {}, info: function (m) { logs.push(m); }, warn: function (m) { logs.push(m); }, error: function (m) { logs.push(m); } };
        var options = {
          profile: { name: 'es5-persist', vault: { endpoint: 'https://vault.example.com', metricsIntervalSeconds: 2, flushIntervalSeconds: 5 } },
          logger: logger, plugins: [TvTelemetryPersist.plugin]
        };
        var sent = requests.length;
        navigator.onLine = false; // the gateway is down: nothing leaves
        var first = TvTelemetry.createAgent(options);
        var player = makePlayer();
        var playback = first.track(player, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'ed-2' });
        player.load('https://cdn.example.com/vod/manifest.mpd');
        player.play(7);
        playback.end();
        var queued = first.status().queued;
        first.shutdown(); // the app is closed ...
        advance(1000);
        var storedLines = stored['tvt:queue'].split('\\n').length - 1;
        navigator.onLine = true; // ... and started again, online
        var second = TvTelemetry.createAgent(options);
        var restored = second.status();
        second.flush();
        advance(10000);
        var records = [];
        for (var i = sent; i < requests.length; i++) records = records.concat(JSON.parse(requests[i].body));
        var lives = [];
        for (i = 0; i < records.length; i++) lives.push(records[i].metadata.appSessionId === first.appSessionId ? 'first' : 'other');
        var result = { name: TvTelemetryPersist.plugin.name, logs: logs, queued: queued, storedLines: storedLines, restored: restored, lives: lives,
          sequences: records.map(function (r) { return r.sequence; }), left: stored.hasOwnProperty('tvt:queue'), status: second.status() };
        second.shutdown();
        delete window.localStorage;
        return JSON.stringify(result);
      })()`
    );
    expect(result.name).to.equal('persistence');
    expect(result.logs, 'no warning, and no word of a missing add-on').to.deep.equal([]);
    expect(result.queued).to.equal(4); // 7 s at a 2 s interval: 3 intervals and the final partial record
    expect(result.storedLines).to.equal(result.queued);
    expect(result.restored).to.include({ queued: result.queued, discarded: 0 });
    expect(result.lives).to.deep.equal(Array(result.queued).fill('first'));
    expect(result.sequences).to.deep.equal([1, 2, 3, 4]);
    expect(result.left, 'storage cleared once the collector took them').to.equal(false);
    expect(result.status).to.include({ queued: 0, sent: result.queued, dropped: 0 });
  });
});
