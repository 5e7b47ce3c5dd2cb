import { attempt, guard } from '../core/guard';
import { Logger } from '../core/types';
import { intercept } from '../core/intercept';
import { finiteOrNull, positiveOrNull } from '../core/values';
import { ask } from './ask';
import { toFault } from './errors';
import {
  MediaElementLike,
  MediaEventName,
  PlayerFault,
  PlayerNews,
  PlayerReading,
  PlayerResponse,
  ResponseFilter,
  ShakaModuleLike,
  ShakaNetworkingEngine,
  ShakaPlayerLike,
  ShakaResponse,
  TimeRangesLike,
  TrackChange,
} from './types';

/** What the player tells the playback, as it happens. Readings are taken only when a record is. */
export interface PlayerHooks {
  fault(fault: PlayerFault): void;
  buffering(active: boolean): void;
  /** The app called load(): new content may follow. `uri`: what it asked for (null when not a string). */
  loading(uri: string | null): void;
  /** That load() resolved or rejected. */
  loadSettled(): void;
  unloading(): void;
  destroyed(): void;
  /** Shaka absorbed a media error by recovering the MediaSource (4.11+). */
  recovered(): void;
  /** Passes on what a sink may follow as it happens (media events, track changes, responses). */
  tell<E extends keyof PlayerNews>(event: E, payload: PlayerNews[E]): void;
}

export interface PlayerAdapter {
  /** `withDate`: also the playhead's wall-clock date (only event-relative content needs it). */
  read(withDate?: boolean): PlayerReading;
  /** e.g. "shaka-player/v4.16.50" */
  version(): string;
  /** Removes every listener, filter and wrapper the adapter added. */
  destroy(): void;
}

/** What the adapter reads of Shaka's events (their shape varies across versions: every member is checked). */
interface PlayerEvent {
  detail?: unknown;
  buffering?: unknown;
  newTrack?: { bandwidth?: unknown };
  /** abrstatuschanged: whether ABR is on now */
  newStatus?: unknown;
}

/** What load() returns: a promise on every Shaka version (an odd player may return anything). */
interface Thenable {
  then(onResolved: () => void, onRejected: (error?: unknown) => void): unknown;
}

function isThenable(value: unknown): value is Thenable {
  return !!value && typeof (value as { then?: unknown }).then === 'function';
}

/** What the adapter reads of a variant track. */
interface VariantLike {
  bandwidth?: unknown;
  active?: unknown;
}

var REQUEST_MANIFEST = 0;
var REQUEST_SEGMENT = 1;
var MAX_BITRATES = 32;
/** Variant tracks read at most (a manifest has tens; this bounds the work an odd one costs). */
var MAX_VARIANTS = 1024;
/** Media elements have a handful of buffered or played ranges; an odd engine's count is not trusted. */
var MAX_RANGES = 64;
/** Longer manifest URIs (a data: URI manifest) are cut: a record must fit its queue. */
var MAX_URI = 2048;
var MEDIA_EVENTS: MediaEventName[] = ['play', 'playing', 'pause', 'ended', 'seeking', 'ratechange'];
/** Track events besides those that also change the variant list (trackschanged, adaptation, variantchanged). */
var OTHER_TRACK_EVENTS: TrackChange[] = ['textchanged', 'texttrackvisibility', 'audiotrackchanged'];

