// window.app for the engine suite: the same calls on every engine, each returning a JSON value or
// a Promise of one, so any driver (Playwright, CDP, WebDriver) can call them as an expression.
(function () {
  var agent = null;
  var player = null;
  var playback = null;
  var logs = [];
  var MAX_LOGS = 200;

  function video() {
    return document.getElementById('video');
  }
  var logger = {};
  ['debug', 'info', 'warn', 'error'].forEach(function (level) {
    logger[level] = function (message) {
      logs.push(level + ': ' + message);
      if (logs.length > MAX_LOGS) logs.shift();
    };
  });
  window.addEventListener('error', function (event) {
    logger.error('page: ' + event.message);
  });

  function settle(promise) {
    return promise.then(
      function () {
        return { ok: true };
      },
      function (e) {
        return { ok: false, code: e && e.code, category: e && e.category };
      }
    );
  }

  function rangesOf(ranges) {
    var list = [];
    for (var i = 0; i < ranges.length; i++) list.push([ranges.start(i), ranges.end(i)]);
    return list;
  }

  function qualityOf(v) {
    if (v.getVideoPlaybackQuality) {
      var q = v.getVideoPlaybackQuality();
      return { total: q.totalVideoFrames, dropped: q.droppedVideoFrames };
    }
    return null;
  }

  window.app = {
    // What the engine offers the agent, before Shaka's polyfills fill gaps.
    features: {
      sendBeacon: typeof navigator.sendBeacon === 'function',
      fetch: typeof window.fetch === 'function',
      abortController: typeof window.AbortController === 'function',
      nativePlaybackQuality: typeof HTMLVideoElement.prototype.getVideoPlaybackQuality === 'function',
      webkitFrameCounters: 'webkitDecodedFrameCount' in HTMLVideoElement.prototype,
      randomUUID: !!(window.crypto && typeof window.crypto.randomUUID === 'function'),
      userAgent: navigator.userAgent,
    },
    clearStorage: function () {
      window.localStorage.clear();
    },
    start: function (profile, identity) {
      shaka.polyfill.installAll();
      var plugins = [TvTelemetryPersist.plugin];
      if (profile.kava) plugins.push(TvTelemetryKava.plugin);
      agent = TvTelemetry.createAgent({ profile: profile, identity: identity, shaka: shaka, logger: logger, platform: 'browser', plugins: plugins });
      player = new shaka.Player(video());
      return agent.appSessionId;
    },
    shakaVersion: function () {
      return shaka.Player.version;
    },
    configure: function (config) {
      player.configure(config);
    },
    track: function (content) {
      playback = agent.track(player, content);
    },
    load: function (src) {
      return settle(
        player.load(src).then(function () {
          return video().play();
        })
      );
    },
    update: function (partial) {
      playback.update(partial);
    },
    end: function () {
      playback.end();
    },
    // clearBuffer false: WPE WebKit 2.38 never refills a cleared buffer (playback stalls for good)
    selectVariant: function (which, clearBuffer) {
      player.configure({ abr: { enabled: false } });
      var tracks = player
        .getVariantTracks()
        .slice()
        .sort(function (a, b) {
          return a.bandwidth - b.bandwidth;
        });
      var track = which === 'lowest' ? tracks[0] : tracks[tracks.length - 1];
      player.selectVariantTrack(track, clearBuffer !== false);
      return track.bandwidth;
    },
    hide: function () {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      var event = document.createEvent('Event');
      event.initEvent('visibilitychange', false, false);
      document.dispatchEvent(event);
    },
    flush: function () {
      return new Promise(function (resolve) {
        agent.flush(function () {
          resolve(true);
        });
      });
    },
    status: function () {
      return agent.status();
    },
    logs: function () {
      return logs.slice();
    },
    state: function () {
      var v = video();
      var buffered = v.buffered;
      return {
        currentTime: v.currentTime,
        duration: v.duration,
        paused: v.paused,
        isLive: player.isLive(),
        bufferedEnd: buffered.length ? buffered.end(buffered.length - 1) : 0,
        bandwidths: player.getVariantTracks().map(function (t) {
          return t.bandwidth;
        }),
        quality: qualityOf(v),
        readyState: v.readyState,
        buffered: rangesOf(buffered),
        buffering: player.isBuffering(),
        seekRange: player.seekRange(),
      };
    },
  };
})();
