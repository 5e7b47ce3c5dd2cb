import { expect } from 'chai';
import { Profile } from '../../../src/profile/types';
import { validateProfile } from '../../../src/profile/validate';
import { METRICS_FIELDS } from '../../helpers/contract';
import { PlayerReading } from '../../../src/player/types';
import { MetricsSample } from '../../../src/sample/metrics';
import { checkContent, CheckedContent } from '../../../src/vault/content';
import { describeFault, errorMetadata, Metadata, metricsMetadata, recordIds, serializeRecord } from '../../../src/vault/record';

var APP = '11111111-1111-4111-8111-111111111111';
var PLAYBACK = '22222222-2222-4222-8222-222222222222';
var EVENT_START = Date.UTC(2026, 10, 21, 20, 0, 0);

function prof(): Profile {
  var r = validateProfile({ name: 'op', vault: { endpoint: 'https://vault.example' } });
  if (!r.ok) throw new Error('bad profile');
  return r.profile;
}

function content(raw: { [key: string]: unknown }): CheckedContent {
  var r = checkContent(raw, prof());
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.content;
}

function ids(c: CheckedContent, technicalId?: string): Metadata {
  return recordIds(APP, PLAYBACK, c, technicalId || null);
}

function sample(over?: Partial<MetricsSample>): MetricsSample {
  var s: MetricsSample = {
    selectedBitrate: 5000000,
    streamBitrate: 2500000,
    availableBitrates: [800000, 2500000, 5000000],
    bytesDownloaded: 1000,
    downloadBitRate: 8000000,
    downloadBitrateAverage: 7000000,
    bufferedDuration: 12.5,
    droppedVideoFrames: 1,
    totalVideoFrames: 1500,
  };
  for (var k in over || {}) (s as any)[k] = (over as any)[k];
  return s;
}

/** The reading that ends the sampled interval: position, playhead date and uri come from it. */
function reading(over?: Partial<PlayerReading>): PlayerReading {
  var r: PlayerReading = {
    positionSeconds: 95.5,
    playheadDateMs: EVENT_START + 1234567,
    streamBandwidth: 2500000,
    selectedBandwidth: 5000000,
    availableBandwidths: [800000, 2500000, 5000000],
    bufferedAheadSeconds: 12.5,
    decodedFrames: 1500,
    droppedFrames: 1,
    playTimeSeconds: 60,
    uri: 'https://cdn.example/a.mpd?token=secret#frag',
    bytes: 1000,
    segmentBytes: 0,
    segmentMs: 0,
  };
  for (var k in over || {}) (r as any)[k] = (over as any)[k];
  return r;
}

