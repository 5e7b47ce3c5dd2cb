/**
 * One tracked playback in Kava's model: turns media-element, Shaka and adapter events into Kava
 * events and keeps the session rules (event index, sums, resets, VIEW cadence, sessionStartTime).
 * Durations are measured on the host's monotonic clock; timers come only from the host's clock.
 */
import type { PlaybackObserver, PlaybackView, PluginHost } from '../agent/plugin';
import type { PlayerFault, PlayerReading } from '../player/types';
import { KavaEventType as E } from './events';
import { watchDownloads } from './network';
import { connectionOverheadMs, connectionType, libraryLoadMs, soundMode, tabMode, viewabilityMode } from './page';
import { put, round3, seconds } from './query';
import {
  activeVariant,
  bufferingGoal,
  call,
  captionOf,
  deliveryTypeOf,
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
  /** "html5:v<version>" */
  clientVer: string;
  send(query: string): void;
  viewsEnabled(): boolean;
  /** A new Kava sessionId for a new media. */
  nextSessionId(): string;
  done(tracker: Tracker): void;
}

export interface Tracker extends PlaybackObserver {
  /** A server response's `time`: the session's start when it is waiting for one. */
  serverTime(time: number): void;
}

/** "A VIEW not sent for 30 s" expires the session (longer only when VIEWs are configured rarer). */
var EXPIRY_MS = 30000;
var MARKS = [0.25, 0.5, 0.75];
var MARK_EVENTS = [E.PLAY_REACHED_25, E.PLAY_REACHED_50, E.PLAY_REACHED_75];
var MEDIA_EVENTS = ['play', 'playing', 'pause', 'seeking', 'ratechange', 'ended'];
var PLAYER_EVENTS = ['loaded', 'adaptation', 'variantchanged', 'abrstatuschanged', 'trackschanged', 'textchanged', 'texttrackvisibility', 'audiotrackchanged'];
var ERROR_PRE_PLAY_REQUEST = 3;
var ERROR_PRE_PLAYING = 1;
var ERROR_MID_STREAM = 2;

