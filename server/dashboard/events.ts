// What the dashboard shows of one received item, whichever collector took it: a Vault record (the
// RecordStore) or a Kava event (the local Kava collector). Both become one DashboardEvent, so the
// model, the charts and the tables need not care which kind they hold.
import type { StoredRecord } from '../collector/record-store';
import { describeDevice, type DeviceInfo } from './device';

export type EventSource = 'vault' | 'kava';

/** The values the charts plot, in bit/s, seconds and frames; null where the event has none. */
export interface Sample {
  selectedBitrate: number | null;
  streamBitrate: number | null;
  throughput: number | null;
  throughputAverage: number | null;
  bufferedDuration: number | null;
  droppedFrames: number | null;
  totalFrames: number | null;
}

export interface ContentInfo {
  contentType: string | null;
  contentSource: string | null;
  editorialId: string | null;
  technicalId: string | null;
  programmeId: string | null;
  /** Kava's media entry */
  entryId: string | null;
  uri: string | null;
}

export interface Identity {
  deviceId?: string;
  accountId?: string;
  userId?: string;
  sessionId?: string;
}

export interface DashboardEvent {
  source: EventSource;
  /** Arrival position in its collector (restarts at 1 after a reset). */
  index: number;
  receivedAt: number;
  /** When it happened: the record's timestamp (device clock, skew-corrected), else receivedAt. */
  at: number;
  appSessionId: string | null;
  /** Vault: playbackSessionId; Kava: `kava:` + its sessionId. */
  playbackId: string | null;
  /** playback_metrics, playerError, VIEW, PLAY… */
  name: string;
  /** Vault sequence, Kava eventIndex */
  sequence: number | null;
  eventId: string | null;
  valid: boolean;
  duplicate: boolean;
  /** Why the collector rejected it: "path: message" each. */
  problems: string[];
  /** Ring overflow the agent reported on this record. */
  droppedRecords: number;
  identity: Identity;
  /** The sending device (Vault records: deviceId, else the request's address and User-Agent). */
  device: DeviceInfo | null;
  content: ContentInfo | null;
  sample: Sample | null;
  /** error code and message for error events */
  error: string | null;
  /** the error code alone, for counts by code */
  errorCode: string | null;
  /** One line for the records table. */
  summary: string;
}

/** A Kava event as the local Kava collector stores it (server/kava/kava-routes.ts StoredKavaEvent). */
export interface KavaEventLike {
  index: number;
  receivedAt: number;
  params: Record<string, string>;
  type: string;
  valid: boolean;
  errors: string[];
  duplicate: boolean;
}

type Json = Record<string, unknown>;

const IDENTITY_KEYS = ['deviceId', 'accountId', 'userId', 'sessionId'] as const;
const KAVA_VIEW = '99';
const KAVA_ERROR = '98';

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function time(iso: unknown, fallback: number): number {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : fallback;
}
function mbps(bps: number | null): string {
  return bps === null ? '-' : (bps / 1e6).toFixed(2);
}
/** Kava sends numbers as query strings; kbit/s to bit/s where `scale` says. */
function kavaNumber(params: Record<string, string>, key: string, scale = 1): number | null {
  if (!(key in params) || params[key] === '') return null;
  const n = Number(params[key]);
  return Number.isFinite(n) ? n * scale : null;
}

