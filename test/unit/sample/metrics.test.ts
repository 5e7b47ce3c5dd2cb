import { expect } from 'chai';
import { attachShaka, PlayerAdapter } from '../../../src/player/shaka';
import { PlayerReading } from '../../../src/player/types';
import { createSampler } from '../../../src/sample/metrics';
import { METRICS_FIELDS } from '../../helpers/contract';
import { recordingLogger } from '../../helpers/env';
import { FakeMedia, FakePlayer, FrameCounters, REQUEST_LICENSE, REQUEST_MANIFEST, REQUEST_SEGMENT } from '../../helpers/fake-player';

function reading(over?: Partial<PlayerReading>): PlayerReading {
  var r: PlayerReading = {
    positionSeconds: 0,
    playheadDateMs: null,
    streamBandwidth: null,
    selectedBandwidth: null,
    availableBandwidths: [],
    bufferedAheadSeconds: null,
    decodedFrames: 0,
    droppedFrames: 0,
    playTimeSeconds: 0,
    uri: null,
    bytes: 0,
    segmentBytes: 0,
    segmentMs: 0,
  };
  for (var k in over || {}) (r as any)[k] = (over as any)[k];
  return r;
}

var HOOKS = {
  fault: function () {},
  buffering: function () {},
  loading: function () {},
  loadSettled: function () {},
  unloading: function () {},
  destroyed: function () {},
  recovered: function () {},
  tell: function () {},
};

