// The lab view's figures: every device seen (what it is, its last record, its current playback and
// state, its errors by code in the last hour, the drops it reported) and, beside them, every
// channel or content (playbacks, errors, median throughput). Fed event by event by the dashboard
// model; bounded: the least recently heard devices and contents are forgotten first.
import type { DeviceInfo } from './device';
import type { DashboardEvent } from './events';

export const LAB_LIMITS = {
  devices: 200,
  contents: 200,
  /** app sessions remembered per device */
  appsPerDevice: 20,
  /** error times kept per device, for the last hour's counts */
  errorsPerDevice: 500,
  /** throughput samples kept per content, for its median */
  throughputSamples: 500,
  /** delivery gaps kept per device, to tell how often it sends */
  deliveryGaps: 5,
};

/** Counts by code over this window. */
export const ERROR_WINDOW_MS = 60 * 60 * 1000;
/** How often a device is taken to send when it has not shown it yet (the profile's default interval). */
export const DEFAULT_INTERVAL_MS = 60 * 1000;

/**
 * silent: nothing for more than 2 of its intervals; erroring: its latest record, or one within the
 * last 2 intervals, is an error; playing: otherwise, while it sends records of a playback; idle:
 * sending, but nothing playing.
 */
export type DeviceState = 'playing' | 'erroring' | 'silent' | 'idle';

export interface LastRecord {
  name: string;
  at: number;
  receivedAt: number;
  summary: string;
  playbackId: string | null;
  /** code and message when it was an error */
  error: string | null;
}

export interface DeviceSummary extends Omit<DeviceInfo, 'key'> {
  key: string;
  state: DeviceState;
  firstReceivedAt: number;
  lastReceivedAt: number;
  /** The longest recent gap between its deliveries or between its records (ms): its interval. */
  intervalMs: number;
  records: number;
  invalid: number;
  droppedRecords: number;
  errors: number;
  /** errors per code received in the last hour */
  errorsLastHour: Record<string, number>;
  lastRecord: LastRecord | null;
  currentPlaybackId: string | null;
  appSessionIds: string[];
}

export interface ContentSummary {
  key: string;
  contentType: string | null;
  editorialId: string | null;
  contentSource: string | null;
  playbacks: number;
  records: number;
  errors: number;
  /** bit/s, over its latest samples; null before the first */
  medianThroughput: number | null;
  lastReceivedAt: number;
}

interface DeviceEntry {
  info: DeviceInfo;
  firstReceivedAt: number;
  lastReceivedAt: number;
  records: number;
  invalid: number;
  droppedRecords: number;
  errors: number;
  /** receivedAt and code of its latest errors, oldest first */
  recentErrors: Array<{ receivedAt: number; code: string }>;
  lastRecord: LastRecord | null;
  lastErrorAt: number | null;
  currentPlaybackId: string | null;
  appSessionIds: string[];
  deliveryGaps: number[];
  lastMetricsAt: number | null;
  metricsGapMs: number | null;
}

interface ContentEntry {
  summary: Omit<ContentSummary, 'medianThroughput'>;
  playbackIds: Set<string>;
  throughputs: number[];
}

export class LabModel {
  private devices = new Map<string, DeviceEntry>();
  private contents = new Map<string, ContentEntry>();
  /** appSessionId to device key: Kava events name the app session only. */
  private deviceOfApp = new Map<string, string>();

  clear(): void {
    this.devices.clear();
    this.contents.clear();
    this.deviceOfApp.clear();
  }

  /** The device key of an app session, once one of its records named the device. */
  deviceKeyOf(appSessionId: string | null): string | null {
    return appSessionId ? (this.deviceOfApp.get(appSessionId) ?? null) : null;
  }

  add(e: DashboardEvent): void {
    this.addToDevice(e);
    if (e.valid && !e.duplicate && e.content && e.playbackId) this.addToContent(e);
  }

  private addToDevice(e: DashboardEvent): void {
    const key = e.device?.key ?? this.deviceKeyOf(e.appSessionId);
    if (!key) return;
    let device = this.devices.get(key);
    if (!device) {
      if (!e.device) return;
      device = {
        info: e.device,
        firstReceivedAt: e.receivedAt,
        lastReceivedAt: e.receivedAt,
        records: 0,
        invalid: 0,
        droppedRecords: 0,
        errors: 0,
        recentErrors: [],
        lastRecord: null,
        lastErrorAt: null,
        currentPlaybackId: null,
        appSessionIds: [],
        deliveryGaps: [],
        lastMetricsAt: null,
        metricsGapMs: null,
      };
    }
    moveToEnd(this.devices, key, device, LAB_LIMITS.devices);
    if (e.device) device.info = e.device;
    if (e.receivedAt > device.lastReceivedAt) {
      pushBounded(device.deliveryGaps, e.receivedAt - device.lastReceivedAt, LAB_LIMITS.deliveryGaps);
    }
    device.lastReceivedAt = Math.max(device.lastReceivedAt, e.receivedAt);
    device.records++;
    if (!e.valid) device.invalid++;
    device.droppedRecords += e.droppedRecords;
    if (e.appSessionId) {
      if (device.appSessionIds.indexOf(e.appSessionId) < 0) pushBounded(device.appSessionIds, e.appSessionId, LAB_LIMITS.appsPerDevice);
      moveToEnd(this.deviceOfApp, e.appSessionId, key, LAB_LIMITS.devices * LAB_LIMITS.appsPerDevice);
    }
    if (e.duplicate) return; // delivered twice: one record, one error
    if (e.sample) {
      if (device.lastMetricsAt !== null && e.at > device.lastMetricsAt) device.metricsGapMs = e.at - device.lastMetricsAt;
      device.lastMetricsAt = e.at;
    }
    if (e.errorCode !== null) {
      device.errors++;
      device.lastErrorAt = Math.max(device.lastErrorAt ?? 0, e.receivedAt);
      pushBounded(device.recentErrors, { receivedAt: e.receivedAt, code: e.errorCode }, LAB_LIMITS.errorsPerDevice);
    }
    if (!device.lastRecord || e.at >= device.lastRecord.at) {
      device.lastRecord = { name: e.name, at: e.at, receivedAt: e.receivedAt, summary: e.summary, playbackId: e.playbackId, error: e.error };
      if (e.playbackId) device.currentPlaybackId = e.playbackId;
    }
  }

