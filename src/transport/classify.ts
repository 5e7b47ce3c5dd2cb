import { SendOutcome } from '../core/types';
import { finiteOrNull } from '../core/values';

/** Longest response body kept (collectors answer small JSON; anything larger is not for us). */
export var MAX_RESPONSE_CHARS = 4096;

var DAY_MS = 86400000;

/**
 * Turns an HTTP answer into an outcome: 2xx success; network error (0), 408, 429 and 5xx are worth
 * retrying; any other 4xx means the body is bad and resending cannot help. Any answer may carry
 * the collector's throttle. `header` reads a response header (null when absent).
 */
export function classify(status: number, body: string, header: (name: string) => string | null, nowMs: number): SendOutcome {
  var outcome: SendOutcome;
  if (status >= 200 && status < 300) {
    var date = header('Date');
    outcome = {
      kind: 'success',
      status: status,
      serverDateMs: date === null ? null : finiteOrNull(Date.parse(date)),
      body: body.length > MAX_RESPONSE_CHARS ? '' : body,
    };
  } else if (status === 0 || status === 408 || status === 429 || status >= 500) {
    outcome = { kind: 'retryable', status: status, retryAfterMs: parseRetryAfter(header('Retry-After'), nowMs) };
  } else outcome = { kind: 'failure', status: status };
  outcome.minFlushMs = parseSeconds(header('X-Telemetry-Min-Flush'));
  outcome.pauseMs = parseSeconds(header('X-Telemetry-Pause'));
  return outcome;
}

/** Whole seconds (spaces around allowed) as ms, capped at a day; null when absent or anything else. */
export function parseSeconds(value: string | null): number | null {
  // Number() ignores the spaces around the digits.
  return value !== null && /^\s*\d+\s*$/.test(value) ? Math.min(Number(value) * 1000, DAY_MS) : null;
}

/** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. Capped at a day. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  var ms = parseSeconds(value);
  if (ms !== null) return ms;
  ms = Date.parse(value) - nowMs; // '' and garbage parse as NaN
  return isFinite(ms) ? Math.min(Math.max(ms, 0), DAY_MS) : null;
}
