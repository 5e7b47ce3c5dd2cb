/**
 * One tracked playback in Kava's model: turns media-element, Shaka and adapter events into Kava
 * events and keeps the session rules (event index, sums, resets, VIEW cadence, sessionStartTime).
 * Durations are measured on the host's monotonic clock; timers come only from the host's clock.
 */
import type { PlaybackView, PluginHost } from '../agent/plugin';
import { guard } from '../core/guard';
import type { PlayerFault, PlayerReading } from '../player/types';
import { Kava as E } from './events';
import { Listeners, listenAll } from './listen';
import { PHASES, Phase, PlaybackInput, TRANSITIONS } from './phases';
import { trackQuartiles } from './quartiles';
import { watchDownloads } from './network';
import { connectionOverheadMs, connectionType, libraryLoadMs, soundMode, tabMode, viewabilityMode } from './page';
import { put, round3, seconds } from './query';
import { ask } from '../player/ask';
import { activeVariant, bufferingGoal, captionOf, deliveryTypeOf, isLive, KavaPlayer, liveOffset, MediaLike, playbackSpeed } from './shaka-reads';

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
  /** The player started loading content. */
  loading(): void;
  /** The player is unloading its content. */
  unloading(): void;
  /** The playback ended for good: the tracker removes everything it added. */
  ended(): void;
  /** The server's `time` in the answer to event number `answered`: the session's start when it waits for that answer. */
  serverTime(time: number, answered: number): void;
}

/** A stall of the player (the shared adapter's buffering), and whether Kava was told (BUFFER_START). */
type Stall = 'none' | 'unreported' | 'reported';

/** The player's events Kava reads besides the media element's. */
interface PlayerEvent {
  /** abrstatuschanged: whether ABR is on now */
  newStatus?: boolean;
}

