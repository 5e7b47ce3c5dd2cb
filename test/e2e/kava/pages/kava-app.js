// window.app: drives a Shaka player and the agent with the Kava plugin for the end-to-end tests.
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

  // The agent's clock, which a test moves forward (advanceClock) instead of waiting: timers stay real.
  var skewMs = 0;
  var clock = {
    now: function () {
      return Date.now() + skewMs;
    },
    monotonic: function () {
      return performance.now() + skewMs;
    },
    setTimeout: function (fn, ms) {
      return setTimeout(fn, ms);
    },
    clearTimeout: function (handle) {
      clearTimeout(handle);
    },
  };

  window.app = {
    logs: logs,
    advanceClock: function (ms) {
      skewMs += ms;
    },
    start: function (profile) {
      shaka.polyfill.installAll();
      agent = TvTelemetry.createAgent({
        profile: profile,
        shaka: shaka,
        logger: logger,
        clock: clock,
        platform: 'browser',
        plugins: [TvTelemetryPersist.plugin, TvTelemetryKava.plugin],
      });
      player = new shaka.Player();
      return player.attach(video()).then(function () {
        return agent.appSessionId;
      });
    },
    track: function (content) {
      playback = agent.track(player, content);
    },
    load: function (src) {
      return player
        .load(src)
        .then(function () {
          return video().play();
        })
        .then(
          function () {
            return { ok: true };
          },
          function (e) {
            return { ok: false, code: e && e.code };
          }
        );
    },
    play: function () {
      return video().play();
    },
    pause: function () {
      video().pause();
    },
    seek: function (time) {
      video().currentTime = time;
    },
    /** Seeks to `seconds` behind the end of the seek range (the live edge). */
    seekBehindLive: function (seconds) {
      video().currentTime = player.seekRange().end - seconds;
    },
    end: function () {
      playback.end();
    },
    flush: function () {
      return new Promise(function (resolve) {
        agent.flush(resolve);
      });
    },
    state: function () {
      var range = player.seekRange();
      return {
        currentTime: video().currentTime,
        duration: video().duration,
        paused: video().paused,
        ended: video().ended,
        isLive: player.isLive(),
        seekRange: { start: range.start, end: range.end },
      };
    },
  };
})();
