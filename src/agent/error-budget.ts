/**
 * At most `maxPerMinute` playerError records per minute per device: a sliding window over a fixed
 * array of the last send times, so an error storm costs O(1) memory. True when one may be sent now.
 */
export type ErrorBudget = (nowMs: number) => boolean;

export function createErrorBudget(maxPerMinute: number): ErrorBudget {
  var times: number[] = [];
  /** The slot of the oldest of the last maxPerMinute sends; empty until there were that many (a NaN age: allowed). */
  var next = 0;
  return function (nowMs) {
    if (maxPerMinute <= 0 || nowMs - times[next] < 60000) return false;
    times[next] = nowMs;
    next = (next + 1) % maxPerMinute;
    return true;
  };
}

/**
 * Remembers the last few error keys of a playback so an identical error is sent once a minute: true
 * for a key already seen within the window.
 */
export type RepeatFilter = (key: string, nowMs: number) => boolean;

var REMEMBERED = 8;

export function createRepeatFilter(windowMs: number): RepeatFilter {
  var keys: string[] = [];
  var times: number[] = [];
  /** The slot a new key takes: the next free one, then the oldest. */
  var next = 0;
  return function (key, nowMs) {
    var i = keys.indexOf(key);
    if (i >= 0 && nowMs - times[i] < windowMs) return true;
    if (i < 0) {
      i = next;
      next = (i + 1) % REMEMBERED;
    }
    keys[i] = key;
    times[i] = nowMs;
    return false;
  };
}
