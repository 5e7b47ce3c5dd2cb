import { SendOutcome } from '../core/types';

/** Longest response body kept (collectors answer small JSON; anything larger is not for us). */
export var MAX_RESPONSE_CHARS = 4096;

/**
 * Turns an HTTP status into an outcome: 2xx success; network error (0), 408, 429 and 5xx are worth
 * retrying; any other 4xx means the body is bad and resending cannot help.
 */
export function classify(
  status: number,
  body: string,
  retryAfter: string | null,
  serverDate: string | null,
  nowMs: number
): SendOutcome {
  if (status >= 200 && status < 300) {
    var dateMs = serverDate ? Date.parse(serverDate) : NaN;
    return {
      kind: 'success',
      status: status,
      serverDateMs: isFinite(dateMs) ? dateMs : null,
      body: body.length > MAX_RESPONSE_CHARS ? '' : body,
    };
  }
  if (status === 0 || status === 408 || status === 429 || status >= 500) {
    return { kind: 'retryable', status: status, retryAfterMs: parseRetryAfter(retryAfter, nowMs) };
  }
  return { kind: 'failure', status: status };
}

/** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. Capped at a day. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  var ms = /^\s*\d+\s*$/.test(value) ? parseInt(value, 10) * 1000 : Date.parse(value) - nowMs;
  if (!isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), 86400000);
}
