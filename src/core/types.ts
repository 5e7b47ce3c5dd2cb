/**
 * Capabilities the agent is given rather than reaching for globals, so tests drive every path
 * with fake timers and scripted responses, and unusual hosts can supply their own.
 */

export type TimerHandle = unknown;

export interface Clock {
  /** Wall-clock epoch milliseconds (may be wrong on a TV at boot; corrected by server skew). */
  now(): number;
  /** Monotonic milliseconds for measuring intervals: a wall-clock jump must not move it. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Uniform random number in [0, 1). */
export type Random = () => number;

/** Where the agent's messages go (default: the console); each message is one line, never a token. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Key/value storage; implementations must never throw (a throwing backend degrades to memory). */
export interface Storage {
  get(key: string): string | null;
  /** `durable`: only where it survives a restart (false rather than a memory fallback). */
  set(key: string, value: string, durable?: boolean): boolean;
  remove(key: string): void;
}

/** Who is watching; each ID non-empty, at most 256 characters, and sent with every record. */
export interface Identity {
  /** The device: default the platform's vendor ID, else a stored UUID (persistence add-on), else none. */
  deviceId?: string;
  /** The subscriber account. */
  accountId?: string;
  /** The user (profile) within the account. */
  userId?: string;
  /** The app's login session; records carry the agent's appSessionId where it is absent. */
  sessionId?: string;
}

export type StringMap = { [key: string]: string };

export interface HttpRequest {
  method: 'POST' | 'GET';
  url: string;
  body: string | null;
  contentType: string;
  headers: StringMap;
  timeoutMs: number;
}

/** What a request came to. The I/O transport only classifies; policy lives in delivery. */
export type SendOutcome = (
  | { kind: 'success'; status: number; serverDateMs: number | null; body: string }
  | { kind: 'failure'; status: number }
  | { kind: 'retryable'; status: number; retryAfterMs: number | null }
) &
  CollectorThrottle;

/**
 * What any HTTP answer may ask of the channel it answered (X-Telemetry-Min-Flush and
 * X-Telemetry-Pause, in ms); null or absent when the answer did not say, or said garbage.
 */
export interface CollectorThrottle {
  minFlushMs?: number | null;
  pauseMs?: number | null;
}

export interface Transport {
  send(request: HttpRequest, done: (outcome: SendOutcome) => void): void;
  /** Fire-and-forget for page hide/unload; false when the platform has no beacon or refused it. */
  beacon(url: string, body: string): boolean;
}