export function fromVaultRecord(stored: StoredRecord): DashboardEvent {
  const record = obj(stored.record);
  const m = obj(record.metadata);
  const receivedAt = time(stored.receivedAt, Date.now());
  const identity: Identity = {};
  for (const key of IDENTITY_KEYS) {
    const value = str(record[key]);
    if (value) identity[key] = value;
  }
  const metrics = stored.activity === 'playback_metrics';
  const sample: Sample | null = metrics
    ? {
        selectedBitrate: num(m.selectedBitrate),
        streamBitrate: num(m.streamBitrate),
        throughput: num(m.downloadBitRate),
        throughputAverage: num(m.downloadBitrateAverage),
        bufferedDuration: num(m.bufferedDuration),
        droppedFrames: num(m.droppedVideoFrames),
        totalFrames: num(m.totalVideoFrames),
      }
    : null;
  const errorCode = metrics ? null : (str(m.errorCode) ?? '?');
  const error = errorCode === null ? null : `${errorCode} ${str(m.errorMsg) ?? ''}`.trim();
  const summary = sample
    ? `selected ${mbps(sample.selectedBitrate)} / stream ${mbps(sample.streamBitrate)} Mbit/s, throughput ${mbps(sample.throughput)} Mbit/s, ` +
      `buffered ${sample.bufferedDuration ?? '-'} s, dropped ${sample.droppedFrames ?? '-'} of ${sample.totalFrames ?? '-'} frames`
    : (error ?? '');
  return {
    source: 'vault',
    index: stored.index,
    receivedAt,
    at: time(record.timestamp, receivedAt),
    appSessionId: str(m.appSessionId),
    playbackId: str(m.playbackSessionId),
    name: stored.activity,
    sequence: num(record.sequence),
    eventId: str(record.eventId),
    valid: stored.valid,
    duplicate: stored.duplicate,
    problems: stored.errors.map((e) => `${e.path || '(record)'}: ${e.message}`),
    droppedRecords: num(record.droppedRecords) ?? 0,
    identity,
    device: describeDevice(identity.deviceId ?? null, stored.userAgent ?? null, stored.remoteAddress ?? null),
    content: {
      contentType: str(m.contentType),
      contentSource: str(m.contentSource),
      editorialId: str(m.editorialId),
      technicalId: str(m.technicalId),
      programmeId: str(m.programmeId),
      entryId: null,
      uri: str(m.uri),
    },
    sample,
    error,
    errorCode,
    summary,
  };
}

/**
 * Kava's sessionId is the agent's appSessionId, ':' and a media count (src/kava/plugin.ts), so its
 * events join the app session the Vault records name. The `ks` parameter is a token: never kept.
 */
export function fromKavaEvent(event: KavaEventLike): DashboardEvent {
  const p = event.params;
  const session = str(p.sessionId);
  const cut = session ? session.lastIndexOf(':') : -1;
  const view = p.eventType === KAVA_VIEW;
  const bufferHealth = kavaNumber(p, 'forwardBufferHealth');
  const target = kavaNumber(p, 'targetBuffer');
  const sample: Sample | null = view
    ? {
        selectedBitrate: kavaNumber(p, 'actualBitrate', 1000),
        streamBitrate: null,
        throughput: kavaNumber(p, 'bandwidth', 1000),
        throughputAverage: kavaNumber(p, 'averageBitrate', 1000),
        bufferedDuration: bufferHealth !== null && target !== null ? bufferHealth * target : null,
        droppedFrames: null,
        totalFrames: null,
      }
    : null;
  const errorCode = p.eventType === KAVA_ERROR ? p.errorCode || '?' : null;
  const error = errorCode === null ? null : `${errorCode} ${p.errorDetails ?? ''}`.trim();
  const shown = ['position', 'playbackType', 'actualBitrate', 'bandwidth', 'bufferTime', 'forwardBufferHealth', 'droppedFramesRatio']
    .filter((key) => key in p)
    .map((key) => `${key} ${p[key]}`);
  return {
    source: 'kava',
    index: event.index,
    receivedAt: event.receivedAt,
    at: event.receivedAt,
    appSessionId: session ? (cut > 0 ? session.slice(0, cut) : session) : null,
    playbackId: session ? `kava:${session}` : null,
    name: event.type,
    sequence: kavaNumber(p, 'eventIndex'),
    eventId: null,
    valid: event.valid,
    duplicate: event.duplicate,
    problems: event.errors.slice(),
    droppedRecords: 0,
    identity: {},
    device: null,
    content: {
      contentType: str(p.playbackType),
      contentSource: str(p.deliveryType),
      editorialId: null,
      technicalId: null,
      programmeId: null,
      entryId: str(p.entryId),
      uri: null,
    },
    sample,
    error,
    errorCode,
    summary: error ?? shown.join(', '),
  };
}
