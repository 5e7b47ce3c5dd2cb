/**
 * A Shaka-like player for unit tests: the structural surface the agent reads (ShakaPlayerLike), with
 * knobs for every value, a way to emit events, load() promises the test settles, and helpers that
 * play the network (responses through the registered filters) and the clock (frames, play time).
 */
import { ResponseFilter, ShakaNetworkingEngine, ShakaResponse } from '../../src/player/types';

type Listener = (event: any) => void;

export var REQUEST_MANIFEST = 0;
export var REQUEST_SEGMENT = 1;
export var REQUEST_LICENSE = 2;

export interface FakeTrack {
  id: number;
  bandwidth: number;
  active: boolean;
}

export interface FakeStats {
  decodedFrames: number;
  droppedFrames: number;
  playTime: number;
  streamBandwidth: number;
  switchHistory: Array<{ bandwidth: number; fromAdaptation?: boolean; timestamp?: number }>;
  [extra: string]: unknown;
}

export class FakeNetworkingEngine implements ShakaNetworkingEngine {
  filters: ResponseFilter[] = [];
  registerResponseFilter(filter: ResponseFilter): void {
    this.filters.push(filter);
  }
  unregisterResponseFilter(filter: ResponseFilter): void {
    var i = this.filters.indexOf(filter);
    if (i >= 0) this.filters.splice(i, 1);
  }
  /** Passes one response through every registered filter, as Shaka does. */
  respond(type: number, response: ShakaResponse): void {
    this.filters.slice().forEach(function (f) {
      f(type, response);
    });
  }
}

export interface PendingLoad {
  uri: string;
  resolve(): void;
  reject(error: unknown): void;
  promise: Promise<void>;
}

/** Methods a test can make throw (a broken or half-destroyed player). */
export type Getter =
  | 'getStats'
  | 'getVariantTracks'
  | 'getBufferedInfo'
  | 'getMediaElement'
  | 'getAssetUri'
  | 'getPlayheadTimeAsDate'
  | 'isLive'
  | 'getNetworkingEngine';

export class FakePlayer {
  static version = 'v4.16.50';

  stats: FakeStats = { decodedFrames: 0, droppedFrames: 0, playTime: 0, streamBandwidth: NaN, switchHistory: [] };
  tracks: FakeTrack[] = [];
  buffered: { total: Array<{ start: number; end: number }> } = { total: [] };
  media: { currentTime: number } | null = { currentTime: 0 };
  assetUri: string | null = null;
  playheadDate: Date | null = null;
  live = false;
  networking: FakeNetworkingEngine | null = new FakeNetworkingEngine();
  listeners: { [type: string]: Listener[] } = {};
  loads: PendingLoad[] = [];
  destroyCalls = 0;
  throwing: { [name: string]: boolean } = {};

  private check(name: Getter): void {
    if (this.throwing[name]) throw new Error('fake player: ' + name + ' failed');
  }

  getStats(): FakeStats {
    this.check('getStats');
    return this.stats;
  }
  getVariantTracks(): FakeTrack[] {
    this.check('getVariantTracks');
    return this.tracks;
  }
  getBufferedInfo(): { total: Array<{ start: number; end: number }> } {
    this.check('getBufferedInfo');
    return this.buffered;
  }
  getMediaElement(): { currentTime: number } | null {
    this.check('getMediaElement');
    return this.media;
  }
  getAssetUri(): string | null {
    this.check('getAssetUri');
    return this.assetUri;
  }
  getPlayheadTimeAsDate(): Date | null {
    this.check('getPlayheadTimeAsDate');
    return this.playheadDate;
  }
  isLive(): boolean {
    this.check('isLive');
    return this.live;
  }
  getNetworkingEngine(): FakeNetworkingEngine | null {
    this.check('getNetworkingEngine');
    return this.networking;
  }

  addEventListener(type: string, listener: Listener): void {
    (this.listeners[type] = this.listeners[type] || []).push(listener);
  }
  removeEventListener(type: string, listener: Listener): void {
    var list = this.listeners[type] || [];
    var i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }
  /** Dispatches an event to the listeners of its type, as Shaka's FakeEvent does. */
  emit(type: string, fields?: { [key: string]: unknown }): void {
    var event: { [key: string]: unknown } = { type: type };
    for (var key in fields || {}) event[key] = (fields as any)[key];
    (this.listeners[type] || []).slice().forEach(function (l) {
      l(event);
    });
  }
  /** How many listeners are registered (all types). */
  listenerCount(): number {
    var n = 0;
    for (var type in this.listeners) n += this.listeners[type].length;
    return n;
  }

