/**
 * Kava's per-VIEW download maxima need each response's time, which the shared adapter only sums:
 * this registers a second response filter (Shaka runs every registered filter).
 */
import { invoke, KavaPlayer } from './shaka-reads';

var MANIFEST = 0;
var SEGMENT = 1;
/** Segment URLs kept per VIEW window for the resource-timing lookup (newest last). */
var MAX_URLS = 8;

export interface DownloadWindow {
  /** longest segment / manifest download in ms, 0 when none */
  segmentMs: number;
  manifestMs: number;
  segmentUrls: string[];
}

export interface DownloadWatch {
  /** What this VIEW window saw; starts the next window. */
  take(): DownloadWindow;
  stop(): void;
}

export function watchDownloads(player: KavaPlayer): DownloadWatch {
  var current: DownloadWindow = { segmentMs: 0, manifestMs: 0, segmentUrls: [] };
  var filter = function (type: number, response: any) {
    var ms = response && !response.fromCache ? response.timeMs : NaN;
    if (!(ms >= 0) || !isFinite(ms)) return;
    if (type === MANIFEST) current.manifestMs = Math.max(current.manifestMs, ms);
    if (type !== SEGMENT) return;
    current.segmentMs = Math.max(current.segmentMs, ms);
    var url = response.originalUri || response.uri;
    if (typeof url === 'string' && current.segmentUrls.push(url) > MAX_URLS) current.segmentUrls.shift();
  };
  var engine = invoke(player, 'getNetworkingEngine');
  if (engine) engine.registerResponseFilter(filter);
  return {
    take: function () {
      var taken = current;
      current = { segmentMs: 0, manifestMs: 0, segmentUrls: [] };
      return taken;
    },
    stop: function () {
      invoke(engine, 'unregisterResponseFilter', filter);
    },
  };
}