/** "A VIEW not sent for 30 s" expires the session (longer only when VIEWs are configured rarer). */
var EXPIRY_MS = 30000;
/** The player's events after which its tracks are read again (the cause tells a manual selection from ABR's). */
var TRACK_EVENTS = ['adaptation', 'variantchanged', 'trackschanged', 'textchanged', 'texttrackvisibility', 'audiotrackchanged'];
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
  var closed = false;
  var warned = false;
  var media: MediaLike | null = null;
  var downloads = watchDownloads(player);

  // The current media (reset by a new load).
  var phase: Phase = 'unloaded';
  var stall: Stall = 'none';
  var impressionDue = false;
  var sessionId = nextSessionId();
  var delivery = 'url';
  var entryId: string | null = null;
  var requestedAt = 0;
  var kbps: number | null = null;
  var language: string | null = null;
  var caption: string | null = null;
  var speed = 1;
  /** the app chose a variant by hand (ABR off) */
  var abrOff = false;

  // The Kava session (reset by a new media and by expiry).
  var eventIndex = 1;
  var startTime: number | null = null;
  var startFrom = ctx.enqueued + 1; // the answer sessionStartTime comes from (0: has it)
  var playMs = 0;
  var bufferMs = 0;
  var bufferSumMs = 0;
  var kbpsMs = 0;
  var ratedMs = 0;
  var foldedAt = clock.monotonic();

  // The VIEW window: playing time runs it; pausing keeps what it had.
  var viewTimer: unknown = null;
  var windowMs = 0;
  /** when the cadence's timer started, null while it does not run */
  var runningSince: number | null = null;
  var lastViewMono = 0;
  var lastViewWall = 0;
  var windowBase: PlayerReading = view.read();

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
      if (!closed) fn(arg);
    });
  }

  function traits() {
    return PHASES[phase];
  }

  /** Adds the time since the last fold to play and buffer time, by the phase and stall that held. */
  function fold(): void {
    var now = clock.monotonic();
    var ms = now - foldedAt;
    foldedAt = now;
    if (!(ms > 0)) return;
    if (stall !== 'none') {
      if (traits().buffers) {
        bufferMs += ms;
        bufferSumMs += ms;
      }
    } else if (phase === 'playing') {
      playMs += ms;
      if (kbps !== null) {
        kbpsMs += kbps * ms;
        ratedMs += ms;
      }
    }
  }

  function position(): number {
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
      if (!warned) host.logger.warn(PREFIX + (entry ? 'partnerId' : 'entryId') + ' missing: no Kava events');
      warned = true;
      return false;
    }
    if (entryId !== null && entry !== entryId) resetSession(); // a new media entry on the same playback
    entryId = entry;
    var live = isLive(player);
    var pos = position();
    var p: string[] = [];
    put(p, 'eventType', type);
    put(p, 'partnerId', kava.partnerId);
    put(p, 'entryId', entry);
    put(p, 'sessionId', sessionId);
    put(p, 'eventIndex', eventIndex);
    eventIndex++;
    put(p, 'ks', raw.ks);
    put(p, 'virtualEventId', raw.virtualEventId);
    put(p, 'referrer', ctx.referrer);
    put(p, 'deliveryType', delivery);
    put(p, 'playbackType', !live ? 'vod' : -pos > kava.dvrThresholdSeconds ? 'dvr' : 'live');
    put(p, 'sessionStartTime', startTime);
    put(p, 'uiConfId', kava.uiConfId);
    put(p, 'clientVer', clientVer);
    put(p, 'clientTag', clientVer);
    put(p, 'position', round3(pos));
    put(p, 'playbackSpeed', speed);
    put(p, 'caption', caption);
    for (var i = 0; i < customVars.length; i++) put(p, 'customVar' + (i + 1), customVars[i]);
    if (extra) extra(p);
    ctx.send(p.join('&'));
    return true;
  }

  function putBuffer(p: string[]): void {
    put(p, 'bufferTime', seconds(bufferMs));
    put(p, 'bufferTimeSum', seconds(bufferSumMs));
    put(p, 'actualBitrate', round3(kbps));
  }

  // --- session rules --------------------------------------------------------------------------

  /** sessionStartTime starts again: from the answer to the next event (the seed's "first event"). */
  function awaitStartTime(): void {
    startTime = null;
    startFrom = ctx.enqueued + 1;
  }

  function markView(): void {
    lastViewMono = clock.monotonic();
    lastViewWall = clock.now();
  }

  /**
   * No VIEW for the expiry time since the cadence began. Measured on both clocks: a suspended app
   * or a throttled timer shows on the wall clock even where the monotonic one stood still.
   */
  function expired(): boolean {
    return traits().started && Math.max(clock.monotonic() - lastViewMono, clock.now() - lastViewWall) >= expiryMs;
  }

  /** A new Kava session, with a new VIEW window: buffer time, download maxima and baselines from now. */
  function resetSession(): void {
    eventIndex = 1;
    playMs = 0;
    bufferSumMs = 0;
    kbpsMs = 0;
    ratedMs = 0;
    awaitStartTime();
    downloads.take();
    openWindow(view.read());
  }

  /** A VIEW window from `reading` on (its timer restarted if it was running). */
  function openWindow(reading: PlayerReading): void {
    var running = runningSince !== null;
    windowBase = reading;
    bufferMs = 0;
    markView();
    stopCadence();
    windowMs = 0;
    if (running) runCadence();
  }

  function runCadence(): void {
    if (runningSince !== null || closed) return;
    runningSince = clock.monotonic();
    viewTimer = clock.setTimeout(safe(onViewDue), Math.max(0, intervalMs - windowMs));
  }

  function stopCadence(): void {
    if (runningSince === null) return;
    windowMs += clock.monotonic() - runningSince;
    runningSince = null;
    clock.clearTimeout(viewTimer);
  }

  function onViewDue(): void {
    runningSince = null;
    fold();
    // A timer this late means the app was suspended: the window is stale, the session over.
    if (expired()) resetSession();
    else sendView();
    runCadence();
  }

  function sendView(): void {
    var reading = view.read();
    var base = windowBase;
    var downloaded = downloads.take();
    if (ctx.viewsEnabled)
      emit(E.VIEW, function (p) {
        put(p, 'playTimeSum', seconds(playMs));
        put(p, 'bufferTime', seconds(Math.min(bufferMs, MAX_VIEW_BUFFER_MS)));
        put(p, 'bufferTimeSum', seconds(bufferSumMs));
        put(p, 'actualBitrate', round3(kbps));
        put(p, 'averageBitrate', ratedMs > 0 ? round3(kbpsMs / ratedMs) : 0);
        put(p, 'language', language);
        put(p, 'soundMode', soundMode(media));
        put(p, 'tabMode', tabMode());
        put(p, 'viewabilityMode', viewabilityMode(media));
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
      if (isLive(player) || !media) return null;
      var duration = media.duration;
      return duration !== undefined && duration > 0 ? duration : null;
    },
    currentTime: function () {
      return media ? media.currentTime : 0;
    },
    movingSpeed: function () {
      return phase === 'playing' && stall === 'none' ? speed : null;
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
    // The pause that comes with `ended` is not the viewer's.
    if (input === 'pause' && media && media.ended) return;
    var transition = TRANSITIONS[phase][input];
    if (!transition) return;
    phase = transition.to;
    if (phase !== 'playing') stopCadence();
    if (input === 'ended') {
      quartiles.check(true);
      bufferMs = 0;
    }
    for (var i = 0; i < transition.send.length; i++) sendPhaseEvent(transition.send[i]);
    if (phase === 'playing') runCadence();
    quartiles.aim();
  }

  /** An event of TRANSITIONS with its own parameters and what comes with it. */
  function sendPhaseEvent(type: E): void {
    switch (type) {
      case E.PLAY_REQUEST:
        requestedAt = clock.monotonic();
        emit(E.PLAY_REQUEST);
        reportBufferStart(); // a stall before the request is buffering from now on
        return;
      case E.PLAY:
        emit(E.PLAY, function (p) {
          putBuffer(p);
          put(p, 'joinTime', seconds(clock.monotonic() - requestedAt));
          put(p, 'networkConnectionType', connectionType());
        });
        // The VIEW cadence starts with the first frame. The first window keeps the start-up
        // downloads (since the load); the start-up buffering already went out with PLAY.
        var reading = view.read();
        reading.segmentBytes = windowBase.segmentBytes;
        reading.segmentMs = windowBase.segmentMs;
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
    if (!traits().started || phase === 'ended') return;
    emit(E.SEEK, function (p) {
      put(p, 'targetPosition', round3(position()));
    });
    quartiles.check(false);
    quartiles.aim();
  }

  function onRateChange(): void {
    fold();
    var rate = playbackSpeed(player, media);
    if (rate === speed) return;
    speed = rate;
    if (traits().requested) emit(E.SPEED);
    quartiles.aim();
  }

  function input(name: PlaybackInput): () => void {
    return safe(function () {
      advance(name);
    });
  }

  var mediaListeners: Listeners<void> = {
    play: input('play'),
    playing: input('playing'),
    pause: input('pause'),
    ended: input('ended'),
    seeking: safe(onSeeking),
    ratechange: safe(onRateChange),
  };

  function bindMedia(): void {
    var element: MediaLike | null = ask(player, 'getMediaElement');
    if (element === media) return;
    listenAll(media, mediaListeners, false);
    media = element;
    listenAll(media, mediaListeners, true);
    speed = playbackSpeed(player, media);
  }

  // --- buffering, tracks, faults -----------------------------------------------------------------

  function reportBufferStart(): void {
    if (stall !== 'unreported' || !traits().buffers) return;
    emit(E.BUFFER_START);
    stall = 'reported';
  }

  function onBuffering(active: boolean): void {
    if (active === (stall !== 'none')) return;
    fold();
    var reported = stall === 'reported';
    stall = active ? 'unreported' : 'none';
    if (phase !== 'unloaded') {
      if (active) reportBufferStart();
      else if (reported) emit(E.BUFFER_END);
    }
    quartiles.aim();
  }

  function playerEvent(fn: (event: PlayerEvent) => void): (event: PlayerEvent) => void {
    return safe(function (event: PlayerEvent) {
      if (phase === 'unloaded') return;
      fold();
      fn(event);
    });
  }

  var playerListeners: Listeners<PlayerEvent> = {
    // Shaka has the new manifest now: the delivery type, tracks, liveness and position are this media's.
    loaded: playerEvent(function () {
      delivery = deliveryTypeOf(player);
      readTracks('');
      sendImpression();
    }),
    abrstatuschanged: playerEvent(function (event) {
      // Back to automatic selection after a manual one: a source selection of no particular bitrate.
      // (Shaka also reports ABR as enabled on its own at load.)
      if (event.newStatus && abrOff)
        emit(E.SOURCE_SELECTED, function (p) {
          put(p, 'actualBitrate', 0);
        });
      abrOff = !event.newStatus;
    }),
  };
  TRACK_EVENTS.forEach(function (type) {
    playerListeners[type] = playerEvent(function () {
      readTracks(type);
    });
  });

  /**
   * The displayed video bitrate, audio language and caption; a change from a known value is an
   * event (the first values of a media are not).
   */
  function readTracks(cause: string): void {
    var variant = activeVariant(player);
    var previousKbps = kbps;
    var currentKbps = variant.kbps;
    kbps = currentKbps;
    if (previousKbps !== null && currentKbps !== null && currentKbps !== previousKbps) {
      // variantchanged follows the app's own selection; adaptation is ABR's.
      var manual = cause === 'variantchanged';
      if (manual || cause === 'adaptation')
        emit(manual ? E.SOURCE_SELECTED : E.FLAVOR_SWITCH, function (p) {
          put(p, 'actualBitrate', round3(currentKbps));
        });
    }
    var previousLanguage = language;
    language = variant.language || language;
    if (previousLanguage !== null && language !== previousLanguage)
      emit(E.AUDIO_SELECTED, function (p) {
        put(p, 'language', language);
      });
    var previousCaption = caption;
    caption = captionOf(player);
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
   */
  function newMedia(alreadyLoaded: boolean): void {
    stopCadence();
    if (phase !== 'unloaded') sessionId = nextSessionId();
    phase = 'ready';
    impressionDue = true;
    entryId = null;
    if (stall === 'reported') stall = 'unreported';
    quartiles.restart();
    kbps = null;
    language = null;
    caption = null;
    if (alreadyLoaded) readTracks('');
    foldedAt = clock.monotonic();
    resetSession();
    quartiles.aim();
    if (alreadyLoaded) sendImpression();
  }

  /** Sends the media's IMPRESSION if due; it stays due while it cannot be sent (no entryId yet). */
  function sendImpression(): void {
    if (!impressionDue) return;
    impressionDue = false;
    delivery = deliveryTypeOf(player);
    impressionDue = !emit(E.IMPRESSION, function (p) {
      put(p, 'playerJSLoadTime', seconds(libraryLoadMs()));
    });
  }

  listenAll(player, playerListeners, true);
  bindMedia();

  var tracker: Tracker = {
    serverTime: function (time, answered) {
      if (startFrom && answered >= startFrom) {
        startTime = time;
        startFrom = 0;
      }
    },
    // The agent guards these hooks and stops calling them once the playback ended.
    fault: onFault,
    buffering: onBuffering,
    loading: function () {
      bindMedia();
      newMedia(false);
    },
    unloading: function () {
      advance('unloading');
    },
    ended: function () {
      if (closed) return;
      stopCadence();
      quartiles.stop();
      closed = true;
      downloads.stop();
      listenAll(player, playerListeners, false);
      listenAll(media, mediaListeners, false);
      ctx.done(tracker);
    },
  };

  // Tracked after load(): the media is known now, and may already be playing.
  if (ask(player, 'getAssetUri')) {
    newMedia(true);
    var element = media as MediaLike | null; // (bound above, in bindMedia)
    if (element && element.paused === false) {
      advance('play');
      if (element.readyState !== undefined && element.readyState > 2) advance('playing');
    }
  }
  return tracker;
}
