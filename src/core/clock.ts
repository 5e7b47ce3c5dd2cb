import { Clock } from './types';

/**
 * The host's clock and timers, looked up at call time (so fake timers installed later still apply).
 * `monotonic` uses performance.now where present; otherwise a Date-based value that never goes back.
 */
export function systemClock(): Clock {
  var lastMonotonic = 0;
  return {
    now: function () {
      return new Date().getTime();
    },
    monotonic: function () {
      var perf = typeof performance !== 'undefined' ? performance : null;
      var value = perf && perf.now ? perf.now() : new Date().getTime();
      if (value < lastMonotonic) value = lastMonotonic;
      lastMonotonic = value;
      return value;
    },
    setTimeout: function (fn, ms) {
      return setTimeout(fn, ms);
    },
    clearTimeout: function (handle) {
      clearTimeout(handle as number);
    },
  };
}