describe('sample/metrics', function () {
  describe('counters per interval', function () {
    it('reports bytes downloaded as the delta since the previous sample', function () {
      var sampler = createSampler(reading({ bytes: 1000 }));
      expect(sampler(reading({ bytes: 5000 })).bytesDownloaded).to.equal(4000);
      expect(sampler(reading({ bytes: 5000 })).bytesDownloaded).to.equal(0);
      expect(sampler(reading({ bytes: 7500 })).bytesDownloaded).to.equal(2500);
    });

    it('reports decoded and dropped frames as deltas since the previous sample', function () {
      var sampler = createSampler(reading({ decodedFrames: 100, droppedFrames: 2, playTimeSeconds: 4 }));
      var a = sampler(reading({ decodedFrames: 1600, droppedFrames: 5, playTimeSeconds: 64 }));
      expect([a.totalVideoFrames, a.droppedVideoFrames]).to.deep.equal([1500, 3]);
      var b = sampler(reading({ decodedFrames: 3100, droppedFrames: 5, playTimeSeconds: 124 }));
      expect([b.totalVideoFrames, b.droppedVideoFrames]).to.deep.equal([1500, 0]);
    });

    it('counts from zero when the counters went down (the player restarted them on load())', function () {
      var sampler = createSampler(reading({ decodedFrames: 90000, droppedFrames: 40, playTimeSeconds: 3600 }));
      var s = sampler(reading({ decodedFrames: 750, droppedFrames: 1, playTimeSeconds: 30 }));
      expect([s.totalVideoFrames, s.droppedVideoFrames]).to.deep.equal([750, 1]);
    });

    it('gives null frame counters when the engine has none (NaN)', function () {
      var sampler = createSampler(reading({ decodedFrames: null, droppedFrames: null }));
      var s = sampler(reading({ decodedFrames: null, droppedFrames: null, playTimeSeconds: 60 }));
      expect(s.totalVideoFrames).to.equal(null);
      expect(s.droppedVideoFrames).to.equal(null);
      var partial = sampler(reading({ decodedFrames: 10, droppedFrames: null, playTimeSeconds: 61 }));
      expect(partial.totalVideoFrames).to.equal(null);
    });

    it('gives null frame counters when they stay at zero while the player was playing', function () {
      var sampler = createSampler(reading());
      var s = sampler(reading({ decodedFrames: 0, droppedFrames: 0, playTimeSeconds: 60 }));
      expect(s.totalVideoFrames).to.equal(null);
      expect(s.droppedVideoFrames).to.equal(null);
    });

    it('gives zero frames, not null, for an interval in which nothing played (paused)', function () {
      var sampler = createSampler(reading({ decodedFrames: 0, playTimeSeconds: 0 }));
      var s = sampler(reading({ decodedFrames: 0, playTimeSeconds: 0.5 }));
      expect(s.totalVideoFrames).to.equal(0);
      expect(s.droppedVideoFrames).to.equal(0);
    });
  });

  describe('throughput', function () {
    it('measures the interval throughput from segment bytes over segment download time', function () {
      var sampler = createSampler(reading());
      // 2 MB in 4 s of downloading: 4 Mbit/s
      var s = sampler(reading({ bytes: 2100000, segmentBytes: 2000000, segmentMs: 4000 }));
      expect(s.downloadBitRate).to.equal(4000000);
    });

    it('gives null throughput for an interval without a segment downloaded', function () {
      var sampler = createSampler(reading());
      sampler(reading({ segmentBytes: 1000000, segmentMs: 1000 }));
      var s = sampler(reading({ bytes: 500, segmentBytes: 1000000, segmentMs: 1000 }));
      expect(s.downloadBitRate).to.equal(null);
      expect(s.downloadBitrateAverage).to.equal(8000000);
    });

    it('averages the throughput over the whole playback since the baseline', function () {
      var sampler = createSampler(reading({ segmentBytes: 999999, segmentMs: 999 }));
      var a = sampler(reading({ segmentBytes: 999999 + 1000000, segmentMs: 999 + 1000 })); // 8 Mbit/s
      var b = sampler(reading({ segmentBytes: 999999 + 2000000, segmentMs: 999 + 5000 })); // 2 Mbit/s
      expect(a.downloadBitRate).to.equal(8000000);
      expect(a.downloadBitrateAverage).to.equal(8000000);
      expect(b.downloadBitRate).to.equal(2000000);
      expect(b.downloadBitrateAverage).to.equal(3200000); // 2 MB × 8 / 5 s
    });
  });

  describe('levels', function () {
    it('passes levels as read, bitrates whole and seconds to the millisecond, never negative', function () {
      var sampler = createSampler(reading());
      var s = sampler(
        reading({
          streamBandwidth: 2500000.4,
          selectedBandwidth: 5000000,
          availableBandwidths: [800000, 2500000, 5000000],
          bufferedAheadSeconds: -0.2,
        })
      );
      expect(s.streamBitrate).to.equal(2500000);
      expect(s.selectedBitrate).to.equal(5000000);
      expect(s.availableBitrates).to.deep.equal([800000, 2500000, 5000000]);
      expect(s.bufferedDuration).to.equal(0);
      expect(createSampler(reading())(reading({ bufferedAheadSeconds: 12.34567 })).bufferedDuration).to.equal(12.346);
    });

    it('holds the metrics under the contract names, in its order', function () {
      expect(Object.keys(createSampler(reading())(reading()))).to.deep.equal(METRICS_FIELDS.slice(1, -1));
    });

    it('keeps null levels null', function () {
      var s = createSampler(reading())(reading());
      expect(s.streamBitrate).to.equal(null);
      expect(s.selectedBitrate).to.equal(null);
      expect(s.bufferedDuration).to.equal(null);
    });
  });

  describe('from a Shaka-like player', function () {
    var player: FakePlayer;
    var adapter: PlayerAdapter;
    beforeEach(function () {
      player = new FakePlayer();
    });
    afterEach(function () {
      if (adapter) adapter.destroy();
    });

    it('counts manifest and segment bytes, and measures throughput from network segments only', function () {
      adapter = attachShaka(player, null, HOOKS, recordingLogger());
      var sampler = createSampler(adapter.read());
      player.download(REQUEST_MANIFEST, 4000, 100); // bytes, not throughput
      player.download(REQUEST_SEGMENT, 1000000, 1000); // 8 Mbit/s
      player.download(REQUEST_SEGMENT, 3000000, 0.2, false); // ~0 ms: a cache in between
      player.download(REQUEST_SEGMENT, 500000, 80, true); // from cache
      player.download(REQUEST_LICENSE, 9999, 50); // not media
      var s = sampler(adapter.read());
      expect(s.bytesDownloaded).to.equal(4000 + 1000000 + 3000000 + 500000);
      expect(s.downloadBitRate).to.equal(8000000);
      expect(s.downloadBitrateAverage).to.equal(8000000);
      player.download(REQUEST_SEGMENT, 1000000, 4000); // 2 Mbit/s
      var t = sampler(adapter.read());
      expect(t.bytesDownloaded).to.equal(1000000);
      expect(t.downloadBitRate).to.equal(2000000);
      expect(t.downloadBitrateAverage).to.equal(3200000);
    });

    it('ignores responses without data or with a nonsense size', function () {
      adapter = attachShaka(player, null, HOOKS, recordingLogger());
      var sampler = createSampler(adapter.read());
      player.networking!.respond(REQUEST_SEGMENT, { data: null, timeMs: 100 });
      player.networking!.respond(REQUEST_SEGMENT, { data: { byteLength: NaN }, timeMs: 100 });
      player.networking!.respond(REQUEST_SEGMENT, { data: { byteLength: -5 }, timeMs: 100 });
      player.networking!.respond(REQUEST_SEGMENT, { data: { byteLength: 100 }, timeMs: Infinity });
      player.networking!.respond(REQUEST_SEGMENT, { data: { byteLength: '12' as any }, timeMs: 100 });
      player.networking!.respond(REQUEST_SEGMENT, { data: { byteLength: 50 }, timeMs: '500' as any });
      var s = sampler(adapter.read());
      expect(s.bytesDownloaded).to.equal(150);
      expect(s.downloadBitRate).to.equal(null);
    });

    it('never throws into Shaka from the response filter', function () {
      adapter = attachShaka(player, null, HOOKS, recordingLogger());
      var throwing = Object.defineProperty({}, 'data', {
        get: function () {
          throw new Error('odd response');
        },
      });
      [null, undefined, {}, throwing].forEach(function (response) {
        expect(function () {
          player.networking!.respond(REQUEST_SEGMENT, response as any);
        }).not.to.throw();
      });
      expect(adapter.read().bytes).to.equal(0);
    });

    it('gives null bytes and throughput when the player has no networking engine', function () {
      player.networking = null;
      var logger = recordingLogger();
      adapter = attachShaka(player, null, HOOKS, logger);
      var sampler = createSampler(adapter.read());
      player.play(60);
      var s = sampler(adapter.read());
      expect(s.bytesDownloaded).to.equal(null);
      expect(s.downloadBitRate).to.equal(null);
      expect(s.downloadBitrateAverage).to.equal(null);
      expect(logger.messages('warn')[0]).to.contain('no networking engine');
    });

    var expected: { [kind: string]: Array<number | null> } = { quality: [1500, 30, 750, 15], webkit: [1500, 30, 750, 15], none: [null, null, null, null] };
    (['quality', 'webkit', 'none'] as FrameCounters[]).forEach(function (kind) {
      it('reads per-interval frames from the media element with ' + kind + ' frame counters', function () {
        player.media = new FakeMedia(kind);
        adapter = attachShaka(player, null, HOOKS, recordingLogger());
        var sampler = createSampler(adapter.read());
        player.play(60, 25, 0.5);
        var s = sampler(adapter.read());
        player.play(30, 25, 0.5);
        var t = sampler(adapter.read());
        expect([s.totalVideoFrames, s.droppedVideoFrames, t.totalVideoFrames, t.droppedVideoFrames]).to.deep.equal(expected[kind]);
      });
    });

    it('gives null frames when the counters stay at zero while the media plays, 0 while it is paused', function () {
      adapter = attachShaka(player, null, HOOKS, recordingLogger());
      var sampler = createSampler(adapter.read());
      var paused = sampler(adapter.read());
      expect([paused.totalVideoFrames, paused.droppedVideoFrames]).to.deep.equal([0, 0]);
      player.play(60, 0);
      var stuck = sampler(adapter.read());
      expect([stuck.totalVideoFrames, stuck.droppedVideoFrames]).to.deep.equal([null, null]);
    });
  });
});
