// Keeps what the collector received: every record with its verdict, bounded in memory (oldest
// evicted first), optionally appended to a JSONL file, plus running totals.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
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

export class RecordStore {
  private records: StoredRecord[] = [];
  private head = 0; // records before head are evicted (compacted lazily)
  private eventIds = new Set<string>();
  private nextIndex = 1;
  private stats = emptyStats();
  private readonly journal?: WriteStream;
  /** How many times reset() ran: a reader polling with ?since= starts again when it moves. */
  resets = 0;

  constructor(private readonly maxRecords = DEFAULT_MAX_RECORDS, dataDir?: string) {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      this.journal = createWriteStream(join(dataDir, 'records.jsonl'), { flags: 'a' });
    }
  }

  countRequest(): void { this.stats.requests += 1; }
  countAccepted(): void { this.stats.acceptedRequests += 1; }
  countRejected(): void { this.stats.rejectedRequests += 1; }
  countFaulted(): void { this.stats.faultedRequests += 1; }
  countMalformed(): void { this.stats.malformedRequests += 1; }
  countPreflight(): void { this.stats.preflights += 1; }

  add(entry: Omit<StoredRecord, 'index' | 'duplicate'>): StoredRecord {
    const record = entry.record as { eventId?: unknown; droppedRecords?: unknown } | null;
    const eventId = record && typeof record === 'object' && typeof record.eventId === 'string' ? record.eventId : undefined;
    const duplicate = eventId !== undefined && this.eventIds.has(eventId);
    if (eventId !== undefined && !duplicate) this.rememberEventId(eventId);

    const stored: StoredRecord = { index: this.nextIndex++, ...entry, duplicate };
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
    this.journal?.write(JSON.stringify(stored) + '\n');
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
    requests: 0, acceptedRequests: 0, rejectedRequests: 0, faultedRequests: 0, malformedRequests: 0, preflights: 0,
    received: 0, valid: 0, invalid: 0, duplicates: 0, droppedRecords: 0,
    byActivity: { playback_metrics: 0, playerError: 0 }, byContentType: {}, stored: 0, evicted: 0,
  };
}
