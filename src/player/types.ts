/**
 * Structural view of the Shaka Player API the agent uses (4.16 and 5.x; 3.3 mostly), so the agent
 * never needs a global `shaka` and tests can pass any object of this shape.
 */
export interface ShakaResponse {
  data?: { byteLength?: number } | null;
  fromCache?: boolean;
  timeMs?: number;
  /** the URI after redirects, and the one asked for */
  uri?: string;
  originalUri?: string;
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
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
  buffered?: TimeRangesLike;
  played?: TimeRangesLike;
  getVideoPlaybackQuality?(): { totalVideoFrames: number; droppedVideoFrames: number };
  /** old WebKit engines' frame counters */
  webkitDecodedFrameCount?: number;
  webkitDroppedFrameCount?: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the shape an app's shaka.Player (any version's typings) must fit: narrower types would refuse it; the adapter checks everything it reads */
/**
 * What the agent reads of a player: a `shaka.Player` (4.16, 5.x) fits, and so does any object of
 * its shape. Only the first three members are required.
 */
export interface ShakaPlayerLike {
  /** The variants (bitrates) and which is active. */
  getVariantTracks(): any[];
  /** For Shaka's events (error, buffering, loading, adaptation…). */
  addEventListener(type: string, listener: (event: any) => void): void;
  /** Removes what addEventListener added, when the playback ends. */
  removeEventListener(type: string, listener: (event: any) => void): void;
  /** For a response filter: bytes and download times, to measure throughput. */
  getNetworkingEngine?(): ShakaNetworkingEngine | null;
  /** The video element: position, buffer, frames. */
  getMediaElement?(): MediaElementLike | null;
  /** The manifest URI (records carry it without its query unless privacy.keepUriQuery). */
  getAssetUri?(): string | null;
  /** Live: the wall-clock time of the playhead. */
  getPlayheadTimeAsDate?(): { getTime(): number } | null;
  /** Whether the content is live. */
  isLive?(): boolean;
  /** Wrapped while tracked, to see a rejected load (Shaka fires no error event for it); the app gets the same promise. */
  load?: (...args: any[]) => any;
  /** Wrapped while tracked: a destroyed player ends its playback. */
  destroy?: (...args: any[]) => any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

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
  /** `shaka.util.Error`'s enums: the names of error categories and codes. */
  util?: { Error?: { Category?: ShakaEnumLike; Code?: ShakaEnumLike } };
  /** `shaka.Player.version`, when the player object does not tell. */
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

/** The media element's events the adapter passes on as they happen (the element's own names). */
export type MediaEventName = 'play' | 'playing' | 'pause' | 'ended' | 'seeking' | 'ratechange';

/**
 * Shaka's events after which its tracks are read again, by Shaka's names: `adaptation` is ABR's
 * choice, `variantchanged` the app's own selection.
 */
export type TrackChange = 'trackschanged' | 'adaptation' | 'variantchanged' | 'textchanged' | 'texttrackvisibility' | 'audiotrackchanged';

/** One manifest or segment response, as Shaka's response filter saw it. */
export interface PlayerResponse {
  type: 'manifest' | 'segment';
  /** body size; null when Shaka gives no data */
  bytes: number | null;
  /** download time; null when Shaka does not say */
  ms: number | null;
  fromCache: boolean;
  /** the URI asked for (else the one answered), null when Shaka does not say */
  uri: string | null;
}

/** What the adapter passes on as it happens, for the sinks that follow the player closely (Kava). */
export interface PlayerNews {
  /** An event of the media element. */
  media: MediaEventName;
  /** Shaka has parsed the manifest of the content being loaded (its `loaded` event). */
  loaded: undefined;
  /** The variant or text tracks, or the active ones, changed. */
  tracks: TrackChange;
  /** ABR was turned on (true) or off (false). */
  abr: boolean;
  /** A manifest or segment response arrived. */
  response: PlayerResponse;
}
