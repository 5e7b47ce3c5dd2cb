/**
 * A Shaka-like player for unit tests: the structural surface the agent reads (ShakaPlayerLike), with
 * knobs for every value, a way to emit events, load() promises the test settles, and helpers that
 * play the network (responses through the registered filters), the clock (position, played ranges,
 * frames) and Shaka's variant choices (track events). Its media element is a FakeMedia.
 */
import { MediaElementLike, ResponseFilter, ShakaNetworkingEngine, ShakaResponse, TimeRangesLike } from '../../src/player/types';

type Listener = (event: any) => void;

export var REQUEST_MANIFEST = 0;
export var REQUEST_SEGMENT = 1;
export var REQUEST_LICENSE = 2;

export interface FakeTrack {
  id: number;
  bandwidth: number;
  active: boolean;
}

export interface Range {
  start: number;
  end: number;
}

/** A TimeRanges over these ranges, as media.buffered and media.played give. */
export function timeRanges(ranges: Range[]): TimeRangesLike {
  return {
    length: ranges.length,
    start: function (i: number) {
      return ranges[i].start;
    },
    end: function (i: number) {
      return ranges[i].end;
    },
  };
}

/**
 * The frame counters an engine has: getVideoPlaybackQuality() (current engines), only the prefixed
 * webkitDecodedFrameCount / webkitDroppedFrameCount (old WebKit: Tizen 2016, webOS 3), or none.
 */
export type FrameCounters = 'quality' | 'webkit' | 'none';

/** A video element: position, buffered and played ranges, and frame counters of one kind. */
export class FakeMedia implements MediaElementLike {
  currentTime = 0;
  decoded = 0;
  dropped = 0;
  bufferedRanges: Range[] = [];
  playedRanges: Range[] = [];
  getVideoPlaybackQuality?: () => { totalVideoFrames: number; droppedVideoFrames: number; corruptedVideoFrames: number };
  webkitDecodedFrameCount?: number;
  webkitDroppedFrameCount?: number;

  constructor(counters?: FrameCounters) {
    var self = this;
    if (!counters || counters === 'quality') {
      this.getVideoPlaybackQuality = function () {
        return { totalVideoFrames: self.decoded, droppedVideoFrames: self.dropped, corruptedVideoFrames: 0 };
      };
    } else if (counters === 'webkit') {
      Object.defineProperty(this, 'webkitDecodedFrameCount', { get: () => self.decoded });
      Object.defineProperty(this, 'webkitDroppedFrameCount', { get: () => self.dropped });
    }
  }

  get buffered(): TimeRangesLike {
    return timeRanges(this.bufferedRanges);
  }
  get played(): TimeRangesLike {
    return timeRanges(this.playedRanges);
  }

  /** Plays on from the current position: the played range grows, frames are decoded (and some dropped). */
  play(seconds: number, fps: number, droppedPerSecond: number): void {
    var last = this.playedRanges[this.playedRanges.length - 1];
    if (last && last.end === this.currentTime) last.end += seconds;
    else this.playedRanges.push({ start: this.currentTime, end: this.currentTime + seconds });
    this.currentTime += seconds;
    this.decoded += Math.round(seconds * fps);
    this.dropped += Math.round(seconds * droppedPerSecond);
  }
  /** The media element's load algorithm (Shaka's load() attaches a new MediaSource): everything restarts. */
  reset(): void {
    this.currentTime = this.decoded = this.dropped = 0;
    this.bufferedRanges = [];
    this.playedRanges = [];
  }
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
export type Getter = 'getVariantTracks' | 'getMediaElement' | 'getAssetUri' | 'getPlayheadTimeAsDate' | 'isLive' | 'getNetworkingEngine';

export class FakePlayer {
  static version = 'v4.16.50';

  tracks: FakeTrack[] = [];
  media: FakeMedia | null = new FakeMedia();
  assetUri: string | null = null;
  playheadDate: Date | null = null;
  live = false;
  networking: FakeNetworkingEngine | null = new FakeNetworkingEngine();
  listeners: { [type: string]: Listener[] } = {};
  loads: PendingLoad[] = [];
  destroyCalls = 0;
  throwing: { [name: string]: boolean } = {};
  /** How often each getter was called. */
  calls: { [name: string]: number } = {};

  private check(name: Getter): void {
    this.calls[name] = (this.calls[name] || 0) + 1;
    if (this.throwing[name]) throw new Error('fake player: ' + name + ' failed');
  }

  getVariantTracks(): FakeTrack[] {
    this.check('getVariantTracks');
    // Shaka builds a new list of new track objects on every call.
    return this.tracks.map(function (t) {
      return { id: t.id, bandwidth: t.bandwidth, active: t.active };
    });
  }
  getMediaElement(): FakeMedia | null {
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

  /** Offers variants with these bandwidths; `activeIndex` is the one playing. Tells 'trackschanged'. */
  setVariants(bandwidths: number[], activeIndex: number): void {
    this.tracks = bandwidths.map(function (bw, i) {
      return { id: i, bandwidth: bw, active: i === activeIndex };
    });
    this.emit('trackschanged');
  }
  /** Switches to variant `index` as Shaka does: by ABR ('adaptation') or for the app ('variantchanged'). */
  choose(index: number, byApp?: boolean): void {
    var old: FakeTrack | null = null;
    this.tracks.forEach(function (t) {
      if (t.active) old = { id: t.id, bandwidth: t.bandwidth, active: false };
      t.active = t.id === index;
    });
    var chosen = this.tracks[index];
    this.emit(byApp ? 'variantchanged' : 'adaptation', { oldTrack: old, newTrack: { id: chosen.id, bandwidth: chosen.bandwidth, active: true } });
  }
  /** One response through the networking engine's filters. */
  download(type: number, bytes: number, timeMs: number, fromCache?: boolean): void {
    this.networking!.respond(type, { data: { byteLength: bytes }, timeMs: timeMs, fromCache: !!fromCache });
  }
  /** Advances the media: position, played range, frame counters (default 25 fps, none dropped), playhead date. */
  play(seconds: number, fps?: number, droppedPerSecond?: number): void {
    if (this.media) this.media.play(seconds, fps === undefined ? 25 : fps, droppedPerSecond || 0);
    if (this.playheadDate) this.playheadDate = new Date(this.playheadDate.getTime() + seconds * 1000);
  }
  /** What load() does to the media element (a new MediaSource): position, ranges and frame counters restart. */
  resetCounters(): void {
    if (this.media) this.media.reset();
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
export function shakaError(
  severity: number,
  category: number,
  code: number,
  data?: unknown[]
): {
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
