/*
 * Sample TV app: a channel list played with Shaka Player and reported by tv-telemetry-agent.
 * Loaded after profile.js (TV_TELEMETRY_PROFILE, TV_TELEMETRY_SAMPLE, generated per package),
 * shaka-player.compiled.js and tv-telemetry-agent.js. Plain ES5: it runs on 2016 TV engines.
 *
 * The list holds the sample's streams, then its actions (TV_TELEMETRY_SAMPLE.actions: `{title,
 * action}`, run by window.TV_TELEMETRY_SAMPLE_ACTIONS[action](stream, report): the npm start demo
 * injects faults this way). Keys always act, and the list shows while they do; it hides after a
 * while without keys over a playing channel. OK on the channel already playing does nothing.
 */
(function () {
  'use strict';

  var sample = window.TV_TELEMETRY_SAMPLE || { platform: 'browser', streams: [] };
  var streams = sample.streams || [];
  var actions = sample.actions || [];

  // Key codes: W3C arrows/enter, plus each platform's own (Tizen Back is 10009, webOS and HbbTV
  // VK_BACK is 461; Tizen MediaPlayPause 10252, HbbTV VK_PLAY_PAUSE 402; channel keys are
  // 427/428 on Tizen and HbbTV, page up/down on webOS).
  var KEYS = {
    up: [38],
    down: [40],
    left: [37],
    right: [39],
    enter: [13],
    back: [10009, 461, 8, 27],
    playPause: [10252, 402, 415, 19],
    stop: [413],
    channelUp: [427, 33],
    channelDown: [428, 34],
  };
  var TIZEN_KEYS = ['MediaPlayPause', 'MediaPlay', 'MediaPause', 'MediaStop', 'ChannelUp', 'ChannelDown'];
  // HbbTV keyset bits (OIPF DAE): NAVIGATION covers arrows, OK and BACK; VCR the media keys.
  var KEYSET_NAVIGATION = 0x10;
  var KEYSET_VCR = 0x20;
  var OVERLAY_HIDE_MS = 8000;
  var STATUS_EVERY_MS = 5000;

  var agent = null;
  var player = null;
  var playback = null;
  var selected = 0;
  var playing = -1;
  /** the playing channel stopped on an error: OK on it plays it again */
  var failed = false;
  var hideTimer = null;
  var message = '';

  function byId(id) {
    return document.getElementById(id);
  }

  function setText(element, text) {
    if (!element) return;
    while (element.firstChild) element.removeChild(element.firstChild);
    element.appendChild(document.createTextNode(text));
  }

  function log(text) {
    message = text;
    renderStatus();
    if (window.console && console.log) console.log('[sample] ' + text);
  }

  function keyIs(name, code) {
    var list = KEYS[name];
    for (var i = 0; i < list.length; i++) if (list[i] === code) return true;
    return false;
  }

  /* ---- platform specifics: key registration, showing the app, leaving it ---- */

  function hbbtvApp() {
    var manager = byId('oipf-app-manager');
    return manager && manager.getOwnerApplication ? manager.getOwnerApplication(document) : null;
  }

  var platforms = {
    tizen: {
      start: function () {
        // Arrows, OK and Back arrive without registration; media and channel keys need it.
        var input = window.tizen && window.tizen.tvinputdevice;
        if (!input) return;
        if (input.registerKeyBatch) input.registerKeyBatch(TIZEN_KEYS);
        else for (var i = 0; i < TIZEN_KEYS.length; i++) input.registerKey(TIZEN_KEYS[i]);
      },
      exit: function () {
        window.tizen.application.getCurrentApplication().exit();
      },
    },
    webos: {
      start: function () {},
      exit: function () {
        // appinfo.json sets disableBackHistoryAPI, so Back reaches the app; leave to the launcher.
        if (window.webOS && window.webOS.platformBack) window.webOS.platformBack();
        else window.close();
      },
    },
    hbbtv: {
      start: function () {
        var app = hbbtvApp();
        if (!app) return;
        var keyset = app.privateData.keyset;
        keyset.setValue((keyset.NAVIGATION || KEYSET_NAVIGATION) | (keyset.VCR || KEYSET_VCR));
        app.show();
      },
      exit: function () {
        var app = hbbtvApp();
        if (app) app.destroyApplication();
      },
    },
    browser: {
      start: function () {},
      exit: function () {},
    },
  };

  function platform() {
    return platforms[sample.platform] || platforms.browser;
  }

  function attempt(what, fn) {
    try {
      fn();
    } catch (e) {
      log(what + ' failed: ' + e);
    }
  }

  /* ---- the channel list ---- */

  function entries() {
    return streams.length + actions.length;
  }

  function renderChannels() {
    var list = byId('channels');
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    for (var i = 0; i < entries(); i++) {
      var item = document.createElement('li');
      var action = i >= streams.length ? actions[i - streams.length] : null;
      item.className = (i === selected ? 'selected' : '') + (i === playing ? ' playing' : '') + (action ? ' action' : '');
      if (action) setText(item, action.title);
      else setText(item, (i === playing ? (failed ? '\u26A0 ' : '\u25B6 ') : '') + (streams[i].title || streams[i].editorialId));
      list.appendChild(item);
    }
  }

  function renderStatus() {
    var text = message;
    if (agent) {
      var s = agent.status();
      text += (text ? ' | ' : '') + 'telemetry: ' + s.sent + ' sent, ' + s.queued + ' queued, ' + s.dropped + ' dropped';
    }
    setText(byId('status'), text);
  }

  function showOverlay() {
    var overlay = byId('overlay');
    if (overlay) overlay.className = 'overlay';
    if (hideTimer) clearTimeout(hideTimer);
    hideTimer = setTimeout(hideOverlay, OVERLAY_HIDE_MS);
  }

  function hideOverlay() {
    var overlay = byId('overlay');
    if (!overlay || playing < 0) return;
    overlay.className = 'overlay hidden';
    // Hidden, the list points at the channel on screen again.
    selected = playing;
    renderChannels();
  }

  function overlayVisible() {
    var overlay = byId('overlay');
    return !overlay || overlay.className.indexOf('hidden') < 0;
  }

  /* ---- playback ---- */

  function contentOf(stream) {
    var content = { contentType: stream.contentType || 'vod-ed', editorialId: stream.editorialId };
    if (stream.contentSource) content.contentSource = stream.contentSource;
    if (stream.technicalId) content.technicalId = stream.technicalId;
    // A live-event needs the programme on air: take it from your EPG. The sample has none.
    if (content.contentType === 'live-event') content.programmeId = stream.programmeId || 'unknown-programme';
    else if (stream.programmeId) content.programmeId = stream.programmeId;
    // The programme start, for progress on live and start-over: an EPG time, or (demo) minutes ago.
    if (stream.eventStart) content.eventStart = stream.eventStart;
    else if (stream.startedMinutesAgo) content.eventStart = new Date().getTime() - stream.startedMinutesAgo * 60000;
    return content;
  }

  /** OK on an entry: play a channel (not the one already playing), or run an action. */
  function choose(index) {
    if (index >= streams.length) runAction(actions[index - streams.length]);
    else if (index !== playing || failed) play(index);
  }

  function runAction(action) {
    var run = action && window.TV_TELEMETRY_SAMPLE_ACTIONS && window.TV_TELEMETRY_SAMPLE_ACTIONS[action.action];
    if (!run) return log('no such action: ' + (action && action.action));
    attempt(action.title, function () {
      run(playing >= 0 ? streams[playing] : null, log);
    });
  }

  function play(index) {
    var stream = streams[index];
    if (!stream || !player) return;
    if (stream.placeholder) {
      log('Set package.streams in the profile (or edit profile.js) to a stream URL of yours.');
      return;
    }
    if (playback) playback.end();
    playing = index;
    failed = false;
    renderChannels();
    if (agent) playback = agent.track(player, contentOf(stream));
    log('loading ' + (stream.title || stream.editorialId));
    player.load(stream.url).then(
      function () {
        log('playing ' + (stream.title || stream.editorialId));
        byId('video').play();
      },
      function (error) {
        if (playing === index) {
          failed = true;
          renderChannels();
        }
        log('load failed: Shaka error ' + (error && error.code));
      }
    );
  }

  function togglePause() {
    var video = byId('video');
    if (video.paused) video.play();
    else video.pause();
  }

  function stop() {
    if (playback) playback.end();
    playback = null;
    playing = -1;
    failed = false;
    if (player) player.unload();
    renderChannels();
    showOverlay();
  }

  /** A VOD item played to its end: the playback ends cleanly, the list comes back. */
  function onEnded() {
    if (playing < 0) return;
    var stream = streams[playing];
    if (playback) playback.end();
    playback = null;
    playing = -1;
    renderChannels();
    showOverlay();
    log('ended ' + (stream.title || stream.editorialId));
  }

  function leave() {
    // Hand queued records to the collector before the platform closes the app.
    var done = false;
    function exit() {
      if (done) return;
      done = true;
      attempt('exit', platform().exit);
    }
    if (agent) agent.shutdown(exit);
    setTimeout(exit, 1500);
  }

  function move(step) {
    if (!entries()) return;
    selected = (selected + step + entries()) % entries();
    renderChannels();
  }

  /** Channel up/down: the next channel (actions are not channels), played at once. */
  function zap(step) {
    if (!streams.length) return;
    var from = playing >= 0 ? playing : selected < streams.length ? selected : 0;
    selected = (from + step + streams.length) % streams.length;
    play(selected);
  }

  function onKey(event) {
    var code = event.keyCode;
    var handled = true;
    if (keyIs('back', code)) {
      // Back hides the list over a playing channel, and leaves the app when nothing is on top
      if (overlayVisible() && playing >= 0) hideOverlay();
      else leave();
      if (event.preventDefault) event.preventDefault();
      return;
    }
    // Every key acts, hidden list or not: a key that only brought the list back made "Down, OK"
    // restart the channel already playing.
    if (keyIs('up', code)) move(-1);
    else if (keyIs('down', code)) move(1);
    else if (keyIs('enter', code) || keyIs('right', code)) choose(selected);
    else if (keyIs('channelUp', code)) zap(-1);
    else if (keyIs('channelDown', code)) zap(1);
    else if (keyIs('playPause', code)) togglePause();
    else if (keyIs('stop', code)) stop();
    else handled = false;
    if (handled) {
      showOverlay();
      if (event.preventDefault) event.preventDefault();
    }
  }

  function createPlayer() {
    var shaka = window.shaka;
    if (!shaka) throw new Error('Shaka Player is not loaded');
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) throw new Error('this engine has no MSE/EME support for Shaka Player');
    var instance = new shaka.Player();
    instance.attach(byId('video'));
    instance.addEventListener('error', function (event) {
      var error = event.detail;
      // A critical error stops the player: OK on the channel plays it again.
      if (error && error.severity === 2 && playing >= 0) {
        failed = true;
        renderChannels();
      }
      log('Shaka error ' + (error && error.code));
    });
    return instance;
  }

  /**
   * The add-on bundles on the page: the platform's adapter (each package ships its own), queue
   * persistence (every package and the demo ship it) and the debug overlay (the npm start demo
   * ships it).
   */
  function addOns() {
    var names = ['TvTelemetryTizen', 'TvTelemetryWebos', 'TvTelemetryHbbtv', 'TvTelemetryPersist', 'TvTelemetryOverlay'];
    var plugins = [];
    for (var i = 0; i < names.length; i++) if (window[names[i]]) plugins.push(window[names[i]].plugin);
    return plugins;
  }

  function start() {
    attempt('platform start', platform().start);
    document.addEventListener('keydown', onKey, false);
    renderChannels();
    showOverlay();
    attempt('agent', function () {
      agent = window.TvTelemetry.createAgent({
        profile: window.TV_TELEMETRY_PROFILE,
        platform: 'auto',
        shaka: window.shaka,
        plugins: addOns(),
      });
    });
    attempt('player', function () {
      player = createPlayer();
    });
    byId('video').addEventListener('ended', onEnded, false);
    setInterval(renderStatus, STATUS_EVERY_MS);
    if (streams.length) play(0);
  }

  window.addEventListener('load', start, false);
})();
