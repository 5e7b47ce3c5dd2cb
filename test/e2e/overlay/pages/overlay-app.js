// window.app: a Shaka player and the agent with the debug overlay plugin, for the overlay e2e test.
(function () {
  var agent = null;
  var player = null;
  var logs = [];
  var logger = {};
  ['debug', 'info', 'warn', 'error'].forEach(function (level) {
    logger[level] = function (message) {
      logs.push(level + ': ' + message);
    };
  });
  function video() {
    return document.getElementById('video');
  }

  window.app = {
    logs: logs,
    start: function (profile, identity) {
      shaka.polyfill.installAll();
      agent = TvTelemetry.createAgent({
        profile: profile,
        identity: identity,
        shaka: shaka,
        logger: logger,
        platform: 'browser',
        plugins: [TvTelemetryOverlay.plugin],
      });
      player = new shaka.Player();
      return player.attach(video()).then(function () {
        return agent.appSessionId;
      });
    },
    track: function (content) {
      agent.track(player, content);
    },
    load: function (src) {
      return player
        .load(src)
        .then(function () {
          return video().play();
        })
        .then(function () {
          return true;
        });
    },
    currentTime: function () {
      return video().currentTime;
    },
    streamBandwidth: function () {
      return player.getStats().streamBandwidth;
    },
    flush: function () {
      return new Promise(function (resolve) {
        agent.flush(resolve);
      });
    },
    status: function () {
      return agent.status();
    },
    debugOverlay: function (on) {
      agent.debugOverlay(on);
    },
    /** A remote key as the TV delivers it: keydown with a keyCode (406: blue). */
    pressKey: function (keyCode) {
      document.dispatchEvent(new KeyboardEvent('keydown', { keyCode: keyCode, which: keyCode, bubbles: true }));
    },
    /** The overlay's values by field, or null while it is hidden. */
    overlay: function () {
      var box = document.getElementById('tv-telemetry-overlay');
      if (!box) return null;
      var out = {};
      var spans = box.querySelectorAll('[data-field]');
      for (var i = 0; i < spans.length; i++) out[spans[i].getAttribute('data-field')] = spans[i].textContent;
      return out;
    },
  };
})();
