/**
 * Capabilities the agent is given rather than reaching for globals, so tests drive every path
 * with fake timers and scripted responses, and unusual hosts can supply their own.
 */

export type TimerHandle = unknown;

/** Time and timers (default: Date, performance.now and the global timers). */
export interface Clock {
  /** Wall-clock epoch milliseconds (may be wrong on a TV at boot; corrected by server skew). */
  now(): number;
  /** Monotonic milliseconds for measuring intervals: a wall-clock jump must not move it. */
  monotonic(): number;
  /** Calls `fn` once after `ms` milliseconds; the handle cancels it. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer set by this clock's setTimeout (a fired or cleared one: nothing). */
  clearTimeout(handle: TimerHandle): void;
}

/** Uniform random number in [0, 1). */
export type Random = () => number;

/** Where the agent's messages go (default: the console); each message is one line, never a token. */
export interface Logger {
  /** Detail for development. */
  debug(message: string): void;
  /** A normal event worth knowing (a new app session, a missing add-on). */
  info(message: string): void;
  /** Something ignored or degraded (an invalid identity field, a misconfigured add-on). */
  warn(message: string): void;
  /** Something the app should fix (invalid content, a call after shutdown). */
  error(message: string): void;
}

/** Key/value storage; implementations must never throw (a throwing backend degrades to memory). */
export interface Storage {
  /** The stored value, or null when there is none. */
  get(key: string): string | null;
  /** `durable`: only where it survives a restart (false rather than a memory fallback). */
  set(key: string, value: string, durable?: boolean): boolean;
  /** Deletes the key (absent: nothing). */
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

/** A batch of records as a request: what a channel's encoder makes (Vault's JSON array, Kava's GET). */
export interface EncodedBatch {
  url: string;
  method: 'POST' | 'GET';
  body: string | null;
}

/** One request the agent asks its transport to send. */
export interface HttpRequest {
  /** POST for Vault; Kava may use GET. */
  method: 'POST' | 'GET';
  /** The full URL. */
  url: string;
  /** The body (JSON or form text), null for GET. */
  body: string | null;
  /** The Content-Type header. */
  contentType: string;
  /** Further headers (the profile's, Authorization). */
  headers: StringMap;
  /** Abandon the request after this long (a retryable outcome with status 0). */
  timeoutMs: number;
}

/** What a request came to. The I/O transport only classifies; policy lives in delivery. */
export type SendOutcome = (
  | {
      /** 2xx: delivered. */
      kind: 'success';
      /** The HTTP status. */
      status: number;
      /** The Date header as epoch ms (clock skew), or null. */
      serverDateMs: number | null;
      /** The response body (at most a few KB are read). */
      body: string;
    }
  | {
      /** Refused for good (a 4xx other than 408 and 429): the batch is dropped and counted. */
      kind: 'failure';
      /** The HTTP status. */
      status: number;
    }
  | {
      /** Worth retrying: network error (status 0), 408, 429, 5xx. */
      kind: 'retryable';
      /** The HTTP status, 0 for a network error or timeout. */
      status: number;
      /** The Retry-After header in ms, or null. */
      retryAfterMs: number | null;
    }
) &
  CollectorThrottle;

/**
 * What any HTTP answer may ask of the channel it answered (X-Telemetry-Min-Flush and
 * X-Telemetry-Pause, in ms); null or absent when the answer did not say, or said garbage.
 */
export interface CollectorThrottle {
  /** X-Telemetry-Min-Flush: send no more often than this. */
  minFlushMs?: number | null;
  /** X-Telemetry-Pause: send nothing (and take no new records) for this long. */
  pauseMs?: number | null;
}

/** How requests leave the device (default: XMLHttpRequest and sendBeacon). */
export interface Transport {
  /** Sends `request` and calls `done` once with what came of it; never throws. */
  send(request: HttpRequest, done: (outcome: SendOutcome) => void): void;
  /** Fire-and-forget for page hide/unload; false when the platform has no beacon or refused it. */
  beacon(url: string, body: string): boolean;
}
