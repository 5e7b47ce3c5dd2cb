/**
 * One tracked playback in Kava's model: turns media-element, Shaka and adapter events into Kava
 * events and keeps the session rules (event index, sums, resets, VIEW cadence, sessionStartTime).
 * Durations are measured on the host's monotonic clock; timers come only from the host's clock.
 */
import type { PlaybackObserver, PlaybackView, PluginHost } from '../agent/plugin';
import type { PlayerFault, PlayerReading } from '../player/types';
import { Kava as E } from './events';
import { watchDownloads } from './network';
import { connectionOverheadMs, connectionType, libraryLoadMs, soundMode, tabMode, viewabilityMode } from './page';
import { put, round3, seconds } from './query';
import {
  activeVariant,
  bufferingGoal,
  captionOf,
  deliveryTypeOf,
  invoke,
  isLive,
  KavaPlayer,
  liveOffset,
  MediaLike,
  playbackSpeed,
} from './shaka-reads';

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

export interface Tracker extends PlaybackObserver {
  /** The server's `time` in the answer to event number `answered`: the session's start when it waits for that answer. */
  serverTime(time: number, answered: number): void;
}

/** "A VIEW not sent for 30 s" expires the session (longer only when VIEWs are configured rarer). */
var EXPIRY_MS = 30000;
var MEDIA_EVENTS = 'play playing pause seeking ratechange ended'.split(' ');
var PLAYER_EVENTS = 'loaded adaptation variantchanged abrstatuschanged trackschanged textchanged texttrackvisibility audiotrackchanged'.split(' ');
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
  var expiryMs = Math.max(EXPIRY_MS, 3 * intervalMs);
  var closed = false;
  var warned = false;
  var media: MediaLike | null = null;
  var downloads = watchDownloads(player);

  // The current media (reset by a new load).
  var loaded = false;
  var impressionDue = false;
  var sessionId = nextSessionId();
  var delivery = 'url';
  var entryId: string | null = null;
  var requested = false; // PLAY_REQUEST sent
  var started = false; // PLAY sent (first frame)
  var requestedAt = 0;
  var paused = false;
  var resumePending = false;
  var atEnd = false;
  var playing = false;
  var buffering = false;
  var bufferReported = false;
  var marks = 0;
  var kbps: number | null = null;
  var language: string | null = null;
  var caption: string | null = null;
  var speed = 1;
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

  // The VIEW window: active (not paused) time runs it; pausing keeps what it had.
  var viewTimer: unknown = null;
  var markTimer: unknown = null;
  var windowMs = 0;
  var runningSince = -1;
  var lastViewMono = 0;
  var lastViewWall = 0;
  var windowBase: PlayerReading = view.read();

  /** Per page (the agent's appSessionId) and per media, as Kaltura's players do. */
  function nextSessionId(): string {
    return host.appSessionId + ':' + ++ctx.mediaCount;
  }

  function safe<F extends (arg?: any) => void>(fn: F): F {
    return function (arg?: unknown) {
      if (closed) return;
      try {
        fn(arg);
      } catch (e) {
        host.logger.error(PREFIX + e);
      }
    } as F;
  }

  /** Adds the time since the last fold to play and buffer time, by the state that held. */
  function fold(): void {
    var now = clock.monotonic();
    var ms = now - foldedAt;
    foldedAt = now;
    if (!(ms > 0) || paused || atEnd) return;
    if (buffering) {
      if (requested) {
        bufferMs += ms;
        bufferSumMs += ms;
      }
    } else if (playing) {
      playMs += ms;
      if (kbps !== null) {
        kbpsMs += kbps * ms;
        ratedMs += ms;
      }
    }
  }

  function position(): number {
    var t = (media && +media.currentTime) || 0; // NaN before the media has any
    return isLive(player) ? liveOffset(player, t, started) : t;
  }

  /**
   * Creates one event: common parameters, then the event's own; nothing without Kava's mandatory
   * IDs. Vault's verdict on the description does not matter here. Returns whether it was sent.
   */
  function emit(type: number, extra?: (params: string[]) => void): boolean {
    if (type !== E.IMPRESSION) sendImpression();
    fold();
    if (expired()) resetSession();
    var raw = view.description();
    var entry = raw && typeof raw.entryId === 'string' ? raw.entryId : '';
    if (kava.partnerId === undefined || !entry) {
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
    put(p, 'eventIndex', eventIndex++);
    put(p, 'ks', raw!.ks);
    put(p, 'virtualEventId', raw!.virtualEventId);
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
    for (var i = 1; i < 4; i++) put(p, 'customVar' + i, (kava as any)['customVar' + i]);
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
    return started && Math.max(clock.monotonic() - lastViewMono, clock.now() - lastViewWall) >= expiryMs;
  }

  /** A new Kava session, with a new VIEW window: buffer time, download maxima and baselines from now. */
  function resetSession(): void {
    eventIndex = 1;
    playMs = bufferSumMs = kbpsMs = ratedMs = 0;
    awaitStartTime();
    downloads.take();
    openWindow(view.read());
  }

  /** A VIEW window from `reading` on (its timer restarted if it was running). */
  function openWindow(reading: PlayerReading): void {
    var running = runningSince >= 0;
    windowBase = reading;
    bufferMs = 0;
    markView();
    stopCadence();
    windowMs = 0;
    if (running) runCadence();
  }

  function runCadence(): void {
    if (runningSince >= 0 || closed) return;
    runningSince = clock.monotonic();
    viewTimer = clock.setTimeout(safe(onViewDue), Math.max(0, intervalMs - windowMs));
  }

  function stopCadence(): void {
    if (runningSince < 0) return;
    windowMs += clock.monotonic() - runningSince;
    runningSince = -1;
    clock.clearTimeout(viewTimer);
  }

  function onViewDue(): void {
    runningSince = -1;
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
    if (goal! > 0 && reading.bufferedAheadSeconds !== null) put(p, 'forwardBufferHealth', round3(reading.bufferedAheadSeconds / goal!));
  }

  function putDroppedFrames(p: string[], base: PlayerReading, reading: PlayerReading): void {
    if (base.decodedFrames === null || base.droppedFrames === null) return;
    var decoded = reading.decodedFrames! - base.decodedFrames;
    var dropped = reading.droppedFrames! - base.droppedFrames;
    if (decoded > 0 && dropped >= 0) put(p, 'droppedFramesRatio', round3(Math.min(1, dropped / decoded)));
  }

  // --- quartiles (VOD): one timer aimed at the next mark while playing ---------------------------

  /** Sends PLAY_REACHED_25/50/75/100 (IDs 11 to 14) for each quarter reached and not sent yet; bit i is quarter i+1. */
  function checkMarks(finished: boolean): void {
    if (isLive(player) || !media || !(media.duration! > 0)) return;
    var share = finished ? 1 : media.currentTime / media.duration!;
    for (var i = 0; i < 4; i++) {
      if (!(marks & (1 << i)) && share >= (i + 1) / 4) {
        marks |= 1 << i;
        emit(E.PLAY_REACHED_25 + i);
      }
    }
  }

  function aimMarks(): void {
    clock.clearTimeout(markTimer);
    markTimer = null;
    if (!playing || buffering || paused || atEnd || speed < 0 || !media || isLive(player) || !(media.duration! > 0)) return;
    for (var i = 0; i < 4; i++) {
      if (!(marks & (1 << i))) {
        var ms = ((((i + 1) / 4) * media.duration! - media.currentTime) / speed) * 1000;
        markTimer = clock.setTimeout(
          safe(function () {
            checkMarks(false);
            aimMarks();
          }),
          Math.max(0, ms) + 250
        );
        return;
      }
    }
  }

  // --- media element -----------------------------------------------------------------------------

  function onPlayRequest(): void {
    paused = false;
    if (requested) return;
    requested = true;
    requestedAt = clock.monotonic();
    emit(E.PLAY_REQUEST);
    if (buffering) reportBuffering(true);
  }

  function onPlaying(): void {
    if (!requested) onPlayRequest();
    playing = true;
    paused = false;
    if (!started) {
      started = true;
      resumePending = false;
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
    } else if (atEnd) {
      atEnd = false;
      marks = 0;
      emit(E.REPLAY);
    } else if (resumePending) {
      resumePending = false;
      emit(E.RESUME, putBuffer);
    }
    runCadence();
    aimMarks();
  }

  function onPause(): void {
    // The pause that comes with `ended` is not the viewer's.
    if (!requested || paused || atEnd || (media && media.ended)) return;
    playing = false;
    paused = resumePending = true;
    stopCadence();
    aimMarks();
    awaitStartTime(); // the seed: reset when paused
    emit(E.PAUSE);
  }

  function onEnded(): void {
    playing = false;
    stopCadence();
    checkMarks(true);
    atEnd = true;
    bufferMs = 0;
    aimMarks();
  }

  var onMediaEvent = safe(function (event: { type: string }) {
    fold();
    switch (event.type) {
      case 'play':
        return atEnd ? undefined : onPlayRequest();
      case 'playing':
        return onPlaying();
      case 'pause':
        return onPause();
      case 'seeking':
        // Start positions (the app's, Shaka's live edge) come before the first frame; a replay rewinds itself.
        if (!started || atEnd) return;
        emit(E.SEEK, function (p) {
          put(p, 'targetPosition', round3(position()));
        });
        checkMarks(false);
        return aimMarks();
      case 'ratechange':
        var rate = playbackSpeed(player, media);
        if (rate === speed) return;
        speed = rate;
        if (requested) emit(E.SPEED);
        return aimMarks();
      case 'ended':
        return onEnded();
    }
  });

  function bindMedia(): void {
    var element = invoke(player, 'getMediaElement');
    if (element === media) return;
    listenAll(media, MEDIA_EVENTS, onMediaEvent, false);
    media = element;
    listenAll(media, MEDIA_EVENTS, onMediaEvent, true);
    speed = playbackSpeed(player, media);
  }

  // --- buffering, tracks, faults -----------------------------------------------------------------

  function reportBuffering(active: boolean): void {
    if (active && requested && !paused && !atEnd && !bufferReported) emit(E.BUFFER_START);
    else if (!active && bufferReported) emit(E.BUFFER_END);
    else return;
    bufferReported = active;
  }

  var onPlayerEvent = safe(function (event: { type: string; newStatus?: boolean }) {
    if (!loaded) return;
    fold();
    if (event.type === 'loaded') {
      // Shaka has the new manifest now: the delivery type, tracks, liveness and position are this media's.
      delivery = deliveryTypeOf(player);
      readTracks('');
      return sendImpression();
    }
    if (event.type === 'abrstatuschanged') {
      // Back to automatic selection after a manual one: a source selection of no particular bitrate.
      // (Shaka also reports ABR as enabled on its own at load.)
      if (event.newStatus && abrOff)
        emit(E.SOURCE_SELECTED, function (p) {
          put(p, 'actualBitrate', 0);
        });
      abrOff = !event.newStatus;
      return;
    }
    readTracks(event.type);
  });

  /**
   * The displayed video bitrate, audio language and caption; a change from a known value is an
   * event (the first values of a media are not).
   */
  function readTracks(cause: string): void {
    var variant = activeVariant(player);
    var previousKbps = kbps;
    kbps = variant.kbps;
    if (previousKbps !== null && kbps !== null && kbps !== previousKbps) {
      // variantchanged follows the app's own selection; adaptation is ABR's.
      var manual = cause === 'variantchanged';
      if (manual || cause === 'adaptation')
        emit(manual ? E.SOURCE_SELECTED : E.FLAVOR_SWITCH, function (p) {
          put(p, 'actualBitrate', round3(kbps!));
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
    if (previousCaption !== null && caption !== null && caption !== previousCaption && requested) emit(E.CAPTIONS);
  }

  function onFault(fault: PlayerFault): void {
    var critical = fault.fromLoad || fault.severity === null || fault.severity >= 2;
    if (!critical) return;
    emit(E.ERROR, function (p) {
      put(p, 'errorCode', fault.code === null ? KAVA_NO_PLAYER_CODE : fault.code);
      put(p, 'errorDetails', JSON.stringify(fault)); // code, category, severity, name, detail, fromLoad
      put(p, 'errorPosition', !requested ? ERROR_PRE_PLAY_REQUEST : !started ? ERROR_PRE_PLAYING : ERROR_MID_STREAM);
    });
  }

  // --- media lifecycle ---------------------------------------------------------------------------

  /**
   * A new media: everything restarts. Its IMPRESSION waits for Shaka's `loaded` (at `loading` the
   * player still holds the previous content), or goes just before any other event of this media.
   */
  function newMedia(alreadyLoaded: boolean): void {
    stopCadence();
    if (loaded) sessionId = nextSessionId();
    loaded = impressionDue = true;
    entryId = null;
    requested = started = paused = resumePending = atEnd = playing = bufferReported = false;
    marks = 0;
    kbps = language = caption = null;
    if (alreadyLoaded) readTracks('');
    foldedAt = clock.monotonic();
    resetSession();
    aimMarks();
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

  listenAll(player, PLAYER_EVENTS, onPlayerEvent, true);
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
    buffering: function (active: boolean) {
      if (active === buffering) return;
      fold();
      buffering = active;
      if (loaded) reportBuffering(active);
      aimMarks();
    },
    loading: function () {
      bindMedia();
      newMedia(false);
    },
    unloading: function () {
      fold();
      playing = false;
      stopCadence();
      aimMarks();
    },
    ended: function () {
      if (closed) return;
      stopCadence();
      clock.clearTimeout(markTimer);
      closed = true;
      downloads.stop();
      listenAll(player, PLAYER_EVENTS, onPlayerEvent, false);
      listenAll(media, MEDIA_EVENTS, onMediaEvent, false);
      ctx.done(tracker);
    },
  };

  // Tracked after load(): the media is known now, and may already be playing.
  var element = media as MediaLike | null; // (bound above, in bindMedia)
  if (invoke(player, 'getAssetUri')) {
    newMedia(true);
    if (element && element.paused === false) {
      onPlayRequest();
      if (element.readyState! > 2) onPlaying();
    }
  }
  return tracker;
}

function listenAll(target: any, types: string[], listener: (event: any) => void, add: boolean): void {
  if (!target || !target.addEventListener) return;
  for (var i = 0; i < types.length; i++) {
    if (add) target.addEventListener(types[i], listener);
    else target.removeEventListener(types[i], listener);
  }
}
