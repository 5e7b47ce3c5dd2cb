/**
 * A fixed-capacity queue of serialised records, bounded both in count and in characters.
 * Pushing past either bound drops the oldest records and counts them. Every record gets a
 * position (ever increasing), so a batch in flight can be acknowledged even if overflow
 * dropped part of it meanwhile. The slots are indexed modulo `capacity`: a ring, so memory
 * stays flat however long the outage.
 */
export interface Ring {
  push(record: string): void;
  /** Up to `maxCount` records from the oldest, stopping before `batchMaxChars` is exceeded (at least one). */
  peek(maxCount: number, batchMaxChars: number): RingBatch;
  /** Removes every record at a position below `end`; returns how many were removed. */
  removeBefore(end: number): number;
  size(): number;
  /** How many records at a position below `end` are still held (overflow may have dropped some). */
  sizeBefore(end: number): number;
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
  var slots: (string | null)[] = [];
  var head = 0; // position of the oldest record
  var count = 0;
  var charCount = 0;
  var droppedCount = 0;

  function at(position: number): string {
    return slots[position % capacity] as string;
  }
  function dropOldest(): void {
    charCount -= at(head).length;
    slots[head % capacity] = null;
    head++;
    count--;
  }
  /** Drops the oldest records, counted as overflow, until `records` more records of `chars` characters fit within `charLimit`. */
  function overflow(records: number, chars: number, charLimit: number): void {
    while (count > 0 && (count + records > capacity || charCount + chars > charLimit)) {
      dropOldest();
      droppedCount++;
    }
  }

  return {
    push: function (record) {
      // A record larger than the whole budget could never be kept: count it as dropped.
      if (record.length > maxChars) {
        droppedCount++;
        return;
      }
      overflow(1, record.length, maxChars);
      slots[(head + count) % capacity] = record;
      count++;
      charCount += record.length;
    },
    peek: function (maxCount, batchMaxChars) {
      var records: string[] = [];
      var total = 0;
      while (records.length < count && records.length < maxCount) {
        var record = at(head + records.length);
        total += record.length;
        if (total > batchMaxChars && records.length > 0) break; // the first record always goes
        records.push(record);
      }
      return { end: head + records.length, records: records, dropped: droppedCount };
    },
    removeBefore: function (end) {
      var removed = 0;
      while (count > 0 && head < end) {
        dropOldest();
        removed++;
      }
      return removed;
    },
    size: function () {
      return count;
    },
    sizeBefore: function (end) {
      return Math.max(0, Math.min(count, end - head));
    },
    dropped: function () {
      return droppedCount;
    },
    shrink: function () {
      overflow(0, 0, maxChars / 2);
    },
  };
}