  /** Starts loading `uri`: the asset URI is known at once; the promise waits for resolveLoad/rejectLoad. */
  load(uri: string): Promise<void> {
    this.assetUri = uri;
    var pending = {} as PendingLoad;
    pending.uri = uri;
    pending.promise = new Promise<void>(function (resolve, reject) {
      pending.resolve = resolve;
      pending.reject = reject;
    });
    this.loads.push(pending);
    return pending.promise;
  }
  resolveLoad(): void {
    this.lastLoad().resolve();
  }
  rejectLoad(error: unknown): void {
    this.lastLoad().reject(error);
  }
  private lastLoad(): PendingLoad {
    if (!this.loads.length) throw new Error('fake player: no load() to settle');
    return this.loads[this.loads.length - 1];
  }

  destroy(): Promise<void> {
    this.destroyCalls++;
    return Promise.resolve();
  }

  // --- scripting helpers -------------------------------------------------------------------

  /** Offers variants with these bandwidths; `activeIndex` is the one playing. */
  setVariants(bandwidths: number[], activeIndex: number): void {
    this.tracks = bandwidths.map(function (bw, i) {
      return { id: i, bandwidth: bw, active: i === activeIndex };
    });
  }
  /** One response through the networking engine's filters. */
  download(type: number, bytes: number, timeMs: number, fromCache?: boolean): void {
    this.networking!.respond(type, { data: { byteLength: bytes }, timeMs: timeMs, fromCache: !!fromCache });
  }
  /** Advances the media: position, playhead date, play time and frame counters (default 25 fps, none dropped). */
  play(seconds: number, fps?: number, droppedPerSecond?: number): void {
    var rate = fps === undefined ? 25 : fps;
    if (this.media) this.media.currentTime += seconds;
    if (this.playheadDate) this.playheadDate = new Date(this.playheadDate.getTime() + seconds * 1000);
    this.stats.playTime += seconds;
    this.stats.decodedFrames += Math.round(seconds * rate);
    this.stats.droppedFrames += Math.round(seconds * (droppedPerSecond || 0));
  }
  /** What Shaka does to its stats on load(): counters restart from zero. */
  resetCounters(): void {
    this.stats.decodedFrames = 0;
    this.stats.droppedFrames = 0;
    this.stats.playTime = 0;
    if (this.media) this.media.currentTime = 0;
  }
}

/** A Shaka module namespace with the error enums, for reverse lookup of names. */
export function fakeShakaModule(): {
  util: { Error: { Category: { [name: string]: number }; Code: { [name: string]: number }; Severity: { [name: string]: number } } };
  Player: { version: string };
} {
  return {
    util: {
      Error: {
        Severity: { RECOVERABLE: 1, CRITICAL: 2 },
        Category: { NETWORK: 1, TEXT: 2, MEDIA: 3, MANIFEST: 4, STREAMING: 5, DRM: 6, PLAYER: 7, CAST: 8, STORAGE: 9, ADS: 10 },
        Code: {
          BAD_HTTP_STATUS: 1001,
          HTTP_ERROR: 1002,
          TIMEOUT: 1003,
          VIDEO_ERROR: 3016,
          DASH_INVALID_XML: 4001,
          LICENSE_REQUEST_FAILED: 6007,
          LOAD_INTERRUPTED: 7000,
        },
      },
    },
    Player: { version: 'v4.16.50' },
  };
}

/** A shaka.util.Error-shaped object (Shaka's errors are not `instanceof Error`). */
export function shakaError(severity: number, category: number, code: number, data?: unknown[]): {
  severity: number;
  category: number;
  code: number;
  data: unknown[];
  message: string;
} {
  return { severity: severity, category: category, code: code, data: data || [], message: 'Shaka Error ' + code };
}

export var RECOVERABLE = 1;
export var CRITICAL = 2;