describe('vault/record', function () {
  describe('serializeRecord', function () {
    var EVENT_ID = '33333333-3333-4333-8333-333333333333';
    var TIMESTAMP = '2026-11-21T20:15:00.000Z';
    var identity = { deviceId: 'dev', accountId: 'acc', userId: 'usr', sessionId: 'op-session' };

    it('writes the envelope fields in contract order around the metadata', function () {
      var json = serializeRecord('playback_metrics', EVENT_ID, TIMESTAMP, 17, identity, 'op-session', { a: 1 });
      expect(json).to.equal(
        '{"activityName":"playback_metrics","eventId":"33333333-3333-4333-8333-333333333333","timestamp":"2026-11-21T20:15:00.000Z",' +
          '"sequence":17,"deviceId":"dev","accountId":"acc","userId":"usr","sessionId":"op-session","metadata":{"a":1}}'
      );
    });

    it('omits identity fields it does not know, never sending empty strings', function () {
      var parsed = JSON.parse(serializeRecord('playback_metrics', EVENT_ID, TIMESTAMP, 17, { deviceId: '', userId: 'usr' }, APP, {}));
      expect(parsed).not.to.have.property('deviceId');
      expect(parsed).not.to.have.property('accountId');
      expect(parsed.userId).to.equal('usr');
      expect(parsed.sessionId).to.equal(APP);
    });
  });

  describe('metricsMetadata', function () {
    it('holds the IDs and every metric, with the uri stripped of query and fragment', function () {
      var c = content({ contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' });
      expect(metricsMetadata(ids(c), c, reading(), sample(), false)).to.deep.equal({
        appSessionId: APP,
        playbackSessionId: PLAYBACK,
        contentSource: 'OTT',
        contentType: 'vod-ed',
        editorialId: 'movie-1',
        technicalId: undefined,
        programmeId: undefined,
        playbackProgress: 95.5,
        selectedBitrate: 5000000,
        streamBitrate: 2500000,
        availableBitrates: [800000, 2500000, 5000000],
        bytesDownloaded: 1000,
        downloadBitRate: 8000000,
        downloadBitrateAverage: 7000000,
        bufferedDuration: 12.5,
        droppedVideoFrames: 1,
        totalVideoFrames: 1500,
        uri: 'https://cdn.example/a.mpd',
      });
    });

    it('writes the metrics in contract order, after the IDs and playbackProgress', function () {
      var c = content({ contentType: 'vod-ed', editorialId: 'movie-1' });
      var keys = Object.keys(metricsMetadata(ids(c), c, reading(), sample(), false));
      expect(keys.slice(keys.indexOf('playbackProgress'))).to.deep.equal(METRICS_FIELDS);
    });

    it('keeps the uri query when the profile says so', function () {
      var c = content({ contentType: 'vod-ed', editorialId: 'movie-1' });
      expect(metricsMetadata(ids(c), c, reading(), sample(), true).uri).to.equal('https://cdn.example/a.mpd?token=secret#frag');
      expect(metricsMetadata(ids(c), c, reading({ uri: null }), sample(), false).uri).to.equal(null);
    });

    it('counts playbackProgress from the event start on the playhead wall clock for live-event, live-stcu-event, start-over', function () {
      ['live-event', 'live-stcu-event', 'start-over'].forEach(function (type) {
        var c = content({ contentType: type, editorialId: 'e', programmeId: 'p', eventStart: EVENT_START });
        expect(metricsMetadata(ids(c, 't'), c, reading(), sample(), false).playbackProgress, type).to.equal(1234.567);
      });
    });

    it('uses the media position for ltcu, npvr-event and vod-ed', function () {
      ['ltcu', 'npvr-event', 'vod-ed'].forEach(function (type) {
        var c = content({ contentType: type, editorialId: 'e', eventStart: EVENT_START });
        expect(metricsMetadata(ids(c), c, reading(), sample(), false).playbackProgress, type).to.equal(95.5);
        expect(metricsMetadata(ids(c), c, reading({ positionSeconds: 12.34567 }), sample(), false).playbackProgress, type).to.equal(12.346);
        expect(metricsMetadata(ids(c), c, reading({ positionSeconds: -0.2 }), sample(), false).playbackProgress, type).to.equal(0);
        expect(metricsMetadata(ids(c), c, reading({ positionSeconds: null }), sample(), false).playbackProgress, type).to.equal(null);
      });
    });

    it('falls back to the media position for event-relative content without an event start or a playhead date', function () {
      var noStart = content({ contentType: 'start-over', editorialId: 'e' });
      expect(metricsMetadata(ids(noStart), noStart, reading(), sample(), false).playbackProgress).to.equal(95.5);
      var c = content({ contentType: 'start-over', editorialId: 'e', eventStart: EVENT_START });
      expect(metricsMetadata(ids(c), c, reading({ playheadDateMs: null }), sample(), false).playbackProgress).to.equal(95.5);
    });

    it("falls back to the media position on an implausible playhead date (Shaka's 1970-based dates of a static manifest)", function () {
      ['live-event', 'live-stcu-event', 'start-over'].forEach(function (type) {
        var c = content({ contentType: type, editorialId: 'e', programmeId: 'p', eventStart: Date.UTC(2026, 10, 21, 20, 0, 0) });
        // a VOD asset of the event: Shaka dates the playhead from 1970 (95.5 s into the asset)
        var m = metricsMetadata(ids(c, 't'), c, reading({ playheadDateMs: 95500 }), sample(), false);
        expect(m.playbackProgress, type).to.equal(95.5);
      });
    });

    it('keeps a negative playbackProgress on a plausible date before the programme start (a DVR seek back)', function () {
      var c = content({ contentType: 'live-event', editorialId: 'e', programmeId: 'p', eventStart: EVENT_START });
      expect(metricsMetadata(ids(c, 't'), c, reading({ playheadDateMs: EVENT_START - 90000 }), sample(), false).playbackProgress).to.equal(-90);
    });

    it('carries technicalId and programmeId when known', function () {
      var c = content({ contentType: 'live-event', editorialId: 'ch-1', programmeId: 'prog-7' });
      var m = metricsMetadata(ids(c, 'tech-1'), c, reading(), sample(), false);
      expect(m.technicalId).to.equal('tech-1');
      expect(m.programmeId).to.equal('prog-7');
    });
  });

  describe('errorMetadata and describeFault', function () {
    it('holds the IDs, errorCode, errorMsg and playerTypeVersion', function () {
      var c = content({ contentType: 'vod-ed', editorialId: 'movie-1' });
      expect(errorMetadata(ids(c), { errorCode: '1001', errorMsg: 'msg' }, 'shaka-player/v4.16.50')).to.deep.include({
        appSessionId: APP,
        playbackSessionId: PLAYBACK,
        editorialId: 'movie-1',
        errorCode: '1001',
        errorMsg: 'msg',
        playerTypeVersion: 'shaka-player/v4.16.50',
      });
    });

    it('describes a fault by names, numbers, origin and detail', function () {
      expect(
        describeFault({ code: 1001, category: 1, severity: 2, name: 'NETWORK.BAD_HTTP_STATUS', detail: 'https://cdn.example/x 404', fromLoad: false })
      ).to.deep.equal({ errorCode: '1001', errorMsg: 'NETWORK.BAD_HTTP_STATUS (1.1001): https://cdn.example/x 404' });
      expect(describeFault({ code: 4001, category: 4, severity: 2, name: '4.4001', detail: '', fromLoad: true })).to.deep.equal({
        errorCode: '4001',
        errorMsg: '4.4001 (4.4001) on load',
      });
      expect(describeFault({ code: 1001, category: null, severity: null, name: '?.1001', detail: '', fromLoad: false }).errorMsg).to.equal('?.1001 (?.1001)');
    });

    it('codes faults without a code as LOAD_FAILED or UNKNOWN', function () {
      expect(describeFault({ code: null, category: null, severity: null, name: 'UNKNOWN', detail: 'boom', fromLoad: true })).to.deep.equal({
        errorCode: 'LOAD_FAILED',
        errorMsg: 'UNKNOWN on load: boom',
      });
      expect(describeFault({ code: null, category: null, severity: null, name: 'UNKNOWN', detail: '', fromLoad: false }).errorCode).to.equal('UNKNOWN');
    });
  });
});
