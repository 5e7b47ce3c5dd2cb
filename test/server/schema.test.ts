import { expect } from 'chai';
import { createRecordValidator } from '../../server/collector/record-validator';
import { errorRecord, metricsRecord, without, type Json } from './records';

describe('vault record schema', () => {
  const validate = createRecordValidator();
  const errorsOf = (record: unknown, index = 0) =>
    validate(record, index, ((record as Json).activityName as 'playback_metrics' | 'playerError') ?? 'playback_metrics');
  const paths = (record: unknown, index = 0) => errorsOf(record, index).map((e) => e.path);

  it('accepts a complete playback_metrics record and a complete playerError record', () => {
    expect(errorsOf(metricsRecord())).to.deep.equal([]);
    expect(errorsOf(errorRecord())).to.deep.equal([]);
  });

  it('accepts null for every metric that may be unmeasurable', () => {
    const nulls = Object.fromEntries(
      [
        'playbackProgress',
        'selectedBitrate',
        'streamBitrate',
        'downloadBitRate',
        'downloadBitrateAverage',
        'bufferedDuration',
        'droppedVideoFrames',
        'totalVideoFrames',
        'uri',
      ].map((k) => [k, null])
    );
    expect(errorsOf(metricsRecord({}, nulls))).to.deep.equal([]);
  });

  it('accepts a record without the optional identity fields', () => {
    const record = without(without(without(metricsRecord({ accountId: 'a', userId: 'u' }), 'deviceId'), 'accountId'), 'userId');
    expect(errorsOf(record)).to.deep.equal([]);
  });

  it('rejects a playerError without deviceId (required there), and more than 32 availableBitrates', () => {
    expect(errorsOf(without(errorRecord(), 'deviceId'))).to.not.deep.equal([]);
    const rungs = Array.from({ length: 33 }, (_, i) => (i + 1) * 100000);
    expect(errorsOf(metricsRecord({}, { availableBitrates: rungs }))).to.not.deep.equal([]);
  });

  for (const field of ['activityName', 'eventId', 'timestamp', 'sequence', 'sessionId', 'metadata']) {
    it(`rejects a record without ${field}`, () => {
      expect(errorsOf(without(metricsRecord(), field))).to.not.deep.equal([]);
    });
  }

  for (const field of [
    'appSessionId',
    'playbackSessionId',
    'contentSource',
    'contentType',
    'editorialId',
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
  ]) {
    it(`rejects playback_metrics without metadata.${field}`, () => {
      expect(paths(without(metricsRecord(), `metadata.${field}`))).to.include('/metadata');
    });
  }

  for (const field of ['errorCode', 'errorMsg', 'playerTypeVersion']) {
    it(`rejects playerError without metadata.${field}`, () => {
      expect(paths(without(errorRecord(), `metadata.${field}`))).to.include('/metadata');
    });
  }

  it('accepts null bytesDownloaded: the player had no networking engine to count them', () => {
    expect(errorsOf(metricsRecord({}, { bytesDownloaded: null }))).to.deep.equal([]);
  });

  it('requires technicalId and programmeId for live-event only', () => {
    expect(paths(without(errorRecord(), 'metadata.technicalId'))).to.include('/metadata');
    expect(paths(without(errorRecord(), 'metadata.programmeId'))).to.include('/metadata');
    const startOver = errorRecord({}, { contentType: 'start-over' });
    expect(errorsOf(without(without(startOver, 'metadata.technicalId'), 'metadata.programmeId'))).to.deep.equal([]);
  });

  const bad: Array<[string, Json, Json, string]> = [
    ['an unknown activityName', { activityName: 'pageView' }, {}, '/activityName'],
    ['an uppercase eventId', { eventId: '5F0C6A7E-2B1D-4C4E-9A53-0D6C1E7F9B21' }, {}, '/eventId'],
    ['a version 1 UUID as eventId', { eventId: 'c232ab00-9414-11ec-b3c8-9f6bdeced846' }, {}, '/eventId'],
    ['a timestamp without milliseconds', { timestamp: '2026-11-21T20:15:00Z' }, {}, '/timestamp'],
    ['a timestamp with an offset instead of Z', { timestamp: '2026-11-21T20:15:00.000+01:00' }, {}, '/timestamp'],
    ['a timestamp in month 13', { timestamp: '2026-13-21T20:15:00.000Z' }, {}, '/timestamp'],
    ['sequence 0', { sequence: 0 }, {}, '/sequence'],
    ['a fractional sequence', { sequence: 1.5 }, {}, '/sequence'],
    ['an empty deviceId', { deviceId: '' }, {}, '/deviceId'],
    ['an empty sessionId', { sessionId: '' }, {}, '/sessionId'],
    ['droppedRecords 0', { droppedRecords: 0 }, {}, '/droppedRecords'],
    ['an unknown top-level key', { extra: 1 }, {}, ''],
    ['an unknown contentSource', {}, { contentSource: 'DVB' }, '/metadata/contentSource'],
    ['an unknown contentType', {}, { contentType: 'vod' }, '/metadata/contentType'],
    ['an empty editorialId', {}, { editorialId: '' }, '/metadata/editorialId'],
    ['a non-UUID playbackSessionId', {}, { playbackSessionId: 'p-1' }, '/metadata/playbackSessionId'],
    ['a negative selectedBitrate', {}, { selectedBitrate: -1 }, '/metadata/selectedBitrate'],
    ['a string streamBitrate', {}, { streamBitrate: '131344' }, '/metadata/streamBitrate'],
    ['a fractional bytesDownloaded', {}, { bytesDownloaded: 10.5 }, '/metadata/bytesDownloaded'],
    ['a negative bufferedDuration', {}, { bufferedDuration: -0.1 }, '/metadata/bufferedDuration'],
    ['fractional droppedVideoFrames', {}, { droppedVideoFrames: 1.5 }, '/metadata/droppedVideoFrames'],
    ['a zero bitrate on offer', {}, { availableBitrates: [0, 131344] }, '/metadata/availableBitrates/0'],
    ['repeated bitrates on offer', {}, { availableBitrates: [65583, 65583] }, '/metadata/availableBitrates'],
    ['descending bitrates on offer', {}, { availableBitrates: [131344, 65583] }, '/metadata/availableBitrates'],
    ['a numeric uri', {}, { uri: 42 }, '/metadata/uri'],
  ];
  for (const [what, overrides, metadata, path] of bad) {
    it(`rejects ${what} at ${path || 'the record'}`, () => {
      expect(paths(metricsRecord(overrides, metadata))).to.include(path);
    });
  }

  it('rejects droppedRecords anywhere but on the first record of a batch', () => {
    expect(errorsOf(metricsRecord({ droppedRecords: 3 }), 0)).to.deep.equal([]);
    expect(paths(metricsRecord({ droppedRecords: 3 }), 1)).to.deep.equal(['/droppedRecords']);
  });

  it('rejects a record posted to the other activity endpoint', () => {
    expect(validate(metricsRecord(), 0, 'playerError').map((e) => e.path)).to.deep.equal(['/activityName']);
  });

  it('allows extra metadata properties', () => {
    expect(errorsOf(metricsRecord({}, { programmeStart: '2026-11-21T20:00:00.000Z' }))).to.deep.equal([]);
  });
});
