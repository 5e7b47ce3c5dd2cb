// The dashboard's view of what the collectors received: app sessions, their playbacks with chart
// points and record rows, the rejected records and the delivery figures. Fed incrementally
// (ingest), bounded everywhere: the least recently active app sessions and playbacks are forgotten
// first, and points and rows keep the latest.
import type { ContentInfo, DashboardEvent, EventSource, Identity, Sample } from './events';
import { LabModel, moveToEnd, pushBounded, type ContentSummary, type DeviceSummary } from './lab';

export const LIMITS = {
  apps: 50,
  playbacks: 200,
  playbacksPerApp: 20,
  /** points per playback: 12 h at one record a minute */
  points: 720,
  rowsPerPlayback: 300,
  rejected: 200,
  recent: 100,
};

export interface Point extends Sample {
  /** epoch seconds (uPlot's time scale) */
  t: number;
  /** error events at this time */
  errors: number | null;
}

/** One line of the records tables: the event without its parsed sample, content and identity. */
export type Row = Pick<
  DashboardEvent,
  'source' | 'index' | 'receivedAt' | 'at' | 'name' | 'sequence' | 'eventId' | 'valid' | 'duplicate' | 'problems' | 'appSessionId' | 'playbackId' | 'summary'
>;

/** An error on a playback's timeline. */
export interface TimelineError {
  /** epoch seconds, like the chart points */
  t: number;
  code: string;
  message: string;
}

export interface PlaybackSummary {
  id: string;
  source: EventSource;
  appSessionId: string | null;
  /** The device that played it (lab view key), once known. */
  deviceKey: string | null;
  content: ContentInfo | null;
  /** Its first and latest record's time (device clock): its start and, between them, its duration. */
  firstAt: number;
  lastAt: number;
  durationMs: number;
  lastReceivedAt: number;
  records: number;
  metrics: number;
  errors: number;
  invalid: number;
  duplicates: number;
  /** Changes whenever the playback got something: fetch its detail again. */
  version: number;
}

export interface PlaybackDetail extends PlaybackSummary {
  points: Point[];
  rows: Row[];
  errorMarks: TimelineError[];
}

export interface AppSummary {
  appSessionId: string;
  deviceKey: string | null;
  identity: Identity;
  firstReceivedAt: number;
  lastReceivedAt: number;
  records: number;
  invalid: number;
  duplicates: number;
  droppedRecords: number;
  /** most recently active first */
  playbacks: PlaybackSummary[];
}

export interface SourceTotals {
  received: number;
  valid: number;
  invalid: number;
  duplicates: number;
  droppedRecords: number;
}

interface PlaybackEntry {
  summary: PlaybackSummary;
  points: Point[];
  rows: Row[];
  errorMarks: TimelineError[];
}

interface AppEntry extends Omit<AppSummary, 'playbacks' | 'deviceKey'> {
  playbackIds: string[];
}

function toRow(e: DashboardEvent): Row {
  return {
    source: e.source,
    index: e.index,
    receivedAt: e.receivedAt,
    at: e.at,
    name: e.name,
    sequence: e.sequence,
    eventId: e.eventId,
    valid: e.valid,
    duplicate: e.duplicate,
    problems: e.problems,
    appSessionId: e.appSessionId,
    playbackId: e.playbackId,
    summary: e.summary,
  };
}

function emptyTotals(): SourceTotals {
  return { received: 0, valid: 0, invalid: 0, duplicates: 0, droppedRecords: 0 };
}

export class DashboardModel {
  private apps = new Map<string, AppEntry>();
  private playbacks = new Map<string, PlaybackEntry>();
  private rejected: Row[] = [];
  private recent: Row[] = [];
  private totals: Record<EventSource, SourceTotals> = { vault: emptyTotals(), kava: emptyTotals() };
  private lab = new LabModel();
  /** Increases with every change; the page refetches when it moves. */
  version = 0;

