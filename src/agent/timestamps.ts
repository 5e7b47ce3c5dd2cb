import { Clock } from '../core/types';

/** Server clock differences under this are Date-header resolution and transit, not skew. */
var SKEW_THRESHOLD_MS = 2000;

/** The records' timestamps, corrected by the collector's clock. */
export interface Timestamps {
  /** The time now, corrected, as an ISO 8601 string. */
  now(): string;
  /** After a delivery: the collector's Date header, in ms since the epoch. */
  learn(serverDateMs: number): void;
  /** Shown again: a suspend may have stopped the monotonic clock, so it is not trusted until the next Date header. */
  forget(): void;
}

export function createTimestamps(clock: Clock): Timestamps {
  var skewMs = 0;
  /**
   * Corrected time minus monotonic time, from the last Date header: timestamps then follow the
   * monotonic clock, which a wall-clock jump (an NTP fix after boot) does not move. Null before any
   * Date header, and once shown again.
   */
  var clockBase: number | null = null;
  return {
    now: function () {
      return new Date(clockBase === null ? clock.now() + skewMs : clock.monotonic() + clockBase).toISOString();
    },
    learn: function (serverDateMs) {
      var difference = serverDateMs - clock.now();
      skewMs = Math.abs(difference) > SKEW_THRESHOLD_MS ? difference : 0;
      clockBase = clock.now() + skewMs - clock.monotonic();
    },
    forget: function () {
      clockBase = null;
    },
  };
}
