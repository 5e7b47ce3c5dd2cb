import { Clock } from './types';

/**
 * The host's clock and timers, looked up at call time (so fake timers installed later still apply).
 * `monotonic` uses performance.now where present; otherwise the sum of the wall clock's forward steps.
 */
export function systemClock(): Clock {
  var lastWall = 0;
  var elapsed = 0;
  return {
    now: function () {
      return Date.now();
    },
    monotonic: function () {
      if (typeof performance == 'object' && performance && performance.now) return performance.now();
      // Without performance.now: the wall clock's forward steps only, so after it is set back the
      // value stands still for no longer than that one call and then moves on again.
      var wall = Date.now();
      if (lastWall && wall > lastWall) elapsed += wall - lastWall;
      lastWall = wall;
      return elapsed;
    },
    setTimeout: function (fn, ms) {
      return setTimeout(fn, ms);
    },
    clearTimeout: function (handle) {
      clearTimeout(handle as number);
    },
  };
}
