/**
 * What the debug overlay shows, as text: pure functions from the agent's state to labelled rows,
 * so masking and formatting are tested without a DOM. Nothing here shows a token (the content's
 * `ks`, headers) or a URI's query.
 */
import type { AgentStatus } from '../agent/status';
import { Identity } from '../core/types';
import { stripQuery } from '../core/values';
import { DeviceDescription, Platform } from '../platform/platform';

export interface OverlayRow {
  /** Stable name (the e2e tests read `data-field`). */
  key: string;
  label: string;
  value: string;
}

/** The agent's counters (agent.status()); empty before the host has any. */
export type StatusCounts = Partial<AgentStatus>;

/** The player now, from the agent's shared adapter; throughput measured by the overlay. */
export interface LiveValues {
  selectedBandwidth: number | null;
  streamBandwidth: number | null;
  /** bit/s over the last refresh window with segment downloads */
  throughput: number | null;
  /** bit/s over the player's life so far */
  throughputAverage: number | null;
  bufferedAheadSeconds: number | null;
  droppedFrames: number | null;
  decodedFrames: number | null;
  positionSeconds: number | null;
  uri: string | null;
}

export interface ContentIds {
  contentType: string;
  contentSource: string;
  editorialId: string;
  technicalId: string | null;
  programmeId: string | null;
}

/** Something that happened, with when (agent clock, ms). */
export interface Note {
  text: string;
  at: number;
}

export interface OverlaySnapshot {
  now: number;
  agentVersion: string;
  device: DeviceDescription;
  identity: Identity;
  appSessionId: string;
  playbackSessionId: string | null;
  playerVersion: string | null;
  content: ContentIds | null;
  live: LiveValues | null;
  error: Note | null;
  status: StatusCounts;
  delivery: Note | null;
}

var NONE = '-';
var MASK = '****';
var IDENTITY_KEYS: (keyof Identity)[] = ['deviceId', 'accountId', 'userId', 'sessionId'];

/**
 * "Chromium NN", "WebKit NNN" or null: the only user-agent parsing tv-telemetry does. Samsung TVs
 * mostly omit "Chrome/": Tizen 5.5+ put the Chromium version after "like Gecko)"; Tizen 3.0-5.0
 * give only the Tizen version (Chromium 47 / 56 / 63; 3.0 still says AppleWebKit/538.1).
 */
export function engineOf(ua: string): string | null {
  var m = /Chrome\/(\d+)/.exec(ua) || /Gecko\) (\d+)\.\d+\.\d+/.exec(ua);
  if (m) return 'Chromium ' + m[1];
  m = /Tizen ([345])\.0/.exec(ua);
  if (m) return 'Chromium ' + [47, 56, 63][+m[1] - 3];
  m = /AppleWebKit\/(\d+)/i.exec(ua);
  return m ? 'WebKit ' + m[1] : null;
}

/**
 * The device line: the platform's name, its vendor's model and firmware (empty or missing parts
 * become null, others strings), the engine from the user agent.
 */
export function describeDevice(platform: Pick<Platform, 'name' | 'info'>, userAgent: string | undefined): DeviceDescription {
  var info = platform.info();
  return {
    platform: platform.name,
    engine: engineOf(userAgent || ''),
    model: info && info.model ? '' + info.model : null,
    firmware: info && info.firmware ? '' + info.firmware : null,
  };
}

/** Only the last 4 characters of an ID; an ID that short is hidden whole. */
export function maskId(id: string | null | undefined): string {
  if (typeof id !== 'string' || !id) return NONE;
  return id.length <= 4 ? MASK : MASK + id.slice(-4);
}

export function formatBitrate(bps: unknown): string {
  if (typeof bps !== 'number' || !isFinite(bps)) return NONE;
  if (bps >= 1e6) return (bps / 1e6).toFixed(2) + ' Mbit/s';
  if (bps >= 1e3) return Math.round(bps / 1e3) + ' kbit/s';
  return Math.round(bps) + ' bit/s';
}

export function formatSeconds(seconds: unknown): string {
  return typeof seconds === 'number' && isFinite(seconds) ? seconds.toFixed(1) + ' s' : NONE;
}

/** "just now", "12 s ago", "3 min ago". */
export function formatAge(at: number, now: number): string {
  var s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 1) return 'just now';
  return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
}

