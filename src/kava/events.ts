/** Kaltura's numeric event IDs (the `eventType` parameter), inlined where the sink uses them. */
export const enum Kava {
  IMPRESSION = 1,
  PLAY_REQUEST = 2,
  PLAY = 3,
  RESUME = 4,
  PLAY_REACHED_25 = 11,
  PLAY_REACHED_50 = 12,
  PLAY_REACHED_75 = 13,
  PLAY_REACHED_100 = 14,
  PAUSE = 33,
  REPLAY = 34,
  SEEK = 35,
  CAPTIONS = 38,
  SOURCE_SELECTED = 39,
  SPEED = 41,
  AUDIO_SELECTED = 42,
  FLAVOR_SWITCH = 43,
  BUFFER_START = 45,
  BUFFER_END = 46,
  ERROR = 98,
  VIEW = 99,
}

/** The event types for apps (`TvTelemetryKava.KavaEventType`). */
export var KavaEventType = {
  IMPRESSION: Kava.IMPRESSION,
  PLAY_REQUEST: Kava.PLAY_REQUEST,
  PLAY: Kava.PLAY,
  RESUME: Kava.RESUME,
  PLAY_REACHED_25: Kava.PLAY_REACHED_25,
  PLAY_REACHED_50: Kava.PLAY_REACHED_50,
  PLAY_REACHED_75: Kava.PLAY_REACHED_75,
  PLAY_REACHED_100: Kava.PLAY_REACHED_100,
  PAUSE: Kava.PAUSE,
  REPLAY: Kava.REPLAY,
  SEEK: Kava.SEEK,
  CAPTIONS: Kava.CAPTIONS,
  SOURCE_SELECTED: Kava.SOURCE_SELECTED,
  SPEED: Kava.SPEED,
  AUDIO_SELECTED: Kava.AUDIO_SELECTED,
  FLAVOR_SWITCH: Kava.FLAVOR_SWITCH,
  BUFFER_START: Kava.BUFFER_START,
  BUFFER_END: Kava.BUFFER_END,
  ERROR: Kava.ERROR,
  VIEW: Kava.VIEW,
} as const;

/** A Kava event type's number (KavaEventType's values). */
export type KavaEventId = Kava;
