/**
 * A fixed-capacity queue of serialised records, bounded both in count and in characters.
 * Pushing past either bound drops the oldest records and counts them. Every record gets a
 * position (ever increasing), so a batch in flight can be acknowledged even if overflow
 * dropped part of it meanwhile.
 */
export interface Ring {
  push(record: string): void;
  /** Up to `maxCount` records from the oldest, stopping before `maxChars` is exceeded (at least one); positions from `first` on. */
  peek(maxCount: number, maxChars: number): { first: number; records: string[] };
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
  var slots: (string | null)[] = []; // filled from 0 up: no holes
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

  return {
    push: function (record) {
      // A record larger than the whole budget could never be kept: count it as dropped.
      if (record.length > maxChars) {
        droppedCount++;
        return;
      }
      while (count > 0 && (count >= capacity || charCount + record.length > maxChars)) {
        dropOldest();
        droppedCount++;
      }
      slots[(head + count) % capacity] = record;
      count++;
      charCount += record.length;
    },
    peek: function (maxCount, maxChars) {
      var records: string[] = [];
      var total = 0;
      for (var p = head; p < head + count && records.length < maxCount; p++) {
        var record = at(p);
        if (records.length > 0 && total + record.length > maxChars) break;
        records.push(record);
        total += record.length;
      }
      return { first: head, records: records };
    },
    removeBefore: function (end) {
      var removed = 0;
      for (; count > 0 && head < end; removed++) dropOldest();
      return removed;
    },
    size: function () {
      return count;
    },
    chars: function () {
      return charCount;
    },
    dropped: function () {
      return droppedCount;
    },
    shrink: function () {
      for (; count > 0 && charCount > maxChars / 2; droppedCount++) dropOldest();
    },
  };
}
