// The collector's records.jsonl: one stored record per line, appended as records arrive, and a
// reset marker line when the collector is reset. Read back at start, so a restarted collector
// shows what it had; read in chunks, so an overnight file never has to fit in one string.
import { closeSync, existsSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import type { StoredRecord } from './record-store';

/** The key of a reset marker line: `{"reset": "<ISO time>"}`. */
export const RESET_MARKER = 'reset';

const CHUNK_BYTES = 1024 * 1024;

export interface JournalReadout {
  /** Records after the last reset marker (those before it were handed over and then forgotten). */
  recordsSinceReset: number;
  /** Lines before the last reset marker: the file can be rewritten without them. */
  linesBeforeReset: number;
  unreadableLines: number;
}

export interface JournalReader {
  onRecord(stored: StoredRecord): void;
  onReset(): void;
}

/** Hands every record line of `file` to the reader, in file order; a missing file reads as empty. */
export function readJournal(file: string, reader: JournalReader): JournalReadout {
  const readout: JournalReadout = { recordsSinceReset: 0, linesBeforeReset: 0, unreadableLines: 0 };
  if (!existsSync(file)) return readout;
  let lines = 0;
  const onLine = (line: string) => {
    if (!line.trim()) return;
    lines++;
    const parsed = parseLine(line);
    if (parsed === 'reset') {
      reader.onReset();
      readout.recordsSinceReset = 0;
      readout.linesBeforeReset = lines;
    } else if (parsed) {
      reader.onRecord(parsed);
      readout.recordsSinceReset++;
    } else {
      readout.unreadableLines++;
    }
  };
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let pending = Buffer.alloc(0);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      // Split on bytes, not characters: a chunk may end inside a multi-byte character.
      let data = Buffer.concat([pending, buffer.subarray(0, read)]);
      let newline = data.indexOf(10);
      while (newline >= 0) {
        onLine(data.subarray(0, newline).toString('utf8'));
        data = data.subarray(newline + 1);
        newline = data.indexOf(10);
      }
      pending = Buffer.from(data);
    }
    if (pending.length) onLine(pending.toString('utf8'));
  } finally {
    closeSync(fd);
  }
  return readout;
}

/** Rewrites `file` with only `records` (what memory keeps), through a temporary file. */
export function compactJournal(file: string, records: StoredRecord[]): void {
  const temporary = `${file}.compacting`;
  const fd = openSync(temporary, 'w');
  try {
    for (const record of records) writeSync(fd, JSON.stringify(record) + '\n');
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

function parseLine(line: string): StoredRecord | 'reset' | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const entry = value as Partial<StoredRecord> & { [RESET_MARKER]?: unknown };
  if (typeof entry[RESET_MARKER] === 'string') return 'reset';
  if (typeof entry.activity !== 'string' || typeof entry.receivedAt !== 'string' || typeof entry.valid !== 'boolean') return null;
  return {
    index: 0,
    receivedAt: entry.receivedAt,
    requestId: String(entry.requestId ?? ''),
    activity: entry.activity,
    batchIndex: Number(entry.batchIndex ?? 0),
    batchSize: Number(entry.batchSize ?? 1),
    contentType: entry.contentType ?? null,
    origin: entry.origin ?? null,
    userAgent: entry.userAgent ?? null,
    remoteAddress: entry.remoteAddress ?? null,
    valid: entry.valid,
    errors: Array.isArray(entry.errors) ? entry.errors : [],
    duplicate: false,
    record: entry.record,
  };
}
