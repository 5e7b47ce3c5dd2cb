// Valid Vault records to start from; tests break one field at a time.
import { randomUUID } from 'node:crypto';

export type Json = Record<string, unknown>;

const APP_SESSION = randomUUID();

export function metricsRecord(overrides: Json = {}, metadata: Json = {}): Json {
  return {
    activityName: 'playback_metrics',
    eventId: randomUUID(),
    timestamp: '2026-11-21T20:15:00.000Z',
    sequence: 17,
    deviceId: 'device-1',
    sessionId: 'login-session-1',
    metadata: {
      appSessionId: APP_SESSION,
      playbackSessionId: randomUUID(),
      contentSource: 'OTT',
      contentType: 'vod-ed',
      editorialId: 'content-42',
      playbackProgress: 12.5,
      selectedBitrate: 131344,
      streamBitrate: 131344,
      availableBitrates: [65583, 131344],
      bytesDownloaded: 206387,
      downloadBitRate: 2500000,
      downloadBitrateAverage: 2400000.5,
      bufferedDuration: 9.8,
      droppedVideoFrames: 0,
      totalVideoFrames: 900,
      uri: 'http://127.0.0.1:8080/media/dev/vod-dash/manifest.mpd',
      ...metadata,
    },
    ...overrides,
  };
}

export function errorRecord(overrides: Json = {}, metadata: Json = {}): Json {
  return {
    activityName: 'playerError',
    eventId: randomUUID(),
    timestamp: '2026-11-21T20:15:01.123Z',
    sequence: 1,
    deviceId: 'device-1',
    sessionId: APP_SESSION,
    metadata: {
      appSessionId: APP_SESSION,
      playbackSessionId: randomUUID(),
      contentSource: 'IPTV',
      contentType: 'live-event',
      editorialId: 'channel-1',
      technicalId: 'dvb://1.2.3',
      programmeId: 'programme-9',
      errorCode: '1001',
      errorMsg: 'NETWORK BAD_HTTP_STATUS: 404 for manifest.mpd',
      playerTypeVersion: 'shaka-player/v4.16.50',
      ...metadata,
    },
    ...overrides,
  };
}

/** A copy of `record` without the key at `path` ("metadata.uri" style). */
export function without(record: Json, path: string): Json {
  const copy = JSON.parse(JSON.stringify(record)) as Json;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Json;
  delete target[keys[keys.length - 1]];
  return copy;
}
