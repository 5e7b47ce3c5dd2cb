/**
 * A fixed-capacity queue of serialised records, bounded both in count and in characters.
 * Pushing past either bound drops the oldest records and counts them. Every record gets a
 * position (ever increasing), so a batch in flight can be acknowledged even if overflow
 * dropped part of it meanwhile. The records are a plain array taken from the front, never
 * longer than `capacity`, so memory stays flat; shifting at most `capacity` references is cheap
 * next to serialising a record.
 */
export interface Ring {
  push(record: string): void;
  /** Up to `maxCount` records from the oldest, stopping before `maxChars` is exceeded (at least one); `end`: the position after the last. */
  peek(maxCount: number, maxChars: number): { end: number; records: string[] };
  /** Removes every record at a position below `end`; returns how many were removed. */
  removeBefore(end: number): number;
  size(): number;
  chars(): number;
  /** Records dropped by overflow since creation. */
  dropped(): number;
  /** Drops the oldest records, counted as overflow, until at most half the character budget is held. */
  shrink(): void;
}

export function createRing(capacity: number, maxChars: number): Ring {
  var records: string[] = []; // at most capacity (one more while a push makes room)
  var head = 0; // position of the oldest record
  var charCount = 0;
  var droppedCount = 0;

  function dropOldest(): void {
    charCount -= records.shift()!.length;
    head++;
  }
  /** Drops the oldest records, counted as overflow, while more than `capacity` or over `charLimit` are held. */
  function overflow(charLimit: number): void {
    for (; records.length > capacity || charCount > charLimit; droppedCount++) dropOldest();
  }

  return {
    push: function (record) {
      // A record larger than the whole budget could never be kept: count it as dropped. Any other
      // stays, the oldest going until it fits.
      if (record.length > maxChars) {
        droppedCount++;
        return;
      }
      records.push(record);
      charCount += record.length;
      overflow(maxChars);
    },
    peek: function (maxCount, maxChars) {
      for (var count = 0, total = 0; count < records.length && count < maxCount; count++) {
        total += records[count].length;
        // `total > maxChars` first: terser 5.51 (pure_getters) folds `count > 0 && total > maxChars`
        // into the loop test with the sum behind the `&&`, which then skips the first record's length.
        if (total > maxChars && count > 0) break;
      }
      return { end: head + count, records: records.slice(0, count) };
    },
    removeBefore: function (end) {
      var removed = 0;
      for (; records.length > 0 && head < end; removed++) dropOldest();
      return removed;
    },
    size: function () {
      return records.length;
    },
    chars: function () {
      return charCount;
    },
    dropped: function () {
      return droppedCount;
    },
    shrink: function () {
      overflow(maxChars / 2);
    },
  };
}
