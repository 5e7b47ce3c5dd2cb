/*
 * Drives the agent from the test: window.__harness.start(config) creates the agent (platform
 * 'auto' unless given) and a Shaka player on #video, tracks the content and loads the stream.
 * Other members simulate what the platform does later (hide, show, relaunch).
 */
(function () {
  var agent = null;
  var player = null;

  function describeError(e) {
    return e && (e.message || (e.code !== undefined ? 'Shaka error ' + e.code : String(e)));
  }

  window.__harness = {
    start: function (config) {
      if (config.appOnLowMemory) {
        // the app's own handler, which the agent must keep calling
        var manager = document.getElementById('oipf-app-manager');
        manager.onLowMemory = function () {
          window.__fakeCalls.push({ name: 'app.onLowMemory', detail: null });
        };
      }
      // Every platform add-on is on the page: 'auto' must pick the one whose objects the fakes provide.
      // Queue persistence too, as every TV package ships it.
      var plugins = [window.TvTelemetryTizen.plugin, window.TvTelemetryWebos.plugin, window.TvTelemetryHbbtv.plugin, window.TvTelemetryPersist.plugin];
      var options = { profile: config.profile, platform: config.platform || 'auto', shaka: window.shaka, plugins: plugins };
      if (config.identity) options.identity = config.identity;
      agent = window.TvTelemetry.createAgent(options);
      window.__agent = agent;
      shaka.polyfill.installAll();
      player = new shaka.Player();
      return player
        .attach(document.getElementById('video'))
        .then(function () {
          agent.track(player, config.content);
          return player.load(config.manifest);
        })
        .then(function () {
          return document.getElementById('video').play();
        })
        .then(function () {
          return { appSessionId: agent.appSessionId, platform: agent.platform.name, info: agent.platform.info() };
        })
        .catch(function (e) {
          throw new Error('harness start: ' + describeError(e));
        });
    },
    status: function () {
      return agent.status();
    },
    /* what Tizen and browsers do when the app goes to the background: hidden + visibilitychange */
    hide: function (legacy) {
      if (legacy) {
        // old engines (Tizen 2.4 WebKit) have only the prefixed property and event
        Object.defineProperty(document, 'hidden', {
          configurable: true,
          get: function () {
            return undefined;
          },
        });
        Object.defineProperty(document, 'webkitHidden', {
          configurable: true,
          get: function () {
            return true;
          },
        });
        document.dispatchEvent(new Event('webkitvisibilitychange'));
      } else {
        Object.defineProperty(document, 'hidden', {
          configurable: true,
          get: function () {
            return true;
          },
        });
        document.dispatchEvent(new Event('visibilitychange'));
      }
    },
    storedDeviceId: function () {
      try {
        return window.localStorage ? window.localStorage.getItem('tvt:device') : null;
      } catch (e) {
        return null;
      }
    },
  };
})();
