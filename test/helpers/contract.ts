/**
 * The Vault record contract (docs/adr/0009 to 0014) as a checker: returns every way a
 * record received by the collector breaks it, so a test can `expect(contractProblems(r)).to.deep.equal([])`.
 */
import { UUID_PATTERN } from '../../src/core/ids';

export var CONTENT_TYPES = ['live-event', 'live-stcu-event', 'start-over', 'ltcu', 'npvr-event', 'vod-ed'];
export var CONTENT_SOURCES = ['IPTV', 'OTT', 'Blend'];
export var METRICS_FIELDS = [
  'playbackProgress',
  'selectedBitrate',
  'streamBitrate',
  'availableBitrates',
  'bytesDownloaded',
  'downloadBitRate',
  'downloadBitrateAverage',
  'bufferedDuration',
  'droppedVideoFrames',
  'totalVideoFrames',
  'uri',
];
var IDENTITY = ['deviceId', 'accountId', 'userId', 'sessionId'];
var ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= 256;
}

/** Every number anywhere in the value is finite; no string is empty. */
function walk(value: unknown, path: string, problems: string[]): void {
  if (typeof value === 'number' && !isFinite(value)) problems.push(path + ': not finite');
  else if (value === '') problems.push(path + ': empty string');
  else if (value instanceof Array) value.forEach((v, i) => walk(v, path + '[' + i + ']', problems));
  else if (value && typeof value === 'object') for (var k in value as object) walk((value as any)[k], path + '.' + k, problems);
}

export function contractProblems(record: { [key: string]: any }): string[] {
  var problems: string[] = [];
  var activity = record.activityName;
  if (activity !== 'playback_metrics' && activity !== 'playerError') problems.push('activityName: ' + activity);
  if (!UUID_PATTERN.test(String(record.eventId))) problems.push('eventId: not a UUID');
  if (!ISO_UTC.test(String(record.timestamp))) problems.push('timestamp: not ISO 8601 UTC');
  if (typeof record.sequence !== 'number' || record.sequence < 1 || Math.floor(record.sequence) !== record.sequence)
    problems.push('sequence: not a positive integer');
  IDENTITY.forEach(function (k) {
    if (k in record && !isId(record[k])) problems.push(k + ': present but not an ID');
  });
  if (!isId(record.sessionId)) problems.push('sessionId: missing');
  if (activity === 'playerError' && !isId(record.deviceId)) problems.push('deviceId: required on playerError');
  var m = record.metadata;
  if (!m || typeof m !== 'object') return problems.concat(['metadata: missing']);
  if (!UUID_PATTERN.test(String(m.appSessionId))) problems.push('metadata.appSessionId: not a UUID');
  if (!UUID_PATTERN.test(String(m.playbackSessionId))) problems.push('metadata.playbackSessionId: not a UUID');
  if (CONTENT_SOURCES.indexOf(m.contentSource) < 0) problems.push('metadata.contentSource: ' + m.contentSource);
  if (CONTENT_TYPES.indexOf(m.contentType) < 0) problems.push('metadata.contentType: ' + m.contentType);
  if (!isId(m.editorialId)) problems.push('metadata.editorialId: missing');
  if (m.contentType === 'live-event') {
    if (!isId(m.technicalId)) problems.push('metadata.technicalId: required for live-event');
    if (!isId(m.programmeId)) problems.push('metadata.programmeId: required for live-event');
  }
  ['technicalId', 'programmeId'].forEach(function (k) {
    if (k in m && !isId(m[k])) problems.push('metadata.' + k + ': present but not an ID');
  });
  if (activity === 'playback_metrics') {
    METRICS_FIELDS.forEach(function (k) {
      if (!(k in m)) problems.push('metadata.' + k + ': missing');
      else if (k === 'availableBitrates') {
        if (!(m[k] instanceof Array)) problems.push('metadata.availableBitrates: not an array');
      } else if (k === 'uri') {
        if (m[k] !== null && typeof m[k] !== 'string') problems.push('metadata.uri: not a string or null');
      } else if (m[k] !== null && typeof m[k] !== 'number') problems.push('metadata.' + k + ': not a number or null');
    });
  } else if (activity === 'playerError') {
    ['errorCode', 'errorMsg', 'playerTypeVersion'].forEach(function (k) {
      if (typeof m[k] !== 'string' || !m[k]) problems.push('metadata.' + k + ': missing');
    });
  }
  walk(record, 'record', problems);
  return problems;
}
