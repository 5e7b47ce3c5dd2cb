import { UUID_PATTERN } from '../core/ids';

/**
 * What the rings hold, as text for storage: records survive an app restart or a power cut. One
 * line per record (JSON.stringify never emits a raw newline), under a header line per queue that
 * also carries the overflow count still to be reported. Nothing read back is trusted: a line that
 * is not a record of that queue is discarded and counted.
 */
export interface QueueSnapshot {
  name: string;
  /** overflow not yet reported to the collector */
  dropped: number;
  /** oldest first */
  records: string[];
}

var MAGIC = 'tvt-queue 1';
var HEADER = /^# ([a-z_A-Z]+) (\d{1,9})$/;

/**
 * Encodes the queues within `maxChars`; when they do not fit, the oldest records go first and are
 * added to their queue's dropped count (so the collector still learns of them).
 */
export function encodeQueues(queues: QueueSnapshot[], maxChars: number): string {
  var kept: string[][] = [];
  var dropped: number[] = [];
  var total = MAGIC.length;
  var i: number;
  for (i = 0; i < queues.length; i++) {
    kept.push([]);
    dropped.push(queues[i].dropped);
    total += queues[i].name.length + 14; // header line, generously
  }
  // Queues earlier in the list have priority (the agent lists errors first); within a queue the
  // newest are kept, so what is cut is the oldest.
  for (i = 0; i < queues.length; i++) {
    var records = queues[i].records;
    for (var r = records.length - 1; r >= 0; r--) {
      if (total + records[r].length + 1 > maxChars) {
        dropped[i] += r + 1;
        break;
      }
      total += records[r].length + 1;
      kept[i].unshift(records[r]);
    }
  }
  var text = MAGIC;
  for (i = 0; i < queues.length; i++) {
    text += '\n# ' + queues[i].name + ' ' + dropped[i];
    if (kept[i].length) text += '\n' + kept[i].join('\n');
  }
  return text;
}

export interface DecodedQueues {
  queues: QueueSnapshot[];
  /** lines that were not records of a known queue (corrupt or foreign content) */
  discarded: number;
}

/** Reads stored text back; unknown, corrupt or foreign content is discarded and counted. */
export function decodeQueues(text: string | null, names: string[], isRecordOf: (record: string, name: string) => boolean): DecodedQueues {
  var result: DecodedQueues = { queues: [], discarded: 0 };
  if (!text) return result;
  var lines = text.split('\n');
  if (lines[0] !== MAGIC) {
    result.discarded = lines.length;
    return result;
  }
  var current: QueueSnapshot | null = null;
  for (var i = 1; i < lines.length; i++) {
    var header = HEADER.exec(lines[i]);
    if (header) {
      current = names.indexOf(header[1]) >= 0 ? { name: header[1], dropped: parseInt(header[2], 10), records: [] } : null;
      if (current) result.queues.push(current);
      else result.discarded++;
    } else if (current && isRecordOf(lines[i], current.name)) current.records.push(lines[i]);
    else result.discarded++;
  }
  return result;
}

/** A stored Vault record is trusted only if it parses as one of that activity with a UUID eventId. */
export function isVaultRecordOf(line: string, activity: string): boolean {
  try {
    var record = JSON.parse(line);
    return (
      record !== null &&
      typeof record === 'object' &&
      record.activityName === activity &&
      typeof record.eventId === 'string' &&
      UUID_PATTERN.test(record.eventId) &&
      typeof record.metadata === 'object'
    );
  } catch (e) {
    return false;
  }
}
