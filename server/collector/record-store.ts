// Keeps what the collector received: every record with its verdict, bounded in memory (oldest
// evicted first), optionally appended to a JSONL file and read back from it at start, plus
// running totals.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { compactJournal, readJournal, RESET_MARKER } from './journal';
import type { Activity, RecordError } from './record-validator';

export interface StoredRecord {
  /** Position in arrival order since the last reset, from 1; use with ?since= to poll. */
  index: number;
  receivedAt: string;
  requestId: string;
  /** Endpoint the record was posted to. */
  activity: Activity;
  batchIndex: number;
  batchSize: number;
  /** Content-Type of the request (sendBeacon sends text/plain). */
  contentType: string | null;
  origin: string | null;
  /** The request's User-Agent: the dashboard tells devices' platform, model and engine from it. */
  userAgent: string | null;
  /** The sender's IP address: with the User-Agent, names a device that sends no deviceId. */
  remoteAddress: string | null;
  valid: boolean;
  errors: RecordError[];
  /** An earlier record had the same eventId. */
  duplicate: boolean;
  record: unknown;
}

export interface CollectorStats {
  /** POSTs to the Vault endpoints, answered or not. */
  requests: number;
  acceptedRequests: number;
  rejectedRequests: number;
  /** Requests answered by an injected fault (their records are not stored). */
  faultedRequests: number;
  /** Bodies that were not JSON, not records, empty or too large. */
  malformedRequests: number;
  preflights: number;
  received: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Sum of droppedRecords reported by the agent. */
  droppedRecords: number;
  byActivity: Record<Activity, number>;
  byContentType: Record<string, number>;
  /** Records currently held in memory, and those evicted to respect the cap. */
  stored: number;
  evicted: number;
}

export interface RecordFilter {
  activity?: string;
  playbackSessionId?: string;
  eventId?: string;
  valid?: boolean;
  duplicate?: boolean;
  since?: number;
  limit?: number;
}

export const DEFAULT_MAX_RECORDS = 100_000;

/** What the store read back from its journal at start. */
export interface ReloadReport {
  /** Records read from the file (all of them count in the totals; the latest maxRecords stay in memory). */
  records: number;
  /** Lines that were not a stored record (a line cut short by a crash, say): skipped. */
  unreadableLines: number;
  /** The file was rewritten with only what memory keeps, as it held far more. */
  compacted: boolean;
}

export class RecordStore {
  private records: StoredRecord[] = [];
  private head = 0; // records before head are evicted (compacted lazily)
  private eventIds = new Set<string>();
  private nextIndex = 1;
  private stats = emptyStats();
  private readonly journal?: WriteStream;
  /** How many times reset() ran: a reader polling with ?since= starts again when it moves. */
  resets = 0;
  /** Set when a data directory was given: what came back from its journal. */
  readonly reloaded: ReloadReport | null = null;

