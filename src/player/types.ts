/**
 * Structural view of the Shaka Player API the agent uses (4.16 and 5.x; 3.3 mostly), so the agent
 * never needs a global `shaka` and tests can pass any object of this shape.
 */
export interface ShakaResponse {
  data?: { byteLength?: number } | null;
  fromCache?: boolean;
  timeMs?: number;
}
export type ResponseFilter = (type: number, response: ShakaResponse) => void;

export interface ShakaNetworkingEngine {
  registerResponseFilter(filter: ResponseFilter): void;
  unregisterResponseFilter(filter: ResponseFilter): void;
}

export interface TimeRangesLike {
  length: number;
  start(index: number): number;
  end(index: number): number;
}

/** The player's media element: readings come from it rather than from Shaka's costly getStats(). */
export interface MediaElementLike {
  currentTime: number;
  buffered?: TimeRangesLike;
  played?: TimeRangesLike;
  getVideoPlaybackQuality?(): { totalVideoFrames: number; droppedVideoFrames: number };
  /** old WebKit engines' frame counters */
  webkitDecodedFrameCount?: number;
  webkitDroppedFrameCount?: number;
}

export interface ShakaPlayerLike {
  getVariantTracks(): any[];
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
  getNetworkingEngine?(): ShakaNetworkingEngine | null;
  getMediaElement?(): MediaElementLike | null;
  getAssetUri?(): string | null;
  getPlayheadTimeAsDate?(): { getTime(): number } | null;
  isLive?(): boolean;
  load?: (...args: any[]) => any;
  destroy?: (...args: any[]) => any;
}

/**
 * One of Shaka's exported enums (`shaka.util.Error.Category`, `.Code`): names to numbers. Values
 * may also be strings because a TypeScript numeric enum, as Shaka's own types declare them, maps
 * numbers back to names too; only the numbers are read.
 */
export interface ShakaEnumLike {
  readonly [name: string]: number | string;
}

/**
 * The app's Shaka module (namespace), used only to name error categories and codes. Shaka's own
 * default export (`import shaka from 'shaka-player'`, 4.16 and 5.x) fits it as it is.
 */
export interface ShakaModuleLike {
  util?: { Error?: { Category?: ShakaEnumLike; Code?: ShakaEnumLike } };
  Player?: { version?: string };
}

/** Cumulative values read from the player at one instant; `null` where the player cannot say. */
export interface PlayerReading {
  positionSeconds: number | null;
  playheadDateMs: number | null;
  streamBandwidth: number | null;
  selectedBandwidth: number | null;
  /** distinct, ascending */
  availableBandwidths: number[];
  bufferedAheadSeconds: number | null;
  decodedFrames: number | null;
  droppedFrames: number | null;
  /** seconds of media played since the load */
  playTimeSeconds: number | null;
  uri: string | null;
  /** all responses (manifests and segments); null when the player has no networking engine */
  bytes: number | null;
  /** segments fetched from the network, for throughput */
  segmentBytes: number;
  segmentMs: number;
}

/** A player error, normalised from a shaka.util.Error (which is not `instanceof Error`) or anything else. */
export interface PlayerFault {
  code: number | null;
  category: number | null;
  /** 1 recoverable, 2 critical; null when unknown */
  severity: number | null;
  /** "NETWORK.BAD_HTTP_STATUS" or "1.1001" */
  name: string;
  detail: string;
  fromLoad: boolean;
}
