/**
 * What one tracker knows, as data: the current media (reset by a new load), the Kava session's sums
 * (reset by a new media and by expiry) and the VIEW window (reset by each VIEW). The tracker
 * changes these records only through its rules; each part starts from the functions here.
 */
import type { PlayerReading } from '../player/types';
import type { Phase } from './phases';
import type { MediaLike } from './shaka-reads';

/** A stall of the player (the shared adapter's buffering), and whether Kava was told (BUFFER_START). */
export type Stall = 'none' | 'unreported' | 'reported';

/** Whether the current media's IMPRESSION still has to go (it stays due while it cannot be sent). */
export type Impression = 'due' | 'sent';

/** Who picks the variant: ABR, or the app by hand (then ABR is off). */
export type Selection = 'abr' | 'manual';

/** The current media, in Kava's terms. */
export interface MediaState {
  phase: Phase;
  stall: Stall;
  impression: Impression;
  /** Kava's sessionId: per page and per media */
  sessionId: string;
  /** 'hls', 'dash' or 'url' */
  delivery: string;
  /** the entry the events went out for, null before the first */
  entryId: string | null;
  /** when PLAY_REQUEST went out (monotonic ms), for the join time */
  requestedAt: number;
  /** the displayed video bitrate, audio language and caption; null until known */
  kbps: number | null;
  language: string | null;
  caption: string | null;
  speed: number;
  selection: Selection;
  /** the player's media element, for its state (position, duration, sound, viewability) */
  element: MediaLike | null;
}

/** sessionStartTime: the server's time in the answer to event number `from`, until that answer comes. */
export type StartTime = { known: false; from: number } | { known: true; time: number };

/** The Kava session's numbering and sums. */
export interface SessionSums {
  eventIndex: number;
  start: StartTime;
  playMs: number;
  bufferSumMs: number;
  /** kbps × ms and the ms they cover, for the average bitrate */
  kbpsMs: number;
  ratedMs: number;
  /** until when (monotonic ms) play and buffer time are counted */
  countedUntil: number;
}

/** The longest downloads of a VIEW window and the segment URLs for its connection overhead. */
export interface Downloads {
  /** longest segment / manifest download in ms, 0 when none */
  segmentMs: number;
  manifestMs: number;
  /** the newest segment URLs, at most MAX_SEGMENT_URLS */
  segmentUrls: string[];
}

/** The VIEW cadence's timer: playing time runs it; pausing keeps what the window had. */
export type Cadence = { running: false } | { running: true; since: number; timer: unknown };

/** One VIEW window: what its VIEW reports is measured from here. */
export interface ViewWindow {
  /** the adapter's counters when the window opened */
  base: PlayerReading;
  bufferMs: number;
  downloads: Downloads;
  cadence: Cadence;
  /** playing time of this window while the cadence did not run */
  elapsedMs: number;
  /** when the last VIEW went (or the window opened), on both clocks: a suspend shows on the wall clock */
  viewedMono: number;
  viewedWall: number;
}

/** The tracker as a whole: tracking until the playback ends. */
export interface TrackerState {
  life: 'tracking' | 'closed';
  /** a mandatory ID missing is logged once per tracker */
  missingIds: 'unreported' | 'reported';
  media: MediaState;
  session: SessionSums;
  window: ViewWindow;
}

/** Segment URLs kept per VIEW window for the resource-timing lookup (newest last). */
export var MAX_SEGMENT_URLS = 8;

export function initialMedia(sessionId: string, speed: number, element: MediaLike | null): MediaState {
  return {
    phase: 'unloaded',
    stall: 'none',
    impression: 'sent',
    sessionId: sessionId,
    delivery: 'url',
    entryId: null,
    requestedAt: 0,
    kbps: null,
    language: null,
    caption: null,
    speed: speed,
    selection: 'abr',
    element: element,
  };
}

/** A session whose start time comes with the answer to event number `nextEvent`. */
export function newSession(nextEvent: number, now: number): SessionSums {
  return { eventIndex: 1, start: { known: false, from: nextEvent }, playMs: 0, bufferSumMs: 0, kbpsMs: 0, ratedMs: 0, countedUntil: now };
}

export function noDownloads(): Downloads {
  return { segmentMs: 0, manifestMs: 0, segmentUrls: [] };
}

export function newWindow(base: PlayerReading, mono: number, wall: number): ViewWindow {
  return { base: base, bufferMs: 0, downloads: noDownloads(), cadence: { running: false }, elapsedMs: 0, viewedMono: mono, viewedWall: wall };
}
