/** Kava event types with Kaltura's numeric IDs (the `eventType` parameter). */
export var KavaEventType = {
  IMPRESSION: 1,
  PLAY_REQUEST: 2,
  PLAY: 3,
  RESUME: 4,
  PLAY_REACHED_25: 11,
  PLAY_REACHED_50: 12,
  PLAY_REACHED_75: 13,
  PLAY_REACHED_100: 14,
  PAUSE: 33,
  REPLAY: 34,
  SEEK: 35,
  CAPTIONS: 38,
  SOURCE_SELECTED: 39,
  SPEED: 41,
  AUDIO_SELECTED: 42,
  FLAVOR_SWITCH: 43,
  BUFFER_START: 45,
  BUFFER_END: 46,
  ERROR: 98,
  VIEW: 99,
} as const;

export type KavaEventId = (typeof KavaEventType)[keyof typeof KavaEventType];