export function trackPlayback(ctx: TrackerContext, view: PlaybackView): Tracker {
  var host = ctx.host;
  var clock = host.clock;
  var kava = host.profile.kava;
  var player = view.player as KavaPlayer;
  var intervalMs = kava.viewIntervalSeconds * 1000;
  var expiryMs = Math.max(EXPIRY_MS, 3 * intervalMs);
  var closed = false;
  var warned = false;
  var media: MediaLike | null = null;
  var downloads = watchDownloads(player);
  var loadArgs: any[] | null = null;

  // The current media (reset by a new load).
  var loaded = false;
  var impressionDue = false;
  var sessionId = ctx.nextSessionId();
  var loadUri: string | null = null;
  var loadMime: string | null = null;
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

  // The Kava session (reset by a new media and by expiry).
  var eventIndex = 1;
  var startTime: number | null = null;
  var awaitingStart = true;
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
  var windowBase: PlayerReading | null = null;

  function safe<F extends (arg?: any) => void>(fn: F): F {
    return function (arg?: unknown) {
      if (closed) return;
      try {
        fn(arg);
      } catch (e) {
        host.logger.error('tv-telemetry: kava: ' + ((e && (e as Error).message) || e));
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
    var t = media && typeof media.currentTime === 'number' && isFinite(media.currentTime) ? media.currentTime : 0;
    return isLive(player) ? liveOffset(player, t) || 0 : t;
  }

  /** Creates one event: common parameters, then the event's own; nothing without the mandatory IDs. */
  function emit(type: number, extra?: (params: string[]) => void): void {
    if (type !== E.IMPRESSION) sendImpression();
    fold();
    if (expired()) resetSession();
    var raw = view.content() ? view.content()!.raw : null;
    var entry = raw && typeof raw.entryId === 'string' ? raw.entryId : '';
    if (kava.partnerId === undefined || !entry) {
      if (!warned) host.logger.warn('tv-telemetry: kava: ' + (entry ? 'partnerId' : 'entryId') + ' missing, Kava events are not sent');
      warned = true;
      return;
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
    put(p, 'clientVer', ctx.clientVer);
    put(p, 'clientTag', ctx.clientVer);
    put(p, 'position', round3(pos));
    put(p, 'playbackSpeed', speed);
    put(p, 'caption', caption);
    put(p, 'customVar1', kava.customVar1);
    put(p, 'customVar2', kava.customVar2);
    put(p, 'customVar3', kava.customVar3);
    if (extra) extra(p);
    ctx.send(p.join("&"));
  }

  function putBuffer(p: string[]): void {
    put(p, 'bufferTime', seconds(bufferMs));
    put(p, 'bufferTimeSum', seconds(bufferSumMs));
    put(p, 'actualBitrate', kbps === null ? null : round3(kbps));
  }

  // --- session rules --------------------------------------------------------------------------

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

  function resetSession(): void {
    eventIndex = 1;
    playMs = bufferSumMs = kbpsMs = ratedMs = 0;
    startTime = null;
    awaitingStart = true;
    newWindow();
  }

  /** Starts a VIEW window: buffer time, download maxima and counter baselines from now. */
  function newWindow(): void {
    bufferMs = 0;
    downloads.take();
    windowBase = view.read();
    markView();
    windowMs = 0;
    if (runningSince >= 0) {
      stopCadence();
      windowMs = 0;
      runCadence();
    }
  }

  /**
   * The VIEW cadence starts with the first frame. The first window keeps the start-up downloads
   * (since the load); the start-up buffering already went out with PLAY.
   */
  function startViews(): void {
    var reading = view.read();
    if (windowBase) {
      reading.segmentBytes = windowBase.segmentBytes;
      reading.segmentMs = windowBase.segmentMs;
    }
    windowBase = reading;
    bufferMs = windowMs = 0;
    markView();
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
    windowMs = 0;
    runCadence();
  }

  function sendView(): void {
    var reading = view.read();
    var base = windowBase;
    var downloaded = downloads.take();
    if (ctx.viewsEnabled())
      emit(E.VIEW, function (p) {
        put(p, 'playTimeSum', seconds(playMs));
        put(p, 'bufferTime', seconds(Math.min(bufferMs, intervalMs)));
        put(p, 'bufferTimeSum', seconds(bufferSumMs));
        put(p, 'actualBitrate', kbps === null ? null : round3(kbps));
        put(p, 'averageBitrate', ratedMs > 0 ? round3(kbpsMs / ratedMs) : 0);
        put(p, 'language', language);
        put(p, 'soundMode', soundMode(media));
        put(p, 'tabMode', tabMode());
        put(p, 'viewabilityMode', viewabilityMode(media));
        putBufferHealth(p, reading);
        if (base && reading.segmentMs > base.segmentMs)
          put(p, 'bandwidth', round3(((reading.segmentBytes - base.segmentBytes) * 8) / (reading.segmentMs - base.segmentMs)));
        if (downloaded.segmentMs > 0) put(p, 'segmentDownloadTime', seconds(downloaded.segmentMs));
        if (downloaded.manifestMs > 0) put(p, 'manifestDownloadTime', seconds(downloaded.manifestMs));
        putDroppedFrames(p, base, reading);
        put(p, 'networkConnectionType', connectionType());
        var overhead = connectionOverheadMs(downloaded.segmentUrls);
        put(p, 'networkConnectionOverhead', overhead === null ? null : seconds(overhead));
      });
    bufferMs = 0;
    windowBase = reading;
    markView();
  }

  function putBufferHealth(p: string[], reading: PlayerReading): void {
    var goal = bufferingGoal(player);
    put(p, 'targetBuffer', goal);
    // Near the end of a VOD the buffer cannot reach the goal: target what is left.
    var left = media && !isLive(player) && media.duration! > 0 ? media.duration! - (reading.positionSeconds || 0) : Infinity;
    var target = goal === null ? 0 : Math.min(goal, left);
    if (target > 0 && reading.bufferedAheadSeconds !== null) put(p, 'forwardBufferHealth', round3(reading.bufferedAheadSeconds / target));
  }

  function putDroppedFrames(p: string[], base: PlayerReading | null, reading: PlayerReading): void {
    if (!base || base.decodedFrames === null || base.droppedFrames === null) return;
    var decoded = reading.decodedFrames! - base.decodedFrames;
    var dropped = reading.droppedFrames! - base.droppedFrames;
    if (decoded > 0 && dropped >= 0) put(p, 'droppedFramesRatio', round3(Math.min(1, dropped / decoded)));
  }

  // --- quartiles (VOD): one timer aimed at the next mark while playing ---------------------------

  function checkMarks(finished: boolean): void {
    if (isLive(player) || !media || !(media.duration! > 0)) return;
    var share = finished ? 1 : media.currentTime / media.duration!;
    for (var i = 0; i < MARKS.length; i++) {
      if (!(marks & (1 << i)) && share >= MARKS[i]) {
        marks |= 1 << i;
        emit(MARK_EVENTS[i]);
      }
    }
    if (finished && !(marks & 8)) {
      marks |= 8;
      emit(E.PLAY_REACHED_100);
    }
  }

  function aimMarks(): void {
    clock.clearTimeout(markTimer);
    markTimer = null;
    if (!playing || buffering || paused || atEnd || speed < 0 || !media || isLive(player) || !(media.duration! > 0)) return;
    for (var i = 0; i < MARKS.length; i++) {
      if (!(marks & (1 << i))) {
        var ms = ((MARKS[i] * media.duration! - media.currentTime) / speed) * 1000;
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
      startViews();
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
    startTime = null; // the seed: reset when paused, taken again from the next response
    awaitingStart = true;
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
        if (!requested || atEnd) return; // the start position and a replay's rewind are no seeks
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
    var element = call(function () {
      return player.getMediaElement ? player.getMediaElement() : null;
    });
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
      // Shaka has the new manifest now: the delivery type, liveness and position are this media's.
      delivery = deliveryTypeOf(player, loadUri, loadMime);
      return sendImpression();
    }
    if (event.type === 'abrstatuschanged') {
      // The viewer chose automatic selection: a source selection with no particular bitrate.
      if (event.newStatus)
        emit(E.SOURCE_SELECTED, function (p) {
          put(p, 'actualBitrate', 0);
        });
      return;
    }
    var variant = activeVariant(player);
    var previousKbps = kbps;
    kbps = variant.kbps;
    if (previousKbps !== null && kbps !== null && kbps !== previousKbps) {
      // variantchanged follows the app's own selection; adaptation is ABR's.
      var manual = event.type === 'variantchanged';
      if (manual || event.type === 'adaptation')
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
  });

  function onFault(fault: PlayerFault): void {
    var critical = fault.fromLoad || fault.severity === null || fault.severity >= 2;
    if (!critical) return;
    emit(E.ERROR, function (p) {
      put(p, 'errorCode', fault.code);
      put(p, 'errorDetails', JSON.stringify({ category: fault.category, severity: fault.severity, name: fault.name, detail: fault.detail }));
      put(p, 'errorPosition', !requested ? ERROR_PRE_PLAY_REQUEST : !started ? ERROR_PRE_PLAYING : ERROR_MID_STREAM);
    });
  }

  // --- media lifecycle ---------------------------------------------------------------------------

  /**
   * A new media: everything restarts. Its IMPRESSION waits for Shaka's `loaded` (at `loading` the
   * player still holds the previous content), or goes just before any other event of this media.
   */
  function newMedia(uri: string | null, mime: string | null, alreadyLoaded: boolean): void {
    stopCadence();
    if (loaded) sessionId = ctx.nextSessionId();
    loaded = impressionDue = true;
    loadUri = uri;
    loadMime = mime;
    delivery = deliveryTypeOf(alreadyLoaded ? player : null, uri, mime);
    entryId = null;
    requested = started = paused = resumePending = atEnd = playing = bufferReported = false;
    marks = 0;
    var variant = alreadyLoaded ? activeVariant(player) : { kbps: null, language: null };
    kbps = variant.kbps;
    language = variant.language;
    caption = alreadyLoaded ? captionOf(player) : null;
    foldedAt = clock.monotonic();
    resetSession();
    aimMarks();
    if (alreadyLoaded) sendImpression();
  }

  function sendImpression(): void {
    if (!impressionDue) return;
    impressionDue = false;
    emit(E.IMPRESSION, function (p) {
      var ms = libraryLoadMs();
      put(p, 'playerJSLoadTime', ms === null ? null : seconds(ms));
    });
  }

  // The app's load() arguments (URI or preload manager, start time, MIME type), seen by wrapping
  // load() around the shared adapter's wrapper: `loading` itself comes before Shaka knows the URI.
  var originalLoad = player.load;
  var wrappedLoad = function (this: unknown) {
    if (!closed) loadArgs = Array.prototype.slice.call(arguments, 0);
    return originalLoad!.apply(this, arguments as any);
  };
  if (typeof originalLoad === 'function') player.load = wrappedLoad;

  function loadUriOf(asset: any): string | null {
    if (typeof asset === 'string') return asset;
    return (
      (asset &&
        call(function () {
          return asset.getAssetUri();
        })) ||
      null
    );
  }

  listenAll(player, PLAYER_EVENTS, onPlayerEvent, true);
  bindMedia();

  var tracker: Tracker = {
    serverTime: function (time) {
      if (!awaitingStart) return;
      startTime = time;
      awaitingStart = false;
    },
    fault: safe(function (fault: PlayerFault) {
      onFault(fault);
    }),
    buffering: safe(function (active: boolean) {
      if (active === buffering) return;
      fold();
      buffering = active;
      if (loaded) reportBuffering(active);
      aimMarks();
    }),
    loading: safe(function () {
      var args = loadArgs || [];
      loadArgs = null;
      bindMedia();
      newMedia(loadUriOf(args[0]), typeof args[2] === 'string' ? args[2] : null, false);
    }),
    unloading: safe(function () {
      fold();
      playing = false;
      stopCadence();
      aimMarks();
    }),
    ended: function () {
      if (closed) return;
      stopCadence();
      clock.clearTimeout(markTimer);
      closed = true;
      downloads.stop();
      listenAll(player, PLAYER_EVENTS, onPlayerEvent, false);
      listenAll(media, MEDIA_EVENTS, onMediaEvent, false);
      if (player.load === wrappedLoad) player.load = originalLoad;
      ctx.done(tracker);
    },
  };

  // Tracked after load(): the media is known now, and may already be playing.
  var current = call(function () {
    return player.getAssetUri ? player.getAssetUri() : null;
  });
  var element = media as MediaLike | null; // (bound above, in bindMedia)
  if (current) {
    newMedia(current, null, true);
    if (element && element.paused === false) {
      onPlayRequest();
      if (element.readyState! > 2) onPlaying();
    }
  }
  return tracker;
}

function listenAll(target: any, types: string[], listener: (event: any) => void, add: boolean): void {
  if (!target || typeof target.addEventListener !== 'function') return;
  for (var i = 0; i < types.length; i++) {
    if (add) target.addEventListener(types[i], listener);
    else target.removeEventListener(types[i], listener);
  }
}