  /**
   * With `dataDir`, every record is appended to `<dataDir>/records.jsonl`, and what that file
   * holds is read back first (a reset there forgets what came before it), so a restarted
   * collector shows what it had. Arrival indexes are renumbered from 1 in file order.
   */
  constructor(
    private readonly maxRecords = DEFAULT_MAX_RECORDS,
    dataDir?: string
  ) {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, 'records.jsonl');
      const report = readJournal(file, {
        onRecord: (stored) => this.keep(stored),
        onReset: () => this.clear(),
      });
      const inFile = report.recordsSinceReset;
      const compacted = inFile > this.maxRecords * 2 || report.linesBeforeReset > 0;
      if (compacted) compactJournal(file, this.query());
      this.reloaded = { records: inFile, unreadableLines: report.unreadableLines, compacted };
      this.journal = createWriteStream(file, { flags: 'a' });
    }
  }

  countRequest(): void {
    this.stats.requests += 1;
  }
  countAccepted(): void {
    this.stats.acceptedRequests += 1;
  }
  countRejected(): void {
    this.stats.rejectedRequests += 1;
  }
  countFaulted(): void {
    this.stats.faultedRequests += 1;
  }
  countMalformed(): void {
    this.stats.malformedRequests += 1;
  }
  countPreflight(): void {
    this.stats.preflights += 1;
  }

  add(entry: Omit<StoredRecord, 'index' | 'duplicate'>): StoredRecord {
    const stored = this.keep(entry);
    this.journal?.write(JSON.stringify(stored) + '\n');
    return stored;
  }

  /** Stores and counts a record, received now or read back from the journal. */
  private keep(entry: Omit<StoredRecord, 'index' | 'duplicate'>): StoredRecord {
    const record = entry.record as { eventId?: unknown; droppedRecords?: unknown } | null;
    const eventId = record && typeof record === 'object' && typeof record.eventId === 'string' ? record.eventId : undefined;
    const duplicate = eventId !== undefined && this.eventIds.has(eventId);
    if (eventId !== undefined && !duplicate) this.rememberEventId(eventId);

    const stored: StoredRecord = { ...entry, index: this.nextIndex++, duplicate };
    this.records.push(stored);
    if (this.records.length - this.head > this.maxRecords) this.evictOldest();

    const s = this.stats;
    s.received += 1;
    if (stored.valid) s.valid += 1;
    else s.invalid += 1;
    if (duplicate) s.duplicates += 1;
    if (record && typeof record === 'object' && typeof record.droppedRecords === 'number' && record.droppedRecords > 0) {
      s.droppedRecords += record.droppedRecords;
    }
    s.byActivity[stored.activity] += 1;
    const type = (stored.contentType ?? 'none').split(';')[0].trim().toLowerCase();
    s.byContentType[type] = (s.byContentType[type] ?? 0) + 1;
    return stored;
  }

  query(filter: RecordFilter = {}): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (let i = this.head; i < this.records.length; i++) {
      const r = this.records[i];
      if (filter.since !== undefined && r.index <= filter.since) continue;
      if (filter.activity && r.activity !== filter.activity) continue;
      if (filter.valid !== undefined && r.valid !== filter.valid) continue;
      if (filter.duplicate !== undefined && r.duplicate !== filter.duplicate) continue;
      const record = (r.record ?? {}) as { eventId?: unknown; metadata?: { playbackSessionId?: unknown } };
      if (filter.eventId && record.eventId !== filter.eventId) continue;
      if (filter.playbackSessionId && record.metadata?.playbackSessionId !== filter.playbackSessionId) continue;
      out.push(r);
      if (filter.limit !== undefined && out.length >= filter.limit) break;
    }
    return out;
  }

  getStats(): CollectorStats {
    const s = this.stats;
    return { ...s, byActivity: { ...s.byActivity }, byContentType: { ...s.byContentType }, stored: this.records.length - this.head };
  }

  reset(): void {
    this.resets += 1;
    this.clear();
    // Read back at the next start, the marker forgets what came before it there too.
    this.journal?.write(JSON.stringify({ [RESET_MARKER]: new Date().toISOString() }) + '\n');
  }

  private clear(): void {
    this.records = [];
    this.head = 0;
    this.eventIds = new Set();
    this.nextIndex = 1;
    this.stats = emptyStats();
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.journal ? this.journal.end(resolve) : resolve()));
  }

  private evictOldest(): void {
    this.head += 1;
    this.stats.evicted += 1;
    // Compact once the dead prefix is large, so eviction stays O(1) amortised.
    if (this.head >= 1024 && this.head * 2 >= this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }

  private rememberEventId(eventId: string): void {
    this.eventIds.add(eventId);
    // Duplicate detection looks back twice as far as the records kept; older IDs are forgotten.
    if (this.eventIds.size > this.maxRecords * 2) {
      this.eventIds.delete(this.eventIds.values().next().value as string);
    }
  }
}

function emptyStats(): Omit<CollectorStats, 'stored'> & { stored: number } {
  return {
    requests: 0,
    acceptedRequests: 0,
    rejectedRequests: 0,
    faultedRequests: 0,
    malformedRequests: 0,
    preflights: 0,
    received: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    droppedRecords: 0,
    byActivity: { playback_metrics: 0, playerError: 0 },
    byContentType: {},
    stored: 0,
    evicted: 0,
  };
}