/** Text for the overlay: one line, no query strings, bounded length. */
export function clean(text: unknown, max?: number): string {
  var s = String(text == null ? NONE : text).replace(/\?\S*|\s+/g, ' ');
  var limit = max || 80;
  return s.length > limit ? s.slice(0, limit - 1) + '~' : s;
}

/**
 * What the last delivery did, told from how the agent's counters moved since the previous look
 * (the worst news first); null when nothing moved.
 */
export function deliveryChange(before: StatusCounts, after: StatusCounts): string | null {
  function grew(key: keyof AgentStatus): number {
    return (after[key] || 0) - (before[key] || 0);
  }
  if (grew('refused') > 0) return 'refused by the collector (HTTP 4xx), ' + grew('refused') + ' records dropped';
  if ((after.retrying || 0) > 0 && grew('retrying') !== 0) return 'failed (network or HTTP 408/429/5xx), ' + after.retrying + ' records wait for a retry';
  if (grew('sent') > 0) return 'ok, ' + grew('sent') + ' records sent';
  if (grew('overflowed') > 0) return 'queue full, ' + grew('overflowed') + ' oldest records dropped';
  return null;
}

function joinParts(parts: (string | null)[]): string {
  var out: string[] = [];
  for (var i = 0; i < parts.length; i++) {
    var part = parts[i];
    if (part) out.push(part);
  }
  return out.length ? out.join(' ') : NONE;
}

function count(value: number | null): string {
  return value === null ? NONE : String(value);
}

/** The overlay's rows, top to bottom. */
export function overlayRows(s: OverlaySnapshot): OverlayRow[] {
  var rows: OverlayRow[] = [];
  function row(key: string, label: string, value: string): void {
    rows.push({ key: key, label: label, value: value });
  }
  var d = s.device;
  row('agent', 'agent', 'tv-telemetry ' + clean(s.agentVersion, 24) + (s.playerVersion ? ', ' + clean(s.playerVersion, 40) : ''));
  row('platform', 'platform', clean(joinParts([d.platform, d.engine, d.model, d.firmware])));

  var ids: string[] = [];
  for (var i = 0; i < IDENTITY_KEYS.length; i++) {
    var value = s.identity[IDENTITY_KEYS[i]];
    if (value) ids.push(IDENTITY_KEYS[i].replace('Id', '') + ' ' + maskId(value));
  }
  row('identity', 'identity', ids.length ? ids.join('  ') : NONE);
  row('sessions', 'sessions', 'app ' + maskId(s.appSessionId) + '  playback ' + maskId(s.playbackSessionId));

  var c = s.content;
  row('content', 'content', c ? clean(c.contentType + ' ' + c.contentSource) : 'none (not tracked, or rejected)');
  row(
    'contentIds',
    'IDs',
    c
      ? clean(
          joinParts(['editorial ' + c.editorialId, c.technicalId ? 'technical ' + c.technicalId : null, c.programmeId ? 'programme ' + c.programmeId : null]),
          100
        )
      : NONE
  );

  var m = s.live;
  if (m) {
    row('bitrate', 'bitrate', 'selected ' + formatBitrate(m.selectedBandwidth) + '  stream ' + formatBitrate(m.streamBandwidth));
    row('throughput', 'throughput', formatBitrate(m.throughput) + '  avg ' + formatBitrate(m.throughputAverage));
    row('buffer', 'buffered', formatSeconds(m.bufferedAheadSeconds) + '  position ' + formatSeconds(m.positionSeconds));
    row('frames', 'frames', count(m.droppedFrames) + ' dropped of ' + count(m.decodedFrames));
    row('uri', 'uri', m.uri ? clean(stripQuery(m.uri), 100) : NONE);
  } else row('bitrate', 'player', 'no playback tracked');
  row('error', 'last error', s.error ? clean(s.error.text, 90) + ', ' + formatAge(s.error.at, s.now) : 'none');

  var st = s.status;
  row('queue', 'queue', 'queued ' + st.queued + '  sent ' + st.sent + '  retrying ' + st.retrying);
  row('drops', 'drops', 'dropped ' + st.dropped + ' (overflow ' + st.overflowed + ', refused ' + st.refused + ')  rejected ' + st.rejected);
  row('delivery', 'delivery', s.delivery ? clean(s.delivery.text, 90) + ', ' + formatAge(s.delivery.at, s.now) : 'nothing sent yet');
  return rows;
}
