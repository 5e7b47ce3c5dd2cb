// Counts the body bytes served per token, split by what the player asked for, and keeps a short
// log of the latest requests. Everything is bounded: tokens and log entries evict the oldest.
import type { ResourceKind } from '../content-types';

export interface RequestLogEntry {
  path: string;
  kind: ResourceKind;
  status: number;
  /** Body bytes written so far (all of them once finished). */
  bytes: number;
  startedAt: string;
  durationMs: number;
  aborted: boolean;
  fault?: string;
}

export interface TokenCounts {
  token: string;
  manifestBytes: number;
  segmentBytes: number;
  otherBytes: number;
  /** manifest + segment + other: what the player's response filters can see. */
  totalBytes: number;
  /** Bodies of error answers (4xx/5xx), kept apart: players do not count them as downloaded. */
  errorBytes: number;
  requests: { manifest: number; segment: number; other: number; failed: number; aborted: number };
}

export interface TokenReport extends TokenCounts {
  log?: RequestLogEntry[];
}

export interface RequestTracker {
  addBytes(bytes: number): void;
  finish(aborted: boolean): void;
}

export const MAX_TOKENS = 1000;
export const MAX_LOG_ENTRIES = 500;

interface TokenState {
  counts: TokenCounts;
  log: RequestLogEntry[];
}

export class ByteCounter {
  private readonly tokens = new Map<string, TokenState>();

  constructor(private readonly now: () => number = Date.now) {}

  start(token: string, path: string, kind: ResourceKind, status: number, fault?: string): RequestTracker {
    const state = this.stateFor(token);
    const startedAt = this.now();
    const entry: RequestLogEntry = {
      path,
      kind,
      status,
      bytes: 0,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: 0,
      aborted: false,
      ...(fault ? { fault } : {}),
    };
    state.log.push(entry);
    if (state.log.length > MAX_LOG_ENTRIES) state.log.shift();
    const ok = status >= 200 && status < 300;
    let finished = false;
    return {
      addBytes: (bytes) => {
        entry.bytes += bytes;
        if (!ok) state.counts.errorBytes += bytes;
        else {
          state.counts[`${kind}Bytes`] += bytes;
          state.counts.totalBytes += bytes;
        }
      },
      finish: (aborted) => {
        if (finished) return;
        finished = true;
        entry.durationMs = this.now() - startedAt;
        entry.aborted = aborted;
        if (ok) state.counts.requests[kind] += 1;
        else state.counts.requests.failed += 1;
        if (aborted) state.counts.requests.aborted += 1;
      },
    };
  }

  report(token: string, withLog: boolean): TokenReport {
    const state = this.tokens.get(token);
    const counts = state ? state.counts : emptyCounts(token);
    return withLog ? { ...cloneCounts(counts), log: state ? state.log.map((e) => ({ ...e })) : [] } : cloneCounts(counts);
  }

  tokenNames(): string[] {
    return [...this.tokens.keys()];
  }

  reset(token?: string): void {
    if (token === undefined) this.tokens.clear();
    else this.tokens.delete(token);
  }

  private stateFor(token: string): TokenState {
    let state = this.tokens.get(token);
    if (!state) {
      if (this.tokens.size >= MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
      state = { counts: emptyCounts(token), log: [] };
      this.tokens.set(token, state);
    }
    return state;
  }
}

function emptyCounts(token: string): TokenCounts {
  return {
    token,
    manifestBytes: 0,
    segmentBytes: 0,
    otherBytes: 0,
    totalBytes: 0,
    errorBytes: 0,
    requests: { manifest: 0, segment: 0, other: 0, failed: 0, aborted: 0 },
  };
}

function cloneCounts(counts: TokenCounts): TokenCounts {
  return { ...counts, requests: { ...counts.requests } };
}
