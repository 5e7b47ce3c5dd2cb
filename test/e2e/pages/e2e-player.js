// window.e2e: a tiny driver for the test harness (and for a human with ?src=).
// It plays a manifest with a real Shaka Player and reports what the tests assert on.
(function () {
  var errors = [];
  var player = null;

  function video() {
    return document.getElementById('video');
  }

  function load(src, config) {
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) return Promise.reject(new Error('Shaka: browser not supported'));
    errors.length = 0; // errors belong to one load
    var next = player ? player.destroy() : Promise.resolve();
    return next
      .then(function () {
        player = new shaka.Player();
        window.player = player;
        player.addEventListener('error', function (event) {
          var e = event.detail || {};
          errors.push({ severity: e.severity, category: e.category, code: e.code, data: String(e.data) });
        });
        if (config) player.configure(config);
        return player.attach(video());
      })
      .then(function () {
        return player.load(src);
      })
      .then(function () {
        return video()
          .play()
          .catch(function (e) {
            errors.push({ play: String(e) });
          });
      })
      .then(snapshot);
  }

  function snapshot() {
    var v = video();
    var range = player ? player.seekRange() : { start: 0, end: 0 };
    var date = player && player.isLive() ? player.getPlayheadTimeAsDate() : null;
    var stats = player ? player.getStats() : {};
    return {
      shakaVersion: shaka.Player.version,
      currentTime: v.currentTime,
      paused: v.paused,
      readyState: v.readyState,
      isLive: player ? player.isLive() : false,
      seekRange: { start: range.start, end: range.end },
      playheadDate: date ? date.getTime() : null,
      now: Date.now(),
      bytesDownloaded: stats.bytesDownloaded,
      streamBandwidth: stats.streamBandwidth,
      variantBandwidths: player
        ? player.getVariantTracks().map(function (t) {
            return t.bandwidth;
          })
        : [],
      errors: errors.slice(),
    };
  }

  window.e2e = { load: load, snapshot: snapshot, errors: errors };

  window.addEventListener('DOMContentLoaded', function () {
    var src = new URLSearchParams(location.search).get('src');
    if (!src) return;
    video().controls = true;
    load(src).then(
      function () {
        setInterval(function () {
          document.getElementById('status').textContent = JSON.stringify(snapshot(), null, 2);
        }, 1000);
      },
      function (e) {
        document.getElementById('status').textContent = 'load failed: ' + JSON.stringify(e);
      }
    );
  });
})();
