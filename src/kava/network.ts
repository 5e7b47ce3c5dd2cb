/**
 * Kava's per-VIEW download maxima need each response's time, which the shared adapter only sums:
 * this registers a second response filter (Shaka runs every registered filter). The adapter's
 * readings are cumulative and reach plugins through PlaybackView.read(); a per-response hook would
 * have to pass through the agent's playback observer, which is being reworked elsewhere.
 */
import { ask } from '../player/ask';
import { ResponseFilter, ShakaNetworkingEngine, ShakaResponse } from '../player/types';
import { KavaPlayer } from './shaka-reads';

var MANIFEST = 0;
var SEGMENT = 1;
/** Segment URLs kept per VIEW window for the resource-timing lookup (newest last). */
var MAX_URLS = 8;

/** Shaka's response, with the URIs Kava's connection overhead looks up. */
interface KavaResponse extends ShakaResponse {
  uri?: string;
  originalUri?: string;
}

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
  var filter: ResponseFilter = function (type, shakaResponse) {
    var response = shakaResponse as KavaResponse | null;
    if (!response || response.fromCache) return;
    var ms = response.timeMs;
    if (typeof ms !== 'number' || !(ms >= 0) || !isFinite(ms)) return;
    if (type === MANIFEST) current.manifestMs = Math.max(current.manifestMs, ms);
    if (type !== SEGMENT) return;
    current.segmentMs = Math.max(current.segmentMs, ms);
    var url = response.originalUri || response.uri;
    if (typeof url !== 'string') return;
    current.segmentUrls.push(url);
    if (current.segmentUrls.length > MAX_URLS) current.segmentUrls.shift();
  };
  var engine: ShakaNetworkingEngine | null = ask(player, 'getNetworkingEngine');
  if (engine) engine.registerResponseFilter(filter);
  return {
    take: function () {
      var taken = current;
      current = { segmentMs: 0, manifestMs: 0, segmentUrls: [] };
      return taken;
    },
    stop: function () {
      ask(engine, 'unregisterResponseFilter', filter);
    },
  };
}
