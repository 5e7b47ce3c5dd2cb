import { Clock, CollectorThrottle, Random } from '../core/types';
import { retryDelayMs, RetryPolicy } from './backoff';

/**
 * When a channel may send: the retry policy (backoff with jitter, Retry-After as a floor, the
 * hourly retry budget) and the collector's throttle (X-Telemetry-Min-Flush and X-Telemetry-Pause),
 * kept apart from the batching in channel.ts the way a retrying exporter is kept apart from the
 * batch processor that feeds it. All times are on the monotonic clock: a wall-clock jump must not
 * lift or extend a pause, nor refill the budget.
 */
export interface SendPolicy {
  /** Whether the collector asked for a pause that has not ended. */
  paused(): boolean;
  /** How long a send must still wait for the collector's minimum gap or pause (0 or less: it may go now). */
  waitMs(): number;
  /** A request goes now (the minimum gap counts from here). */
  sending(): void;
  /** An answer with an HTTP status asked this of the channel (a network error carries no headers: not called). */
  throttle(asked: CollectorThrottle): void;
  /** A retryable failure: counts the retry and gives the delay before it. */
  retryDelay(retryAfterMs: number | null): number;
  /** Retries since the last delivery. */
  retries(): number;
  /** A delivery: the backoff starts from its base again (the budget does not refill faster). */
  delivered(): void;
}

/** Retries that may go at once before the hourly budget applies. */
export var RETRY_BURST = 3;

export function createSendPolicy(retry: RetryPolicy, clock: Clock, random: Random): SendPolicy {
  var retries = 0;
  // The retry budget, a token bucket: RETRY_BURST retries at once, then retry.maxPerHour an hour, so
  // a dead collector costs a few requests an hour whatever the backoff settings.
  var msPerToken = 3600000 / retry.maxPerHour;
  var retryTokens = RETRY_BURST;
  var tokensAt = 0;
  // The collector's throttle: a minimum time between requests, and a pause.
  var minGapMs = 0;
  var sentAt = 0;
  var pausedUntil = 0;

  return {
    paused: function () {
      return pausedUntil > clock.monotonic();
    },
    waitMs: function () {
      return Math.max(sentAt + minGapMs, pausedUntil) - clock.monotonic();
    },
    sending: function () {
      sentAt = clock.monotonic();
    },
    throttle: function (asked) {
      // Lifted by an answer without it.
      minGapMs = asked.minFlushMs || 0;
      if (asked.pauseMs != null) pausedUntil = clock.monotonic() + asked.pauseMs;
    },
    retryDelay: function (retryAfterMs) {
      retries++;
      var now = clock.monotonic();
      retryTokens = Math.min(RETRY_BURST, retryTokens + (now - tokensAt) / msPerToken) - 1; // this retry takes one
      tokensAt = now;
      return Math.max(
        retryDelayMs(retries, retry, retryAfterMs, random),
        // Until the token is there, up to twice that: a fleet that failed together spreads out.
        // (negative while one is: retryDelayMs() is the larger)
        -retryTokens * msPerToken * (1 + random())
      );
    },
    retries: function () {
      return retries;
    },
    delivered: function () {
      retries = 0;
    },
  };
}
