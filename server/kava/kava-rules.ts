// The Kava seed's rules as a collector can check them: every event on its own (mandatory and
// common parameters, formats, bounds, which event carries which parameter), and each event against
// its session (index sequence, justified resets, sums, sessionStartTime from our own answers).

export const KAVA_EVENT_TYPES: Record<number, string> = {
  1: 'IMPRESSION',
  2: 'PLAY_REQUEST',
  3: 'PLAY',
  4: 'RESUME',
  11: 'PLAY_REACHED_25',
  12: 'PLAY_REACHED_50',
  13: 'PLAY_REACHED_75',
  14: 'PLAY_REACHED_100',
  33: 'PAUSE',
  34: 'REPLAY',
  35: 'SEEK',
  38: 'CAPTIONS',
  39: 'SOURCE_SELECTED',
  41: 'SPEED',
  42: 'AUDIO_SELECTED',
  43: 'FLAVOR_SWITCH',
  45: 'BUFFER_START',
  46: 'BUFFER_END',
  98: 'ERROR',
  99: 'VIEW',
};

const VIEW = 99;
const IMPRESSION = 1;
const PAUSE = 33;

export type KavaParams = Record<string, string>;

export interface KavaRuleOptions {
  /** The client's VIEW interval: bufferTime in a VIEW is 0 to this. Default 10. */
  viewIntervalSeconds?: number;
  /** The client's kava.dvrThresholdSeconds. Default 120. */
  dvrThresholdSeconds?: number;
  /** "A VIEW not sent for 30 s" resets the session. Default 30. */
  expirySeconds?: number;
  /** Slack for network latency when comparing the client's clock-based values with arrival times. */
  toleranceSeconds?: number;
  /** Sessions remembered (oldest forgotten first). Default 1000. */
  maxSessions?: number;
}

export interface KavaVerdict {
  errors: string[];
  /** The same event (session, index, type) arrived before: a retry whose first answer was lost. */
  duplicate: boolean;
  /** The event restarted the index at 1 after a session had events (a new entry or an expiry). */
  reset: boolean;
}

/** What one session (sessionId) has shown so far; sums are since its last reset. */
interface SessionState {
  lastIndex: number;
  lastType: number;
  lastQuery: string;
  entryId: string;
  lastEventAt: number;
  lastViewAt: number | null;
  resetAt: number;
  bufferTimeSum: number;
  playTimeSum: number;
  lastViewBufferTimeSum: number | null;
  lastViewPlayTimeSum: number | null;
  /** `time` values we answered to this session since its last reset (a few suffice). */
  answeredTimes: number[];
}

const FLOAT = /^-?\d+(\.\d{1,3})?$/;
const INTEGER = /^-?\d+$/;
const MAX_ANSWERED = 50;

