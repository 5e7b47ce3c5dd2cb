/**
 * At most `maxPerMinute` playerError records per minute per device: a sliding window over a fixed
 * array of the last send times, so an error storm costs O(1) memory.
 */
export interface ErrorBudget {
  allow(nowMs: number): boolean;
}

export function createErrorBudget(maxPerMinute: number): ErrorBudget {
  var times: number[] = [];
  var next = 0;
  return {
    allow: function (nowMs) {
      if (maxPerMinute <= 0) return false;
      if (times.length < maxPerMinute) {
        times.push(nowMs);
        return true;
      }
      if (nowMs - times[next] < 60000) return false;
      times[next] = nowMs;
      next = (next + 1) % maxPerMinute;
      return true;
    },
  };
}

/** Remembers the last few error keys of a playback so an identical error is sent once a minute. */
export interface RepeatFilter {
  isRepeat(key: string, nowMs: number): boolean;
}

var REMEMBERED = 8;

export function createRepeatFilter(windowMs: number): RepeatFilter {
  var keys: string[] = [];
  var times: number[] = [];
  var next = 0;
  return {
    isRepeat: function (key, nowMs) {
      var i = keys.indexOf(key);
      if (i >= 0 && nowMs - times[i] < windowMs) return true;
      if (i < 0) {
        i = keys.length < REMEMBERED ? keys.length : next;
        next = (i + 1) % REMEMBERED;
      }
      keys[i] = key;
      times[i] = nowMs;
      return false;
    },
  };
}
