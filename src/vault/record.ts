import { Identity } from '../core/types';
import { copyOwn, round, stripQuery } from '../core/values';
import { PlayerFault, PlayerReading } from '../player/types';
import { MetricsSample, rounded } from '../sample/metrics';
import { CheckedContent } from './content';

export type ActivityName = 'playback_metrics' | 'playerError';

/** Record metadata, as built up field by field in contract order. */
export type Metadata = { [key: string]: unknown };

/**
 * The record as JSON, serialised once: the envelope fields in contract order around the metadata;
 * identity fields the app and platform lack are omitted. `sessionId`: the operator's login session,
 * or the app session standing in for it.
 */
export function serializeRecord(
  activityName: ActivityName,
  eventId: string,
  timestamp: string,
  sequence: number,
  identity: Identity,
  sessionId: string,
  metadata: Metadata
): string {
  return JSON.stringify({
    activityName: activityName,
    eventId: eventId,
    timestamp: timestamp,
    sequence: sequence,
    deviceId: identity.deviceId || undefined,
    accountId: identity.accountId || undefined,
    userId: identity.userId || undefined,
    sessionId: sessionId,
    metadata: metadata,
  });
}

/**
 * The IDs every record of a playback starts with, in contract order: a fresh object, which
 * metricsMetadata or errorMetadata completes.
 */
export function recordIds(appSessionId: string, playbackSessionId: string, content: CheckedContent, technicalId: string | null): Metadata {
  return {
    appSessionId: appSessionId,
    playbackSessionId: playbackSessionId,
    contentSource: content.contentSource,
    contentType: content.contentType,
    editorialId: content.editorialId,
    technicalId: technicalId || undefined,
    programmeId: content.programmeId || undefined,
  };
}

/** Completes `ids` into a record of the interval `sample` ends with `reading`: the metrics between progress and uri. */
export function metricsMetadata(ids: Metadata, content: CheckedContent, reading: PlayerReading, sample: MetricsSample, keepUriQuery: boolean): Metadata {
  ids.playbackProgress = playbackProgress(content, reading);
  copyOwn(sample, ids);
  ids.uri = reading.uri && !keepUriQuery ? stripQuery(reading.uri) : reading.uri;
  return ids;
}

/** A player error as the record names it. */
export interface ErrorDescription {
  errorCode: string;
  errorMsg: string;
}

/** Completes `ids` into an error record. */
export function errorMetadata(ids: Metadata, error: ErrorDescription, playerTypeVersion: string): Metadata {
  copyOwn(error, ids);
  ids.playerTypeVersion = playerTypeVersion;
  return ids;
}

/** errorCode and errorMsg for a player fault, e.g. "1001" and "NETWORK.BAD_HTTP_STATUS (1.1001): https://… 404". */
export function describeFault(fault: PlayerFault): ErrorDescription {
  var numbers = fault.code === null ? '' : ' (' + (fault.category === null ? '?' : fault.category) + '.' + fault.code + ')';
  return {
    errorCode: fault.code === null ? (fault.fromLoad ? 'LOAD_FAILED' : 'UNKNOWN') : String(fault.code),
    errorMsg: fault.name + numbers + (fault.fromLoad ? ' on load' : '') + (fault.detail ? ': ' + fault.detail : ''),
  };
}

/**
 * Playhead dates before this are not wall-clock time: Shaka dates a static manifest without
 * availabilityStartTime (a VOD asset of the event) from 1970.
 */
var PLAUSIBLE_DATE_MS = Date.UTC(2000, 0, 1);

/**
 * Seconds from the start of the event (live-event, live-stcu-event, start-over: the playhead's wall
 * clock time minus the event start; negative after a DVR seek back before it) or the media position
 * (ltcu, npvr-event, vod-ed, and event-relative content without an event start or a plausible
 * playhead date). Null only when the player has no media position.
 */
function playbackProgress(content: CheckedContent, reading: PlayerReading): number | null {
  var date = reading.playheadDateMs;
  if (content.eventRelative && content.eventStart !== null && date !== null && date >= PLAUSIBLE_DATE_MS) return round((date - content.eventStart) / 1000, 3);
  return rounded(reading.positionSeconds, 3);
}
