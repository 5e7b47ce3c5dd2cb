import { attempt, guard } from '../core/guard';
import { Logger } from '../core/types';
import { intercept } from '../core/intercept';
import { finiteOrNull, nonNegativeOrNull } from '../core/values';
import { toFault } from './errors';
import { PlayerFault, PlayerReading, ResponseFilter, ShakaModuleLike, ShakaNetworkingEngine, ShakaPlayerLike } from './types';

/** What the player tells the playback, as it happens. Readings are taken only when a record is. */
export interface PlayerHooks {
  fault(fault: PlayerFault): void;
  buffering(active: boolean): void;
  /** The app called load(): new content may follow. */
  loading(): void;
  /** That load() resolved or rejected. */
  loadSettled(): void;
  unloading(): void;
  destroyed(): void;
  /** Shaka absorbed a media error by recovering the MediaSource (4.11+). */
  recovered(): void;
}

export interface PlayerAdapter {
  read(): PlayerReading;
  /** e.g. "shaka-player/v4.16.50" */
  version(): string;
  /** Removes every listener, filter and wrapper the adapter added. */
  detach(): void;
}

var REQUEST_MANIFEST = 0;
var REQUEST_SEGMENT = 1;
var MAX_BITRATES = 32;
/** Longer manifest URIs (a data: URI manifest) are cut: a record must fit its queue. */
var MAX_URI = 2048;

export function attachShaka(
  player: ShakaPlayerLike,
  shaka: ShakaModuleLike | null,
  hooks: PlayerHooks,
  logger: Logger
): PlayerAdapter {
  var detached = false;
  var bytes = 0;
  var segmentBytes = 0;
  var segmentMs = 0;
  /** What detach() undoes: listeners, the response filter, the load/destroy wrappers. */
  var undos: Array<() => void> = [];

  var onResponse: ResponseFilter = guard(logger, 'response filter', function (type: number, response) {
    var size = counter(response && response.data ? response.data.byteLength : undefined); // whole, finite, >= 0
    if (detached || size === null || (type !== REQUEST_MANIFEST && type !== REQUEST_SEGMENT)) return;
    bytes += size;
    // Cached or near-instant responses say nothing about the network's throughput.
    var ms = response.timeMs;
    if (type === REQUEST_SEGMENT && !response.fromCache && typeof ms === 'number' && ms >= 1 && isFinite(ms)) {
      segmentBytes += size;
      segmentMs += ms;
    }
  });
  var networking: ShakaNetworkingEngine | null = ask(player, 'getNetworkingEngine');
  if (networking) {
    networking.registerResponseFilter(onResponse);
    undos.push(function () {
      networking!.unregisterResponseFilter(onResponse);
    });
  } else logger.warn('tv-telemetry: player has no networking engine: no bytes or throughput');

  function hook(name: string, fn: (event: any) => void): (event: any) => void {
    return guard(logger, 'player ' + name, function (event: any) {
      if (!detached) fn(event);
    });
  }
  var handlers: { [type: string]: (event: any) => void } = {
    error: function (event) {
      hooks.fault(toFault(event && event.detail, false, shaka));
    },
    buffering: function (event) {
      hooks.buffering(!!(event && event.buffering));
    },
    unloading: function () {
      hooks.unloading();
    },
    mediasourcerecovered: function () {
      hooks.recovered();
    },
  };
  for (var type in handlers) listen(type, hook(type, handlers[type]));
  function listen(type: string, listener: (event: any) => void): void {
    player.addEventListener(type, listener);
    undos.push(function () {
      player.removeEventListener(type, listener);
    });
  }

  // A failed load() rejects its promise and fires no `error` event, so load is wrapped; the app
  // still gets the very same promise. destroy() fires no event at all.
  wrap('load', hooks.loading, function (result) {
    if (result && typeof result.then === 'function') {
      result.then(
        hook('load', hooks.loadSettled),
        hook('load rejection', function (error) {
          hooks.loadSettled();
          hooks.fault(toFault(error, true, shaka));
        })
      );
    }
  });
  wrap('destroy', hooks.destroyed);

  /** Makes player[name] tell `before` first (and `after` the result); detach() restores it. */
  function wrap(name: 'load' | 'destroy', before: () => void, after?: (result: any) => void): void {
    if (typeof player[name] !== 'function') return;
    undos.push(
      intercept(
        player,
        name,
        function () {
          if (!detached) guard(logger, name, before)();
        },
        after
      )
    );
  }

  return {
    read: function () {
      var counted = networking ? bytes : null;
      try {
        return readPlayer(player, counted, segmentBytes, segmentMs);
      } catch (e) {
        // A property getter that throws (odd player objects): an empty reading, never a lost record.
        return readPlayer(null, counted, segmentBytes, segmentMs);
      }
    },
    version: function () {
      var ctor = (player as any).constructor;
      var v = (ctor && ctor.version) || (shaka && shaka.Player && shaka.Player.version) || 'unknown';
      return 'shaka-player/' + v;
    },
    detach: function () {
      if (detached) return;
      detached = true;
      for (var i = 0; i < undos.length; i++) attempt(undos[i], undefined);
    },
  };
}

