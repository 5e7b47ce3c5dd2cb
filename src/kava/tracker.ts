/**
 * One tracked playback in Kava's model: turns the shared adapter's events (media element, tracks,
 * responses, buffering) into Kava events and keeps the session rules (event index, sums, resets,
 * VIEW cadence, sessionStartTime). What it knows is one TrackerState (state.ts). Durations are
 * measured on the host's monotonic clock; timers come only from the host's clock.
 */
import type { PlaybackView, PluginHost } from '../agent/plugin';
import { guard } from '../core/guard';
import type { PlayerFault, PlayerReading, PlayerResponse, TrackChange } from '../player/types';
import { Kava as E } from './events';
import { PHASES, PlaybackInput, TRANSITIONS } from './phases';
import { trackQuartiles } from './quartiles';
import { connectionOverheadMs, connectionType, libraryLoadMs, soundMode, tabMode, viewabilityMode } from './page';
import { put, round3, seconds } from './query';
import { ask } from '../player/ask';
import { activeVariant, bufferingGoal, captionOf, deliveryTypeOf, isLive, KavaPlayer, liveOffset, MediaLike, playbackSpeed } from './shaka-reads';
import { initialMedia, MAX_SEGMENT_URLS, newSession, newWindow, noDownloads, TrackerState } from './state';

export interface TrackerContext {
  host: PluginHost;
  /** already encoded as the profile asks, or null when the page has no http(s) URL */
  referrer: string | null;
  /** Events handed to the channel so far: the next one has delivery number enqueued + 1 (answers come in this order). */
  enqueued: number;
  /** The collector's word (viewEventsEnabled in its answers): VIEWs are sent while true. */
  viewsEnabled: boolean;
  send(query: string): void;
  /** Media tracked so far, by every tracker: numbers each new media's Kava sessionId. */
  mediaCount: number;
  done(tracker: Tracker): void;
}

/**
 * What a tracker is told: the player's news (from the agent's playback observer, which plugin.ts
 * adapts in one place) and the collector's answers.
 */
export interface Tracker {
  /** A player error, normalised. */
  fault(fault: PlayerFault): void;
  /** The shared adapter's buffering started (true) or ended (false). */
  buffering(active: boolean): void;
  /** The media element's play, playing, pause or ended, or the player's unload: a step in phases.ts. */
  input(input: PlaybackInput): void;
  /** The media element is seeking. */
  seeking(): void;
  /** The media element's rate changed. */
  rateChanged(): void;
  /** Shaka has the new manifest. */
  loaded(): void;
  /** The tracks (or the active ones) changed. */
  tracksChanged(change: TrackChange): void;
  /** ABR was turned on or off. */
  abrChanged(enabled: boolean): void;
  /** A manifest or segment response arrived. */
  downloaded(response: PlayerResponse): void;
  /** The player started loading content. */
  loading(): void;
  /** The playback ended for good: the tracker removes everything it added. */
  ended(): void;
  /** The server's `time` in the answer to event number `answered`: the session's start when it waits for that answer. */
  serverTime(time: number, answered: number): void;
}

/** "A VIEW not sent for 30 s" expires the session (longer only when VIEWs are configured rarer). */
var EXPIRY_MS = 30000;
var PREFIX = 'tv-telemetry: kava: ';
var ERROR_PRE_PLAY_REQUEST = 3;
var ERROR_PRE_PLAYING = 1;
var ERROR_MID_STREAM = 2;
/** errorCode of an ERROR without a player code (a load() rejected with a plain Error): Kava wants an integer. */
export var KAVA_NO_PLAYER_CODE = -1;
/** The seed's range for a VIEW's bufferTime, whatever the VIEW interval. */
var MAX_VIEW_BUFFER_MS = 10000;