export function attachShaka(player: ShakaPlayerLike, shaka: ShakaModuleLike | null, hooks: PlayerHooks, logger: Logger): PlayerAdapter {
  var destroyed = false;
  var bytes = 0;
  var segmentBytes = 0;
  var segmentMs = 0;
  /** Variant bandwidths: asked of the player again only after Shaka says they or the choice changed. */
  var bitrates: number[] | null = null;
  /** Bandwidth of the active variant in that list. */
  var active: number | null = null;
  /** Bandwidth of the last variant Shaka chose since the load; null until it says. */
  var chosen: number | null = null;
  /** The media element listened to (the player's, asked again at each load). */
  var media: MediaElementLike | null = null;
  /** What destroy() undoes: listeners, the response filter, the load/destroy wrappers. */
  var undos: Array<() => void> = [];

  // Runs for every response Shaka gets: a few comparisons and one small object for the sinks.
  var onResponse: ResponseFilter = function (type, response) {
    if (destroyed || (type !== REQUEST_MANIFEST && type !== REQUEST_SEGMENT)) return;
    var news: PlayerResponse;
    try {
      news = describeResponse(type === REQUEST_SEGMENT ? 'segment' : 'manifest', response);
    } catch (e) {
      return; // a response whose getters throw: nothing to count (and nothing ever thrown into Shaka)
    }
    if (news.bytes !== null) {
      bytes += news.bytes;
      // Cached or near-instant responses say nothing about the network's throughput.
      if (news.type === 'segment' && !news.fromCache && news.ms !== null && news.ms >= 1) {
        segmentBytes += news.bytes;
        segmentMs += news.ms;
      }
    }
    hooks.tell('response', news);
  };
  var networking: ShakaNetworkingEngine | null = ask(player, 'getNetworkingEngine');
  if (networking) {
    var engine = networking;
    engine.registerResponseFilter(onResponse);
    undos.push(function () {
      engine.unregisterResponseFilter(onResponse);
    });
  } else logger.warn('tv-telemetry: no networking engine: no bytes or throughput');

  function hook<Argument>(name: string, fn: (argument?: Argument) => void): (argument?: Argument) => void {
    return guard(logger, 'player ' + name, function (argument?: Argument) {
      if (!destroyed) fn(argument);
    });
  }
  var handlers: { [type: string]: (event?: PlayerEvent) => void } = {
    error: function (event) {
      hooks.fault(toFault(event && event.detail, false, shaka));
    },
    buffering: function (event) {
      hooks.buffering(!!(event && event.buffering));
    },
    unloading: function () {
      bitrates = chosen = null;
      hooks.unloading();
    },
    mediasourcerecovered: hooks.recovered,
    loaded: function () {
      hooks.tell('loaded', undefined);
    },
    trackschanged: variantsChanged('trackschanged'),
    adaptation: variantsChanged('adaptation'),
    variantchanged: variantsChanged('variantchanged'),
    abrstatuschanged: function (event) {
      bitrates = null;
      hooks.tell('abr', !!(event && event.newStatus));
    },
  };
  OTHER_TRACK_EVENTS.forEach(function (change) {
    handlers[change] = function () {
      hooks.tell('tracks', change);
    };
  });
  /**
   * The variant list or the active variant changed: the list is read again for the next reading. A
   * choice (adaptation: ABR's, variantchanged: the app's) names its new track (4.x and 5.x).
   */
  function variantsChanged(change: TrackChange): (event?: PlayerEvent) => void {
    return function (event) {
      bitrates = null;
      chosen =
        positiveOrNull(
          attempt(function () {
            return event && event.newTrack && event.newTrack.bandwidth;
          }, null)
        ) || chosen;
      hooks.tell('tracks', change);
    };
  }
  for (var type in handlers) listen(type, hook(type, handlers[type]));

  var mediaListeners = MEDIA_EVENTS.map(function (name) {
    return hook(name, function () {
      hooks.tell('media', name);
    });
  });
  /** Listens to the player's media element, or to its new one (an attach() between loads). */
  function bindMedia(): void {
    var element: MediaElementLike | null = ask(player, 'getMediaElement');
    if (element === media) return;
    listenToMedia(false);
    media = element;
    listenToMedia(true);
  }
  function listenToMedia(on: boolean): void {
    var element = media;
    if (!element || !element.addEventListener || !element.removeEventListener) return;
    for (var i = 0; i < MEDIA_EVENTS.length; i++) {
      if (on) element.addEventListener(MEDIA_EVENTS[i], mediaListeners[i]);
      else element.removeEventListener(MEDIA_EVENTS[i], mediaListeners[i]);
    }
  }
  bindMedia();
  undos.push(function () {
    listenToMedia(false);
  });
  function listen(type: string, listener: (event?: PlayerEvent) => void): void {
    player.addEventListener(type, listener);
    undos.push(function () {
      player.removeEventListener(type, listener);
    });
  }

  // A failed load() rejects its promise and fires no `error` event, so load is wrapped; the app
  // still gets the very same promise. destroy() fires no event at all.
  wrap(
    'load',
    function (asked?: unknown) {
      bindMedia();
      hooks.loading(text(asked));
    },
    function (result) {
      if (isThenable(result)) {
        result.then(
          hook('load', hooks.loadSettled),
          hook('load', function (error) {
            hooks.loadSettled();
            hooks.fault(toFault(error, true, shaka));
          })
        );
      } else hooks.loadSettled(); // not a promise (an odd player): nothing to wait for
    }
  );
  wrap('destroy', hooks.destroyed);

  /** Makes player[name] tell `before` first (and `after` the result); destroy() restores it. */
  function wrap(name: 'load' | 'destroy', before: (firstArgument?: unknown) => void, after?: (result: unknown) => void): void {
    if (typeof player[name] !== 'function') return;
    undos.push(intercept(player, name, hook(name, before), after));
  }

  /** Asks the player for its variants: their distinct bandwidths, ascending, and the active one's. */
  function readVariants(): void {
    var answer: unknown = ask(player, 'getVariantTracks');
    var tracks: VariantLike[] = answer instanceof Array ? answer : []; // an array-like's length may be anything
    var all: number[] = [];
    var found: number | null = null;
    for (var i = 0; i < tracks.length && i < MAX_VARIANTS; i++) {
      var bw = positiveOrNull(tracks[i] && tracks[i].bandwidth);
      if (bw === null) continue;
      if (tracks[i].active) found = bw;
      if (all.indexOf(bw) < 0) all.push(bw);
    }
    all.sort(function (a, b) {
      return a - b;
    });
    // Kept only when the whole list could be read (a getter may throw): asked again otherwise.
    bitrates = capBitrates(all, [found, chosen], MAX_BITRATES);
    active = found;
  }

  /**
   * One reading, from what is cheap to ask: the media element (position, buffer, frame counters,
   * played time) rather than Shaka's getStats(), which builds its whole stats object on each call.
   * Without `from`, an empty one (the counters only).
   */
  function reading(from: ShakaPlayerLike | null, withDate?: boolean): PlayerReading {
    var media: MediaElementLike | null = ask(from, 'getMediaElement');
    var position = finiteOrNull(media && media.currentTime);
    var stream = from && active;
    // Old WebKit engines (Tizen, webOS 3) have only the prefixed counters; some have none.
    var quality = ask(media, 'getVideoPlaybackQuality');

    return {
      positionSeconds: position,
      playheadDateMs: withDate ? finiteOrNull(ask(ask(from, 'getPlayheadTimeAsDate'), 'getTime')) : null,
      streamBandwidth: stream,
      selectedBandwidth: (from && chosen) || stream,
      availableBandwidths: (from && bitrates) || [],
      bufferedAheadSeconds: media && position !== null ? walkRanges(media.buffered, position) : null,
      decodedFrames: counter(quality ? quality.totalVideoFrames : media && media.webkitDecodedFrameCount),
      droppedFrames: counter(quality ? quality.droppedVideoFrames : media && media.webkitDroppedFrameCount),
      playTimeSeconds: walkRanges(media && media.played),
      uri: text(ask(from, 'getAssetUri')),
      bytes: networking ? bytes : null,
      segmentBytes: segmentBytes,
      segmentMs: segmentMs,
    };
  }

  return {
    read: function (withDate?: boolean) {
      try {
        // No active variant yet (a manifest still loading): asked again until there is one.
        if (!bitrates || active === null) readVariants();
        return reading(player, withDate);
      } catch (e) {
        // A property getter that throws (odd player objects): an empty reading, never a lost record.
        return reading(null);
      }
    },
    version: function () {
      var ctor = (player as { constructor?: { version?: string } }).constructor;
      var v = (ctor && ctor.version) || (shaka && shaka.Player && shaka.Player.version) || 'unknown';
      return 'shaka-player/' + v;
    },
    destroy: function () {
      if (destroyed) return;
      destroyed = true;
      for (var i = 0; i < undos.length; i++) attempt(undos[i]);
    },
  };
}