function readPlayer(player: ShakaPlayerLike | null, bytes: number | null, segmentBytes: number, segmentMs: number): PlayerReading {
  var stats = ask(player, 'getStats') || {};
  var tracks: any[] = ask(player, 'getVariantTracks');
  if (!(tracks instanceof Array)) tracks = []; // an array-like's length may be anything
  var media = ask(player, 'getMediaElement');
  var position = media ? finiteOrNull(media.currentTime) : null;

  var bandwidths: number[] = [];
  var activeBandwidth: number | null = null;
  for (var i = 0; i < tracks.length; i++) {
    var bw = positive(tracks[i] && tracks[i].bandwidth);
    if (bw === null) continue;
    if (tracks[i].active) activeBandwidth = bw;
    if (bandwidths.indexOf(bw) < 0 && bandwidths.length < MAX_BITRATES) bandwidths.push(bw);
  }
  bandwidths.sort(function (a, b) {
    return a - b;
  });
  var history = stats.switchHistory instanceof Array ? stats.switchHistory : [];
  var lastChoice = history.length ? history[history.length - 1] : null;

  return {
    positionSeconds: position,
    playheadDateMs: finiteOrNull(ask(ask(player, 'getPlayheadTimeAsDate'), 'getTime')),
    streamBandwidth: positive(stats.streamBandwidth) || activeBandwidth,
    selectedBandwidth: (lastChoice && positive(lastChoice.bandwidth)) || activeBandwidth,
    availableBandwidths: bandwidths,
    bufferedAheadSeconds: bufferedAhead(ask(player, 'getBufferedInfo'), position),
    decodedFrames: counter(stats.decodedFrames),
    droppedFrames: counter(stats.droppedFrames),
    playTimeSeconds: finiteOrNull(stats.playTime),
    uri: text(ask(player, 'getAssetUri')),
    bytes: bytes,
    segmentBytes: segmentBytes,
    segmentMs: segmentMs,
  };
}

/** Seconds buffered ahead of the playhead in the range that holds it; 0 when it is in none. */
function bufferedAhead(info: any, position: number | null): number | null {
  var ranges = info && info.total instanceof Array ? info.total : null;
  if (!ranges || position === null) return null;
  for (var i = 0; i < ranges.length; i++) {
    var start = finiteOrNull(ranges[i] && ranges[i].start);
    var end = finiteOrNull(ranges[i] && ranges[i].end);
    if (start !== null && end !== null && position >= start - 0.1 && position <= end) return end - position;
  }
  return 0;
}

/** A counter (frames, bytes): a whole number, or null when the engine gives NaN, a negative or no number. */
function counter(value: unknown): number | null {
  var n = nonNegativeOrNull(value);
  return n === null ? null : Math.floor(n);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value.substring(0, MAX_URI) : null;
}

function positive(value: unknown): number | null {
  var n = finiteOrNull(value);
  return n !== null && n > 0 ? n : null;
}

/**
 * Calls target[method]() when the target has it; null when it has not or the call throws. A reading
 * must never fail as a whole, and older players lack some getters.
 */
function ask(target: any, method: string): any {
  return attempt(function () {
    return target[method] ? target[method]() : null;
  }, null);
}