export function trackPlayback(ctx: TrackerContext, view: PlaybackView): Tracker {
  var host = ctx.host;
  var clock = host.clock;
  var kava = host.profile.kava;
  var player = view.player as KavaPlayer;
  var intervalMs = kava.viewIntervalSeconds * 1000;
  // The seed: "html5:v" + the player version, unless the profile names one.
  var clientVer = 'html5:v' + (kava.clientVer || view.playerVersion().replace(/^shaka-player\/v?/, ''));
  var customVars = [kava.customVar1, kava.customVar2, kava.customVar3];
  var expiryMs = Math.max(EXPIRY_MS, 3 * intervalMs);
  var element: MediaLike | null = ask(player, 'getMediaElement');
  var state: TrackerState = {
    life: 'tracking',
    missingIds: 'unreported',
    media: initialMedia(nextSessionId(), element ? playbackSpeed(player, element) : 1, element),
    session: newSession(ctx.enqueued + 1, clock.monotonic()),
    window: newWindow(view.read(), 0, 0),
  };

  /** Per page (the agent's appSessionId) and per media, as Kaltura's players do. */
  function nextSessionId(): string {
    ctx.mediaCount++;
    return host.appSessionId + ':' + ctx.mediaCount;
  }

  /** For the player's and the timers' callbacks: nothing after the end, and an exception is logged, never thrown back. */
  function safe(fn: () => void): () => void;
  function safe<T>(fn: (arg: T) => void): (arg: T) => void;
  function safe<T>(fn: (arg: T) => void): (arg: T) => void {
    return guard(host.logger, 'kava', function (arg: T) {
      if (state.life === 'tracking') fn(arg);
    });
  }

  function traits() {
    return PHASES[state.media.phase];
  }

  /** Adds the time since the last fold to play and buffer time, by the phase and stall that held. */
  function fold(): void {
    var m = state.media;
    var session = state.session;
    var now = clock.monotonic();
    var ms = now - session.countedUntil;
    session.countedUntil = now;
    if (!(ms > 0)) return;
    if (m.stall !== 'none') {
      if (traits().buffers) {
        state.window.bufferMs += ms;
        session.bufferSumMs += ms;
      }
    } else if (m.phase === 'playing') {
      session.playMs += ms;
      if (m.kbps !== null) {
        session.kbpsMs += m.kbps * ms;
        session.ratedMs += ms;
      }
    }
  }

  function position(): number {
    var media = state.media.element;
    var t = (media && +media.currentTime) || 0; // NaN before the media has any
    return isLive(player) ? liveOffset(player, t, traits().started) : t;
  }

  /**
   * Creates one event: common parameters, then the event's own; nothing without Kava's mandatory
   * IDs. Vault's verdict on the description does not matter here. Returns whether it was sent.
   */
  function emit(type: E, extra?: (params: string[]) => void): boolean {
    if (type !== E.IMPRESSION) sendImpression();
    fold();
    if (expired()) resetSession();
    var raw = view.description();
    var entry = raw && typeof raw.entryId === 'string' ? raw.entryId : '';
    if (!raw || kava.partnerId === undefined || !entry) {
      // The seed: without a mandatory field nothing is sent, and that is said once.
      if (state.missingIds === 'unreported') host.logger.warn(PREFIX + (entry ? 'partnerId' : 'entryId') + ' missing: no Kava events');
      state.missingIds = 'reported';
      return false;
    }
    var m = state.media;
    if (m.entryId !== null && entry !== m.entryId) resetSession(); // a new media entry on the same playback
    m.entryId = entry;
    var session = state.session;
    var live = isLive(player);
    var pos = position();
    var p: string[] = [];
    put(p, 'eventType', type);
    put(p, 'partnerId', kava.partnerId);
    put(p, 'entryId', entry);
    put(p, 'sessionId', m.sessionId);
    put(p, 'eventIndex', session.eventIndex);
    session.eventIndex++;
    put(p, 'ks', raw.ks);
    put(p, 'virtualEventId', raw.virtualEventId);
    put(p, 'referrer', ctx.referrer);
    put(p, 'deliveryType', m.delivery);
    put(p, 'playbackType', !live ? 'vod' : -pos > kava.dvrThresholdSeconds ? 'dvr' : 'live');
    put(p, 'sessionStartTime', session.start.known ? session.start.time : null);
    put(p, 'uiConfId', kava.uiConfId);
    put(p, 'clientVer', clientVer);
    put(p, 'clientTag', clientVer);
    put(p, 'position', round3(pos));
    put(p, 'playbackSpeed', m.speed);
    put(p, 'caption', m.caption);
    for (var i = 0; i < customVars.length; i++) put(p, 'customVar' + (i + 1), customVars[i]);
    if (extra) extra(p);
    ctx.send(p.join('&'));
    return true;
  }

  function putBuffer(p: string[]): void {
    put(p, 'bufferTime', seconds(state.window.bufferMs));
    put(p, 'bufferTimeSum', seconds(state.session.bufferSumMs));
    put(p, 'actualBitrate', round3(state.media.kbps));
  }

  // --- session rules --------------------------------------------------------------------------

  /** sessionStartTime starts again: from the answer to the next event (the seed's "first event"). */
  function awaitStartTime(): void {
    state.session.start = { known: false, from: ctx.enqueued + 1 };
  }

  /**
   * No VIEW for the expiry time since the cadence began. Measured on both clocks: a suspended app
   * or a throttled timer shows on the wall clock even where the monotonic one stood still.
   */
  function expired(): boolean {
    var w = state.window;
    return traits().started && Math.max(clock.monotonic() - w.viewedMono, clock.now() - w.viewedWall) >= expiryMs;
  }

  /** A new Kava session, with a new VIEW window: buffer time, download maxima and baselines from now. */
  function resetSession(): void {
    state.session = newSession(ctx.enqueued + 1, state.session.countedUntil);
    state.window.downloads = noDownloads();
    openWindow(view.read());
  }

  /** A VIEW window from `reading` on (its timer restarted if it was running); the downloads so far stay in it. */
  function openWindow(reading: PlayerReading): void {
    var w = state.window;
    var running = w.cadence.running;
    w.base = reading;
    w.bufferMs = 0;
    w.viewedMono = clock.monotonic();
    w.viewedWall = clock.now();
    stopCadence();
    w.elapsedMs = 0;
    if (running) runCadence();
  }

  function runCadence(): void {
    var w = state.window;
    if (w.cadence.running || state.life === 'closed') return;
    w.cadence = { running: true, since: clock.monotonic(), timer: clock.setTimeout(safe(onViewDue), Math.max(0, intervalMs - w.elapsedMs)) };
  }

  function stopCadence(): void {
    var w = state.window;
    var cadence = w.cadence;
    if (!cadence.running) return;
    w.elapsedMs += clock.monotonic() - cadence.since;
    w.cadence = { running: false };
    clock.clearTimeout(cadence.timer);
  }

  function onViewDue(): void {
    state.window.cadence = { running: false };
    fold();
    // A timer this late means the app was suspended: the window is stale, the session over.
    if (expired()) resetSession();
    else sendView();
    runCadence();
  }

  function sendView(): void {
    var reading = view.read();
    var w = state.window;
    var base = w.base;
    var downloaded = w.downloads;
    w.downloads = noDownloads();
    if (ctx.viewsEnabled)
      emit(E.VIEW, function (p) {
        // read here: emit may have started a new session
        var session = state.session;
        var m = state.media;
        put(p, 'playTimeSum', seconds(session.playMs));
        put(p, 'bufferTime', seconds(Math.min(state.window.bufferMs, MAX_VIEW_BUFFER_MS)));
        put(p, 'bufferTimeSum', seconds(session.bufferSumMs));
        put(p, 'actualBitrate', round3(m.kbps));
        put(p, 'averageBitrate', session.ratedMs > 0 ? round3(session.kbpsMs / session.ratedMs) : 0);
        put(p, 'language', m.language);
        put(p, 'soundMode', soundMode(m.element));
        put(p, 'tabMode', tabMode());
        put(p, 'viewabilityMode', viewabilityMode(m.element));
        putBufferHealth(p, reading);
        if (reading.segmentMs > base.segmentMs)
          put(p, 'bandwidth', round3(((reading.segmentBytes - base.segmentBytes) * 8) / (reading.segmentMs - base.segmentMs)));
        if (downloaded.segmentMs > 0) put(p, 'segmentDownloadTime', seconds(downloaded.segmentMs));
        if (downloaded.manifestMs > 0) put(p, 'manifestDownloadTime', seconds(downloaded.manifestMs));
        putDroppedFrames(p, base, reading);
        put(p, 'networkConnectionType', connectionType());
        put(p, 'networkConnectionOverhead', seconds(connectionOverheadMs(downloaded.segmentUrls)));
      });
    openWindow(reading);
  }

  function putBufferHealth(p: string[], reading: PlayerReading): void {
    var goal = bufferingGoal(player);
    put(p, 'targetBuffer', goal);
    if (goal !== null && goal > 0 && reading.bufferedAheadSeconds !== null) put(p, 'forwardBufferHealth', round3(reading.bufferedAheadSeconds / goal));
  }

  function putDroppedFrames(p: string[], base: PlayerReading, reading: PlayerReading): void {
    if (base.decodedFrames === null || base.droppedFrames === null || reading.decodedFrames === null || reading.droppedFrames === null) return;
    var decoded = reading.decodedFrames - base.decodedFrames;
    var dropped = reading.droppedFrames - base.droppedFrames;
    if (decoded > 0 && dropped >= 0) put(p, 'droppedFramesRatio', round3(Math.min(1, dropped / decoded)));
  }

  // --- quartiles (VOD) ------------------------------------------------------------------------------

  var quartiles = trackQuartiles({
    clock: clock,
    duration: function () {
      var media = state.media.element;
      if (isLive(player) || !media) return null;
      var duration = media.duration;
      return duration !== undefined && duration > 0 ? duration : null;
    },
    currentTime: function () {
      var media = state.media.element;
      return media ? media.currentTime : 0;
    },
    movingSpeed: function () {
      var m = state.media;
      return m.phase === 'playing' && m.stall === 'none' ? m.speed : null;
    },
    send: function (type) {
      emit(type);
    },
    safe: safe,
  });

  // --- the playback's phases (phases.ts) -----------------------------------------------------------

  /** Moves along TRANSITIONS: the phase changes, its events go out, the cadence and the quartile timer follow. */
  function advance(input: PlaybackInput): void {
    fold();
    var m = state.media;
    // The pause that comes with `ended` is not the viewer's.
    if (input === 'pause' && m.element && m.element.ended) return;
    var transition = TRANSITIONS[m.phase][input];
    if (!transition) return;
    m.phase = transition.to;
    if (m.phase !== 'playing') stopCadence();
    if (input === 'ended') {
      quartiles.check(true);
      state.window.bufferMs = 0;
    }
    for (var i = 0; i < transition.send.length; i++) sendPhaseEvent(transition.send[i]);
    if (m.phase === 'playing') runCadence();
    quartiles.aim();
  }

  /** An event of TRANSITIONS with its own parameters and what comes with it. */
  function sendPhaseEvent(type: E): void {
    switch (type) {
      case E.PLAY_REQUEST:
        state.media.requestedAt = clock.monotonic();
        emit(E.PLAY_REQUEST);
        reportBufferStart(); // a stall before the request is buffering from now on
        return;
      case E.PLAY:
        emit(E.PLAY, function (p) {
          putBuffer(p);
          put(p, 'joinTime', seconds(clock.monotonic() - state.media.requestedAt));
          put(p, 'networkConnectionType', connectionType());
        });
        // The VIEW cadence starts with the first frame. The first window keeps the start-up
        // downloads (since the load); the start-up buffering already went out with PLAY.
        var reading = view.read();
        reading.segmentBytes = state.window.base.segmentBytes;
        reading.segmentMs = state.window.base.segmentMs;
        openWindow(reading);
        return;
      case E.PAUSE:
        awaitStartTime(); // the seed: reset when paused
        emit(E.PAUSE);
        return;
      case E.RESUME:
        emit(E.RESUME, putBuffer);
        return;
      case E.REPLAY:
        quartiles.restart();
        emit(E.REPLAY);
        return;
    }
  }

  function onSeeking(): void {
    fold();
    // Start positions (the app's, Shaka's live edge) come before the first frame; a replay rewinds itself.
    if (!traits().started || state.media.phase === 'ended') return;
    emit(E.SEEK, function (p) {
      put(p, 'targetPosition', round3(position()));
    });
    quartiles.check(false);
    quartiles.aim();
  }

  function onRateChange(): void {
    fold();
    var m = state.media;
    var rate = playbackSpeed(player, m.element);
    if (rate === m.speed) return;
    m.speed = rate;
    if (traits().requested) emit(E.SPEED);
    quartiles.aim();
  }

  /** The player's media element now (an attach() may bring another between loads). */
  function bindMedia(): void {
    var m = state.media;
    var element: MediaLike | null = ask(player, 'getMediaElement');
    if (element === m.element) return;
    m.element = element;
    m.speed = playbackSpeed(player, element);
  }

  // --- buffering, tracks, downloads, faults ------------------------------------------------------

  function reportBufferStart(): void {
    var m = state.media;
    if (m.stall !== 'unreported' || !traits().buffers) return;
    emit(E.BUFFER_START);
    m.stall = 'reported';
  }

  function onBuffering(active: boolean): void {
    var m = state.media;
    if (active === (m.stall !== 'none')) return;
    fold();
    var reported = m.stall === 'reported';
    m.stall = active ? 'unreported' : 'none';
    if (m.phase !== 'unloaded') {
      if (active) reportBufferStart();
      else if (reported) emit(E.BUFFER_END);
    }
    quartiles.aim();
  }

  /** For the player's news about the loaded media: nothing before a load. */
  function ofLoadedMedia<T>(fn: (news: T) => void): (news: T) => void {
    return safe(function (news: T) {
      if (state.media.phase === 'unloaded') return;
      fold();
      fn(news);
    });
  }

  // Shaka has the new manifest now: the delivery type, tracks, liveness and position are this media's.
  var onLoaded = ofLoadedMedia<void>(function () {
    state.media.delivery = deliveryTypeOf(player);
    readTracks('');
    sendImpression();
  });

  var onAbrChanged = ofLoadedMedia(function (enabled: boolean) {
    var m = state.media;
    // Back to automatic selection after a manual one: a source selection of no particular bitrate.
    // (Shaka also reports ABR as enabled on its own at load.)
    if (enabled && m.selection === 'manual')
      emit(E.SOURCE_SELECTED, function (p) {
        put(p, 'actualBitrate', 0);
      });
    m.selection = enabled ? 'abr' : 'manual';
  });

  var onTracksChanged = ofLoadedMedia(readTracks);

  /** The longest downloads of the VIEW window, and its newest segment URLs (cached responses say nothing of the network). */
  var onDownloaded = safe(function (response: PlayerResponse) {
    var downloads = state.window.downloads;
    var ms = response.ms;
    if (response.fromCache || ms === null) return;
    if (response.type === 'manifest') downloads.manifestMs = Math.max(downloads.manifestMs, ms);
    if (response.type !== 'segment') return;
    downloads.segmentMs = Math.max(downloads.segmentMs, ms);
    if (response.uri === null) return;
    downloads.segmentUrls.push(response.uri);
    if (downloads.segmentUrls.length > MAX_SEGMENT_URLS) downloads.segmentUrls.shift();
  });

  /**
   * The displayed video bitrate, audio language and caption; a change from a known value is an
   * event (the first values of a media are not).
   */
  function readTracks(cause: TrackChange | ''): void {
    var m = state.media;
    var variant = activeVariant(player);
    var previousKbps = m.kbps;
    var currentKbps = variant.kbps;
    m.kbps = currentKbps;
    if (previousKbps !== null && currentKbps !== null && currentKbps !== previousKbps) {
      // variantchanged follows the app's own selection; adaptation is ABR's.
      var manual = cause === 'variantchanged';
      if (manual || cause === 'adaptation')
        emit(manual ? E.SOURCE_SELECTED : E.FLAVOR_SWITCH, function (p) {
          put(p, 'actualBitrate', round3(currentKbps));
        });
    }
    var previousLanguage = m.language;
    var language = variant.language || previousLanguage;
    m.language = language;
    if (previousLanguage !== null && language !== previousLanguage)
      emit(E.AUDIO_SELECTED, function (p) {
        put(p, 'language', language);
      });
    var previousCaption = m.caption;
    var caption = captionOf(player);
    m.caption = caption;
    if (previousCaption !== null && caption !== null && caption !== previousCaption && traits().requested) emit(E.CAPTIONS);
  }

  function onFault(fault: PlayerFault): void {
    var critical = fault.fromLoad || fault.severity === null || fault.severity >= 2;
    if (!critical) return;
    var current = traits();
    emit(E.ERROR, function (p) {
      put(p, 'errorCode', fault.code === null ? KAVA_NO_PLAYER_CODE : fault.code);
      put(p, 'errorDetails', JSON.stringify(fault)); // code, category, severity, name, detail, fromLoad
      put(p, 'errorPosition', !current.requested ? ERROR_PRE_PLAY_REQUEST : !current.started ? ERROR_PRE_PLAYING : ERROR_MID_STREAM);
    });
  }

  // --- media lifecycle ---------------------------------------------------------------------------

  /**
   * A new media: everything restarts. Its IMPRESSION waits for Shaka's `loaded` (at `loading` the
   * player still holds the previous content), or goes just before any other event of this media.
   * The delivery type, speed, element and variant selection carry over until the player says otherwise.
   */
  function newMedia(alreadyLoaded: boolean): void {
    stopCadence();
    var m = state.media;
    if (m.phase !== 'unloaded') m.sessionId = nextSessionId();
    m.phase = 'ready';
    m.impression = 'due';
    m.entryId = null;
    if (m.stall === 'reported') m.stall = 'unreported';
    quartiles.restart();
    m.kbps = null;
    m.language = null;
    m.caption = null;
    if (alreadyLoaded) readTracks('');
    state.session.countedUntil = clock.monotonic();
    resetSession();
    quartiles.aim();
    if (alreadyLoaded) sendImpression();
  }

  /** Sends the media's IMPRESSION if due; it stays due while it cannot be sent (no entryId yet). */
  function sendImpression(): void {
    var m = state.media;
    if (m.impression !== 'due') return;
    m.impression = 'sent';
    m.delivery = deliveryTypeOf(player);
    var sent = emit(E.IMPRESSION, function (p) {
      put(p, 'playerJSLoadTime', seconds(libraryLoadMs()));
    });
    if (!sent) m.impression = 'due';
  }

  var tracker: Tracker = {
    serverTime: function (time, answered) {
      var start = state.session.start;
      if (!start.known && answered >= start.from) state.session.start = { known: true, time: time };
    },
    // The agent guards these hooks and stops calling them once the playback ended.
    fault: onFault,
    buffering: onBuffering,
    input: safe(advance),
    seeking: safe(onSeeking),
    rateChanged: safe(onRateChange),
    loaded: onLoaded,
    tracksChanged: onTracksChanged,
    abrChanged: onAbrChanged,
    downloaded: onDownloaded,
    loading: function () {
      bindMedia();
      newMedia(false);
    },
    ended: function () {
      if (state.life === 'closed') return;
      stopCadence();
      quartiles.stop();
      state.life = 'closed';
      ctx.done(tracker);
    },
  };

  // Tracked after load(): the media is known now, and may already be playing.
  if (ask(player, 'getAssetUri')) {
    newMedia(true);
    var media = state.media.element;
    if (media && media.paused === false) {
      advance('play');
      if (media.readyState !== undefined && media.readyState > 2) advance('playing');
    }
  }
  return tracker;
}
