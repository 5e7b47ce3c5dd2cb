/**
 * A fixed-capacity queue of serialised records, bounded both in count and in characters.
 * Pushing past either bound drops the oldest records and counts them. Every record gets a
 * position (ever increasing), so a batch in flight can be acknowledged even if overflow
 * dropped part of it meanwhile. The records are an array that never holds more than `capacity`
 * (the oldest shifted off the front), so memory stays flat however long the outage.
 */
export interface Ring {
  push(record: string): void;
  /** Up to `maxCount` records from the oldest, stopping before `maxChars` is exceeded (at least one). */
  peek(maxCount: number, maxChars: number): RingBatch;
  /** Removes every record at a position below `end`; returns how many were removed. */
  removeBefore(end: number): number;
  size(): number;
  /** Records dropped by overflow since creation. */
  dropped(): number;
  /** Drops the oldest records, counted as overflow, until at most half the character budget is held. */
  shrink(): void;
}

/** What a peek took: `records` (a fresh array), `end` the position after the last, `dropped` the overflow count then. */
export interface RingBatch {
  end: number;
  records: string[];
  dropped: number;
}

export function createRing(capacity: number, maxChars: number): Ring {
  var records: string[] = []; // oldest first, never more than `capacity`
  var head = 0; // position of the oldest record
  var charCount = 0;
  var droppedCount = 0;

  function dropOldest(): void {
    charCount -= records.shift()!.length;
    head++;
  }
  /** Drops the oldest records, counted as overflow, until `count` more records of `chars` characters fit within `charLimit`. */
  function overflow(count: number, chars: number, charLimit: number): void {
    for (; records.length > 0 && (records.length + count > capacity || charCount + chars > charLimit); droppedCount++) dropOldest();
  }

  return {
    push: function (record) {
      // A record larger than the whole budget could never be kept: count it as dropped.
      if (record.length > maxChars) {
        droppedCount++;
        return;
      }
      overflow(1, record.length, maxChars);
      records.push(record);
      charCount += record.length;
    },
    peek: function (maxCount, maxChars) {
      for (var total = 0, taken = 0; taken < records.length && taken < maxCount; taken++) {
        total += records[taken].length;
        // The sum before the test: terser with pure_getters once moved a sum like it behind an `&&`.
        if (total > maxChars && taken > 0) break;
      }
      return { end: head + taken, records: records.slice(0, taken), dropped: droppedCount };
    },
    removeBefore: function (end) {
      var removed = 0;
      for (; records.length > 0 && head < end; removed++) dropOldest();
      return removed;
    },
    size: function () {
      return records.length;
    },
    dropped: function () {
      return droppedCount;
    },
    shrink: function () {
      overflow(0, 0, maxChars / 2);
    },
  };
}