/** Parameters every event has (common parameters the seed does not mark optional). */
const COMMON = ['eventType', 'partnerId', 'entryId', 'sessionId', 'eventIndex', 'deliveryType', 'playbackType', 'clientVer', 'position', 'playbackSpeed'];
/** Parameters each event type must have. */
const REQUIRED: Record<number, string[]> = {
  3: ['joinTime', 'bufferTime', 'bufferTimeSum'],
  4: ['bufferTime', 'bufferTimeSum'],
  35: ['targetPosition'],
  38: ['caption'],
  39: ['actualBitrate'],
  42: ['language'],
  43: ['actualBitrate'],
  98: ['errorCode', 'errorDetails', 'errorPosition'],
  99: ['playTimeSum', 'bufferTime', 'bufferTimeSum', 'averageBitrate', 'soundMode', 'tabMode', 'viewabilityMode'],
};
/** Parameters only some event types may carry. */
const ONLY_ON: Record<string, number[]> = {
  joinTime: [3],
  targetPosition: [35],
  errorCode: [98],
  errorDetails: [98],
  errorPosition: [98],
  playTimeSum: [99],
  averageBitrate: [99],
  bufferTime: [3, 4, 99],
  playerJSLoadTime: [1],
  forwardBufferHealth: [99],
  targetBuffer: [99],
  droppedFramesRatio: [99],
  segmentDownloadTime: [99],
  manifestDownloadTime: [99],
  bandwidth: [99],
  networkConnectionOverhead: [99],
  soundMode: [99],
  tabMode: [99],
  viewabilityMode: [99],
};
const FLOATS = [
  'position',
  'targetPosition',
  'bufferTime',
  'bufferTimeSum',
  'playTimeSum',
  'joinTime',
  'segmentDownloadTime',
  'manifestDownloadTime',
  'networkConnectionOverhead',
  'targetBuffer',
  'forwardBufferHealth',
  'droppedFramesRatio',
  'playerJSLoadTime',
  'actualBitrate',
  'averageBitrate',
  'bandwidth',
  'playbackSpeed',
];
const INTEGERS = ['eventType', 'partnerId', 'eventIndex', 'uiConfId', 'errorCode', 'errorPosition', 'soundMode', 'tabMode', 'viewabilityMode'];
const NON_NEGATIVE = [
  'bufferTime',
  'bufferTimeSum',
  'playTimeSum',
  'joinTime',
  'segmentDownloadTime',
  'manifestDownloadTime',
  'networkConnectionOverhead',
  'targetBuffer',
  'forwardBufferHealth',
  'playerJSLoadTime',
  'actualBitrate',
  'averageBitrate',
  'bandwidth',
];
const ONE_OR_TWO = ['soundMode', 'tabMode', 'viewabilityMode'];

