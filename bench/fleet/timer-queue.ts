/**
 * A fake clock for a whole fleet in one process: every agent's timers live in one binary min-heap
 * ordered by due time, then by insertion (so timers due together run in the order they were set,
 * as browsers do). The heap keeps its keys in a Float64Array beside the entries, so sifting
 * compares numbers without touching the entry objects; clearTimeout marks an entry dead and the
 * heap drops it when it surfaces (lazy deletion). Both operations are O(log n).
 */
import { Clock } from '../../src/core/types';

interface Entry {
  fn: (() => void) | null; // null once cleared or run
}

/** Insertion order within one millisecond: 2^22 timers before the order wraps (ample per ms). */
var SEQ_SPAN = 4194304;

export class TimerQueue {
  private keys = new Float64Array(1024);
  private entries: Entry[] = [];
  private length = 0;
  private seq = 0;
  /** Simulated milliseconds since the start of the run. */
  now = 0;
  /** Timers run so far (a measure of the simulation's work). */
  fired = 0;

  constructor(readonly epochMs: number) {}

  /** Due times are whole milliseconds (rounded up), as the agent's own timers ask for. */
  setTimeout(fn: () => void, ms: number): Entry {
    var entry: Entry = { fn: fn };
    var at = this.now + Math.ceil(ms > 0 ? ms : 0);
    var key = at * SEQ_SPAN + (this.seq++ % SEQ_SPAN);
    if (this.length === this.keys.length) {
      var grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    var keys = this.keys;
    var entries = this.entries;
    var i = this.length++;
    while (i > 0) {
      var parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      entries[i] = entries[parent];
      i = parent;
    }
    keys[i] = key;
    entries[i] = entry;
    return entry;
  }

  clearTimeout(entry: Entry): void {
    if (entry) entry.fn = null;
  }

  /** Runs every timer due up to `untilMs` (in due order), then sets the clock to `untilMs`. */
  runUntil(untilMs: number): void {
    var limit = (untilMs + 1) * SEQ_SPAN;
    while (this.length > 0 && this.keys[0] < limit) {
      var at = Math.floor(this.keys[0] / SEQ_SPAN);
      var entry = this.pop();
      var fn = entry.fn;
      if (!fn) continue;
      entry.fn = null;
      this.now = at;
      this.fired++;
      fn();
    }
    this.now = untilMs;
  }

  /** Timers waiting (dead entries not yet dropped included). */
  size(): number {
    return this.length;
  }

  /** The Clock interface the agent's code takes; monotonic and wall clock both follow `now`. */
  clock(): Clock {
    var self = this;
    return {
      now: function () {
        return self.epochMs + self.now;
      },
      monotonic: function () {
        return self.now;
      },
      setTimeout: function (fn, ms) {
        return self.setTimeout(fn, ms);
      },
      clearTimeout: function (handle) {
        self.clearTimeout(handle as Entry);
      },
    };
  }

  private pop(): Entry {
    var keys = this.keys;
    var entries = this.entries;
    var top = entries[0];
    var n = --this.length;
    var lastKey = keys[n];
    var last = entries[n];
    entries[n] = undefined as unknown as Entry;
    if (n > 0) {
      var i = 0;
      for (;;) {
        var child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= lastKey) break;
        keys[i] = keys[child];
        entries[i] = entries[child];
        i = child;
      }
      keys[i] = lastKey;
      entries[i] = last;
    }
    return top;
  }
}
