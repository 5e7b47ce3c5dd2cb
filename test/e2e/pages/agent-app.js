// window.app: drives a Shaka player and the agent for the end-to-end tests.
(function () {
  var agent = null;
  var player = null;
  var playback = null;
  var logs = [];

  function video() {
    return document.getElementById('video');
  }
  var logger = {};
  ['debug', 'info', 'warn', 'error'].forEach(function (level) {
    logger[level] = function (message) {
      logs.push(level + ': ' + message);
    };
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

  window.app = {
    logs: logs,
    // profile null: the same page without the agent (the benchmark's baseline)
    start: function (profile, identity, platform) {
      shaka.polyfill.installAll();
      // queue persistence as every TV package ships it, where the page loads the add-on
      // (agent-default.html loads the default bundle alone: its persistence is built in)
      var plugins = window.TvTelemetryPersist ? [TvTelemetryPersist.plugin] : [];
      agent = profile
        ? TvTelemetry.createAgent({ profile: profile, identity: identity, shaka: shaka, logger: logger, platform: platform || 'browser', plugins: plugins })
        : null;
      player = new shaka.Player();
      return player.attach(video()).then(function () {
        return agent ? agent.appSessionId : null;
      });
    },
    configure: function (config) {
      player.configure(config);
    },
    track: function (content) {
      if (agent) playback = agent.track(player, content);
    },
    // the benchmark's floor or a peer SDK (bench/subjects.js, loaded by the benchmark) on the agent-less page
    startBenchSubject: function (name, sinkUrl) {
      window.benchSubjects[name](player, sinkUrl);
    },
    load: function (src, startTime) {
      return settle(
        player.load(src, startTime).then(function () {
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
    unload: function () {
      return settle(player.unload());
    },
    destroy: function () {
      return settle(player.destroy());
    },
    // a fresh player on the same video element (after destroy)
    newPlayer: function () {
      player = new shaka.Player();
      return player.attach(video());
    },
    selectVariant: function (which) {
      player.configure({ abr: { enabled: false } });
      var tracks = player
        .getVariantTracks()
        .slice()
        .sort(function (a, b) {
          return a.bandwidth - b.bandwidth;
        });
      var track = which === 'lowest' ? tracks[0] : tracks[tracks.length - 1];
      player.selectVariantTrack(track, true);
      return track.bandwidth;
    },
    hide: function () {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    },
    flush: function () {
      return new Promise(function (resolve) {
        agent.flush(resolve);
      });
    },
    shutdown: function () {
      return new Promise(function (resolve) {
        agent.shutdown(resolve);
      });
    },
    status: function () {
      return agent.status();
    },
    state: function () {
      var range = player.seekRange();
      var date = player.getPlayheadTimeAsDate();
      var buffered = player.getBufferedInfo().total;
      return {
        currentTime: video().currentTime,
        duration: video().duration,
        isLive: player.isLive(),
        seekRange: { start: range.start, end: range.end },
        playheadDate: date ? date.getTime() : null,
        bufferedEnd: buffered.length ? buffered[buffered.length - 1].end : 0,
        now: Date.now(),
        bandwidths: player.getVariantTracks().map(function (t) {
          return t.bandwidth;
        }),
        streamBandwidth: player.getStats().streamBandwidth,
      };
    },
  };
})();