export function createKavaRules(options: KavaRuleOptions = {}) {
  const viewInterval = options.viewIntervalSeconds ?? 10;
  const dvrThreshold = options.dvrThresholdSeconds ?? 120;
  const expiry = Math.max(options.expirySeconds ?? 30, 3 * viewInterval);
  const tolerance = options.toleranceSeconds ?? 5;
  const maxSessions = options.maxSessions ?? 1000;
  const sessions = new Map<string, SessionState>();

  /** Checks one event arriving at `atMs`; updates its session. */
  function check(params: KavaParams, atMs: number): KavaVerdict {
    const errors = checkEvent(params);
    const verdict: KavaVerdict = { errors, duplicate: false, reset: false };
    const sessionId = params.sessionId;
    const index = Number(params.eventIndex);
    const type = Number(params.eventType);
    if (!sessionId || !(index >= 1)) return verdict;
    const query = canonical(params);
    const session = sessions.get(sessionId);
    if (!session) {
      if (index !== 1) errors.push(`eventIndex: a new session starts at 1, not ${index}`);
      if (type !== IMPRESSION) errors.push(`a new session starts with IMPRESSION, not ${KAVA_EVENT_TYPES[type] ?? type}`);
      if (params.sessionStartTime !== undefined) errors.push('sessionStartTime: the first event of a session has none');
      remember(sessionId, newSession(params, atMs, query));
      return verdict;
    }
    if (index === session.lastIndex && type === session.lastType && query === session.lastQuery) {
      verdict.duplicate = true;
      return verdict;
    }
    if (index === 1) {
      verdict.reset = true;
      const since = (atMs - (session.lastViewAt ?? session.lastEventAt)) / 1000;
      const newEntry = params.entryId !== session.entryId;
      if (!newEntry && since < expiry - tolerance) {
        errors.push(`eventIndex: reset to 1 after ${session.lastIndex} without a new entry, ${since.toFixed(1)} s after the last VIEW (needs ${expiry} s)`);
      }
      Object.assign(session, newSession(params, atMs, query), { answeredTimes: [] });
    } else if (index !== session.lastIndex + 1) {
      errors.push(`eventIndex: ${index} after ${session.lastIndex} (expected ${session.lastIndex + 1} or a reset to 1)`);
    }
    if (type === IMPRESSION && index !== 1) errors.push('IMPRESSION: starts a media, so eventIndex 1');
    checkSums(params, session, atMs, errors);
    checkStartTime(params, session, type, errors);
    session.lastIndex = index;
    session.lastType = type;
    session.lastQuery = query;
    session.entryId = params.entryId;
    session.lastEventAt = atMs;
    if (type === VIEW) session.lastViewAt = atMs;
    remember(sessionId, session);
    return verdict;
  }

  /**
   * What we answered to an event of this session: later events may carry `time` as sessionStartTime;
   * after viewEventsEnabled false the next VIEW's bufferTime no longer follows from the last one we saw.
   */
  function answered(params: KavaParams, time: number, viewEventsEnabled: boolean | null = null): void {
    const session = sessions.get(params.sessionId);
    if (!session) return;
    if (viewEventsEnabled === false) session.lastViewBufferTimeSum = null;
    session.answeredTimes.push(time);
    if (session.answeredTimes.length > MAX_ANSWERED) session.answeredTimes.shift();
  }

  function newSession(params: KavaParams, atMs: number, query: string): SessionState {
    return {
      lastIndex: Number(params.eventIndex),
      lastType: Number(params.eventType),
      lastQuery: query,
      entryId: params.entryId,
      lastEventAt: atMs,
      lastViewAt: Number(params.eventType) === VIEW ? atMs : null,
      resetAt: atMs,
      bufferTimeSum: 0,
      playTimeSum: 0,
      lastViewBufferTimeSum: null,
      lastViewPlayTimeSum: null,
      answeredTimes: [],
    };
  }

  function remember(sessionId: string, session: SessionState): void {
    sessions.delete(sessionId); // re-inserted last: the map's order is the eviction order
    sessions.set(sessionId, session);
    if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value as string);
  }

  /** Sums only grow within a session; a VIEW's bufferTime is what bufferTimeSum grew by since the last VIEW. */
  function checkSums(params: KavaParams, session: SessionState, atMs: number, errors: string[]): void {
    const bufferTimeSum = num(params.bufferTimeSum);
    const playTimeSum = num(params.playTimeSum);
    const bufferTime = num(params.bufferTime);
    const elapsed = (atMs - session.resetAt) / 1000 + tolerance;
    if (bufferTimeSum !== null) {
      if (bufferTimeSum < session.bufferTimeSum - 0.001) errors.push(`bufferTimeSum: went down from ${session.bufferTimeSum} to ${bufferTimeSum}`);
      session.bufferTimeSum = bufferTimeSum;
    }
    if (playTimeSum !== null) {
      if (playTimeSum < session.playTimeSum - 0.001) errors.push(`playTimeSum: went down from ${session.playTimeSum} to ${playTimeSum}`);
      if (playTimeSum > elapsed) errors.push(`playTimeSum: ${playTimeSum} s, but the session (since its reset) is ${elapsed.toFixed(1)} s old`);
      session.playTimeSum = playTimeSum;
    }
    if (Number(params.eventType) !== VIEW) return;
    if (bufferTime !== null && bufferTimeSum !== null && session.lastViewBufferTimeSum !== null && bufferTime < viewInterval) {
      const grown = bufferTimeSum - session.lastViewBufferTimeSum;
      if (Math.abs(grown - bufferTime) > 0.01) errors.push(`bufferTime: ${bufferTime}, but bufferTimeSum grew by ${grown.toFixed(3)} since the last VIEW`);
    }
    session.lastViewBufferTimeSum = bufferTimeSum;
    session.lastViewPlayTimeSum = playTimeSum;
  }

  function checkStartTime(params: KavaParams, session: SessionState, type: number, errors: string[]): void {
    if (params.sessionStartTime === undefined) return;
    if (type === PAUSE) errors.push('sessionStartTime: reset when paused, so PAUSE has none');
    const time = Number(params.sessionStartTime);
    if (!session.answeredTimes.some((t) => Math.abs(t - time) < 0.0005)) {
      errors.push(`sessionStartTime: ${params.sessionStartTime} is not a time this collector answered since the session (re)started`);
    }
  }

  /** The event on its own. */
  function checkEvent(params: KavaParams): string[] {
    const errors: string[] = [];
    const type = Number(params.eventType);
    for (const name of COMMON) if (params[name] === undefined || params[name] === '') errors.push(`${name}: missing`);
    if (params.eventType !== undefined && !KAVA_EVENT_TYPES[type]) errors.push(`eventType: unknown ${params.eventType}`);
    for (const name of REQUIRED[type] ?? []) if (params[name] === undefined) errors.push(`${name}: missing on ${KAVA_EVENT_TYPES[type]}`);
    for (const name of Object.keys(params)) {
      const allowed = ONLY_ON[name];
      if (allowed && !allowed.includes(type)) errors.push(`${name}: not a parameter of ${KAVA_EVENT_TYPES[type] ?? type}`);
    }
    for (const name of FLOATS)
      if (params[name] !== undefined && !FLOAT.test(params[name])) errors.push(`${name}: "${params[name]}" is not a float with at most 3 decimals`);
    for (const name of INTEGERS) if (params[name] !== undefined && !INTEGER.test(params[name])) errors.push(`${name}: "${params[name]}" is not an integer`);
    for (const name of NON_NEGATIVE) if (num(params[name]) !== null && num(params[name])! < 0) errors.push(`${name}: negative`);
    for (const name of ONE_OR_TWO) if (params[name] !== undefined && params[name] !== '1' && params[name] !== '2') errors.push(`${name}: must be 1 or 2`);
    if (params.eventIndex !== undefined && !(Number(params.eventIndex) >= 1)) errors.push('eventIndex: starts from 1');
    if (params.deliveryType !== undefined && !['hls', 'dash', 'url'].includes(params.deliveryType)) errors.push(`deliveryType: "${params.deliveryType}"`);
    if (params.clientVer !== undefined && !/^html5:v\S+$/.test(params.clientVer)) errors.push(`clientVer: "${params.clientVer}" is not html5:v<version>`);
    if (params.playbackSpeed !== undefined && !(Number(params.playbackSpeed) > 0)) errors.push('playbackSpeed: must be positive');
    if (params.errorPosition !== undefined && !['1', '2', '3'].includes(params.errorPosition)) errors.push('errorPosition: must be 1, 2 or 3');
    if (params.errorDetails !== undefined && !isJson(params.errorDetails)) errors.push('errorDetails: not JSON');
    if (params.droppedFramesRatio !== undefined && !(Number(params.droppedFramesRatio) <= 1)) errors.push('droppedFramesRatio: above 1');
    if (type === VIEW && num(params.bufferTime) !== null && num(params.bufferTime)! > viewInterval) {
      errors.push(`bufferTime: ${params.bufferTime} in a VIEW (0 to ${viewInterval})`);
    }
    if (params.referrer !== undefined && !validReferrer(params.referrer)) errors.push('referrer: neither an http(s) URL nor its base64');
    if (params.networkConnectionType !== undefined && !['slow-2g', '2g', '3g', '4g'].includes(params.networkConnectionType)) {
      errors.push(`networkConnectionType: "${params.networkConnectionType}"`);
    }
    checkPlaybackType(params, errors);
    return errors;
  }

  /** vod: position >= 0; live/dvr: position is the (non-positive) offset from the live edge, dvr beyond the threshold. */
  function checkPlaybackType(params: KavaParams, errors: string[]): void {
    const position = num(params.position);
    if (position === null || params.playbackType === undefined) return;
    if (params.playbackType === 'vod') {
      if (position < 0) errors.push('position: negative for vod');
    } else if (params.playbackType === 'live' || params.playbackType === 'dvr') {
      if (position > 0) errors.push(`position: ${position} for ${params.playbackType} (the live offset is 0 or negative)`);
      const beyond = -position > dvrThreshold;
      if (beyond !== (params.playbackType === 'dvr')) {
        errors.push(`playbackType: ${params.playbackType} at ${position} s from the live edge (dvr beyond ${dvrThreshold} s)`);
      }
    } else {
      errors.push(`playbackType: "${params.playbackType}"`);
    }
  }

  return {
    check,
    answered,
    reset: () => sessions.clear(),
  };
}

function num(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function validReferrer(value: string): boolean {
  if (/^https?:\/\//.test(value)) return true;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return /^https?:\/\//.test(Buffer.from(value, 'base64').toString('utf8'));
}

/** The event without the parameters a retry cannot change, to recognise the same event again. */
function canonical(params: KavaParams): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}