  clear(source?: EventSource): void {
    if (source) {
      // One collector was reset: drop what came from it, keep the other's.
      for (const [id, entry] of [...this.playbacks]) if (entry.summary.source === source) this.forgetPlayback(id);
      this.rejected = this.rejected.filter((r) => r.source !== source);
      this.recent = this.recent.filter((r) => r.source !== source);
      this.totals[source] = emptyTotals();
      for (const [id, app] of [...this.apps]) if (app.playbackIds.length === 0) this.apps.delete(id);
      // Devices are Vault's (Kava names no device): a Vault reset forgets them.
      if (source === 'vault') this.lab.clear();
    } else {
      this.lab.clear();
      this.apps.clear();
      this.playbacks.clear();
      this.rejected = [];
      this.recent = [];
      this.totals = { vault: emptyTotals(), kava: emptyTotals() };
    }
    this.version++;
  }

  ingest(events: DashboardEvent[]): void {
    for (const e of events) this.add(e);
    if (events.length) this.version++;
  }

  private add(e: DashboardEvent): void {
    const totals = this.totals[e.source];
    totals.received++;
    if (e.valid) totals.valid++;
    else totals.invalid++;
    if (e.duplicate) totals.duplicates++;
    totals.droppedRecords += e.droppedRecords;

    this.lab.add(e);
    const row = toRow(e);
    pushBounded(this.recent, row, LIMITS.recent);
    if (!e.valid) pushBounded(this.rejected, row, LIMITS.rejected);

    const app = e.appSessionId ? this.app(e) : null;
    if (app) {
      app.records++;
      if (!e.valid) app.invalid++;
      if (e.duplicate) app.duplicates++;
      app.droppedRecords += e.droppedRecords;
      for (const key of Object.keys(e.identity) as Array<keyof Identity>) app.identity[key] = e.identity[key];
    }
    if (e.playbackId) this.addToPlayback(e, row, app);
  }

  private app(e: DashboardEvent): AppEntry {
    const id = e.appSessionId!;
    const app = this.apps.get(id) ?? {
      appSessionId: id,
      identity: {},
      firstReceivedAt: e.receivedAt,
      lastReceivedAt: e.receivedAt,
      records: 0,
      invalid: 0,
      duplicates: 0,
      droppedRecords: 0,
      playbackIds: [],
    };
    app.lastReceivedAt = Math.max(app.lastReceivedAt, e.receivedAt);
    moveToEnd(this.apps, id, app, LIMITS.apps, (_, old) => old.playbackIds.forEach((p) => this.playbacks.delete(p)));
    return app;
  }

  private addToPlayback(e: DashboardEvent, row: Row, app: AppEntry | null): void {
    const id = e.playbackId!;
    let entry = this.playbacks.get(id);
    if (!entry) {
      entry = {
        summary: {
          id,
          source: e.source,
          appSessionId: e.appSessionId,
          deviceKey: null,
          content: null,
          firstAt: e.at,
          lastAt: e.at,
          durationMs: 0,
          lastReceivedAt: e.receivedAt,
          records: 0,
          metrics: 0,
          errors: 0,
          invalid: 0,
          duplicates: 0,
          version: 0,
        },
        points: [],
        rows: [],
        errorMarks: [],
      };
    }
    moveToEnd(this.playbacks, id, entry, LIMITS.playbacks, (oldId) => this.unlink(oldId));
    if (app && !app.playbackIds.includes(id)) pushBounded(app.playbackIds, id, LIMITS.playbacksPerApp);

    const s = entry.summary;
    s.records++;
    s.version++;
    s.firstAt = Math.min(s.firstAt, e.at);
    s.lastAt = Math.max(s.lastAt, e.at);
    s.durationMs = s.lastAt - s.firstAt;
    s.deviceKey = s.deviceKey ?? this.lab.deviceKeyOf(e.appSessionId);
    s.lastReceivedAt = Math.max(s.lastReceivedAt, e.receivedAt);
    if (!e.valid) s.invalid++;
    if (e.duplicate) s.duplicates++;
    if (e.sample) s.metrics++;
    if (e.error !== null) s.errors++;
    if (e.content && e.valid) s.content = mergeContent(s.content, e.content);
    pushBounded(entry.rows, row, LIMITS.rowsPerPlayback);
    // Plot what the contract accepted, once: a duplicate (same eventId) was delivered twice.
    if (e.valid && !e.duplicate && (e.sample || e.error !== null)) insertPoint(entry.points, pointOf(e));
    if (e.valid && !e.duplicate && e.errorCode !== null) {
      insertPoint(entry.errorMarks, { t: e.at / 1000, code: e.errorCode, message: e.error ?? e.errorCode });
    }
  }