/**
 * Walks a TimeRanges: with a position, the seconds buffered ahead of it in the range that holds it
 * (0 when it is in none); without, the seconds all ranges span (media played since the load: what
 * tells frame counters stuck at zero from a paused player).
 */
function walkRanges(ranges: TimeRangesLike | null | undefined, position?: number): number | null {
  if (!ranges) return null;
  var total = 0;
  for (var i = 0; i < ranges.length && i < MAX_RANGES; i++) {
    var start = ranges.start(i);
    var end = ranges.end(i);
    if (position === undefined) total += end - start;
    else if (position >= start - 0.1 && position <= end) return finiteOrNull(end - position);
  }
  return finiteOrNull(total);
}

/** A counter (frames, bytes): a whole number, or null when the engine gives NaN, a negative or no number. */
function counter(value: unknown): number | null {
  return typeof value === 'number' && value >= 0 && value < Infinity ? Math.floor(value) : null;
}

/** What the sinks are told of a response; its members are read once, here. */
function describeResponse(type: PlayerResponse['type'], response: ShakaResponse): PlayerResponse {
  var ms = response.timeMs;
  return {
    type: type,
    bytes: counter(response.data && response.data.byteLength),
    ms: typeof ms === 'number' && ms >= 0 && ms < Infinity ? ms : null,
    fromCache: !!response.fromCache,
    uri: text(response.originalUri) || text(response.uri),
  };
}

/** A non-empty string, cut to MAX_URI characters, or null. */
function text(value: unknown): string | null {
  return (typeof value === 'string' && value.substring(0, MAX_URI)) || null;
}

/**
 * At most `max` of the distinct ascending `bitrates`: the lowest, the highest and those in `keep`
 * (the streamed and the selected one), the others picked evenly across the rest; ascending.
 */
export function capBitrates(bitrates: number[], keep: Array<number | null>, max: number): number[] {
  if (bitrates.length <= max) return bitrates;
  var kept: number[] = [bitrates[0], bitrates[bitrates.length - 1]];
  for (var k = 0; k < keep.length; k++) {
    var wanted = keep[k];
    if (wanted !== null && bitrates.indexOf(wanted) >= 0 && kept.indexOf(wanted) < 0) kept.push(wanted);
  }
  var rest: number[] = [];
  for (var i = 0; i < bitrates.length; i++) if (kept.indexOf(bitrates[i]) < 0) rest.push(bitrates[i]);
  var slots = max - kept.length;
  // the middle of each of `slots` equal shares of the rest
  for (var s = 0; s < slots; s++) kept.push(rest[Math.floor(((s + 0.5) * rest.length) / slots)]);
  return kept.sort(function (a, b) {
    return a - b;
  });
}