  private addToContent(e: DashboardEvent): void {
    const c = e.content!;
    const key = [c.contentType ?? c.entryId ?? '?', c.editorialId ?? c.entryId ?? '?', c.contentSource ?? ''].join(' · ');
    const entry = this.contents.get(key) ?? {
      summary: {
        key,
        contentType: c.contentType,
        editorialId: c.editorialId ?? c.entryId,
        contentSource: c.contentSource,
        playbacks: 0,
        records: 0,
        errors: 0,
        lastReceivedAt: e.receivedAt,
      },
      playbackIds: new Set<string>(),
      throughputs: [],
    };
    moveToEnd(this.contents, key, entry, LAB_LIMITS.contents);
    const s = entry.summary;
    if (!entry.playbackIds.has(e.playbackId!)) {
      s.playbacks++;
      entry.playbackIds.add(e.playbackId!);
      // Only to tell a new playback from a known one: the oldest IDs can go, the count stays.
      if (entry.playbackIds.size > LAB_LIMITS.throughputSamples) entry.playbackIds.delete(entry.playbackIds.values().next().value as string);
    }
    s.records++;
    s.lastReceivedAt = Math.max(s.lastReceivedAt, e.receivedAt);
    if (e.errorCode !== null) s.errors++;
    if (e.sample && e.sample.throughput !== null) pushBounded(entry.throughputs, e.sample.throughput, LAB_LIMITS.throughputSamples);
  }

  /** Devices and contents, most recently heard first; states and hour counts as of `now`. */
  summary(now: number): { devices: DeviceSummary[]; contents: ContentSummary[] } {
    const devices = [...this.devices.values()].reverse().map((d) => deviceSummary(d, now));
    const contents = [...this.contents.values()].reverse().map((c) => ({ ...c.summary, medianThroughput: median(c.throughputs) }));
    return { devices, contents };
  }

  /** The devices' states as of `now`, in one string: the page must hear when one changes. */
  statesAt(now: number): string {
    return [...this.devices.values()].map((d) => deviceState(d, now)).join(',');
  }
}

function intervalOf(d: DeviceEntry): number {
  const gaps = d.deliveryGaps.concat(d.metricsGapMs === null ? [] : [d.metricsGapMs]);
  return gaps.length ? Math.max(...gaps) : DEFAULT_INTERVAL_MS;
}

function deviceState(d: DeviceEntry, now: number): DeviceState {
  const interval = intervalOf(d);
  if (now - d.lastReceivedAt > 2 * interval) return 'silent';
  if (d.lastRecord?.error || (d.lastErrorAt !== null && now - d.lastErrorAt <= 2 * interval)) return 'erroring';
  return d.currentPlaybackId ? 'playing' : 'idle';
}

function deviceSummary(d: DeviceEntry, now: number): DeviceSummary {
  const errorsLastHour: Record<string, number> = {};
  for (const error of d.recentErrors) {
    if (now - error.receivedAt <= ERROR_WINDOW_MS) errorsLastHour[error.code] = (errorsLastHour[error.code] ?? 0) + 1;
  }
  return {
    ...d.info,
    state: deviceState(d, now),
    firstReceivedAt: d.firstReceivedAt,
    lastReceivedAt: d.lastReceivedAt,
    intervalMs: intervalOf(d),
    records: d.records,
    invalid: d.invalid,
    droppedRecords: d.droppedRecords,
    errors: d.errors,
    errorsLastHour,
    lastRecord: d.lastRecord ? { ...d.lastRecord } : null,
    currentPlaybackId: d.currentPlaybackId,
    appSessionIds: d.appSessionIds.slice(),
  };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** Moves `key` to the end of the map (most recent), forgetting the oldest beyond `max`. */
export function moveToEnd<V>(map: Map<string, V>, key: string, value: V, max: number, forget?: (key: string, value: V) => void): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const [oldKey, oldValue] = map.entries().next().value as [string, V];
    map.delete(oldKey);
    forget?.(oldKey, oldValue);
  }
}