  private unlink(playbackId: string): void {
    for (const app of this.apps.values()) {
      const i = app.playbackIds.indexOf(playbackId);
      if (i >= 0) app.playbackIds.splice(i, 1);
    }
  }

  private forgetPlayback(id: string): void {
    this.playbacks.delete(id);
    this.unlink(id);
  }

  /** Everything but the per-playback detail; device states and the last hour's counts as of `now`. */
  summary(now = Date.now()): {
    version: number;
    totals: Record<EventSource, SourceTotals>;
    devices: DeviceSummary[];
    contents: ContentSummary[];
    apps: AppSummary[];
    rejected: Row[];
    recent: Row[];
  } {
    const apps = [...this.apps.values()].reverse().map((app) => ({
      appSessionId: app.appSessionId,
      deviceKey: this.lab.deviceKeyOf(app.appSessionId),
      identity: { ...app.identity },
      firstReceivedAt: app.firstReceivedAt,
      lastReceivedAt: app.lastReceivedAt,
      records: app.records,
      invalid: app.invalid,
      duplicates: app.duplicates,
      droppedRecords: app.droppedRecords,
      playbacks: app.playbackIds
        .map((id) => this.playbacks.get(id)?.summary)
        .filter((s): s is PlaybackSummary => s !== undefined)
        .sort((a, b) => b.lastReceivedAt - a.lastReceivedAt)
        .map((s) => ({ ...s })),
    }));
    return {
      version: this.version,
      totals: { vault: { ...this.totals.vault }, kava: { ...this.totals.kava } },
      ...this.lab.summary(now),
      apps,
      rejected: this.rejected.slice().reverse(),
      recent: this.recent.slice().reverse(),
    };
  }

  playback(id: string): PlaybackDetail | null {
    const entry = this.playbacks.get(id);
    if (!entry) return null;
    return { ...entry.summary, points: entry.points.slice(), rows: entry.rows.slice().reverse(), errorMarks: entry.errorMarks.slice() };
  }

  /** The devices' states as of `now`: changes with time alone, when a device falls silent. */
  deviceStates(now: number): string {
    return this.lab.statesAt(now);
  }
}

function mergeContent(before: ContentInfo | null, next: ContentInfo): ContentInfo {
  if (!before) return { ...next };
  const out = { ...before };
  for (const key of Object.keys(next) as Array<keyof ContentInfo>) if (next[key] !== null) out[key] = next[key];
  return out;
}

function pointOf(e: DashboardEvent): Point {
  const s = e.sample;
  return {
    t: e.at / 1000,
    selectedBitrate: s ? s.selectedBitrate : null,
    streamBitrate: s ? s.streamBitrate : null,
    throughput: s ? s.throughput : null,
    throughputAverage: s ? s.throughputAverage : null,
    bufferedDuration: s ? s.bufferedDuration : null,
    droppedFrames: s ? s.droppedFrames : null,
    totalFrames: s ? s.totalFrames : null,
    errors: e.error !== null ? 1 : null,
  };
}

/** Keeps points in time order (records may arrive late: retries, beacons), the latest LIMITS.points. */
function insertPoint<T extends { t: number }>(points: T[], point: T): void {
  let i = points.length;
  while (i > 0 && points[i - 1].t > point.t) i--;
  points.splice(i, 0, point);
  if (points.length > LIMITS.points) points.shift();
}
