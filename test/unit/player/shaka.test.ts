import { expect } from 'chai';
import { attachShaka, PlayerAdapter, PlayerHooks } from '../../../src/player/shaka';
import { PlayerFault } from '../../../src/player/types';
import { flushPromises, recordingLogger, RecordingLogger } from '../../helpers/env';
import {
  CRITICAL,
  FakeMedia,
  fakeShakaModule,
  FakePlayer,
  FrameCounters,
  REQUEST_LICENSE,
  REQUEST_MANIFEST,
  REQUEST_SEGMENT,
  shakaError,
} from '../../helpers/fake-player';

interface Recorded {
  calls: string[];
  faults: PlayerFault[];
  /** what the adapter passed on through `tell` */
  news: Array<[string, unknown]>;
  hooks: PlayerHooks;
}

function recordHooks(): Recorded {
  var r: Recorded = { calls: [], faults: [], news: [], hooks: null as any };
  r.hooks = {
    fault: function (f) {
      r.calls.push('fault');
      r.faults.push(f);
    },
    buffering: function (active) {
      r.calls.push('buffering:' + active);
    },
    loading: function () {
      r.calls.push('loading');
    },
    loadSettled: function () {
      r.calls.push('loadSettled');
    },
    unloading: function () {
      r.calls.push('unloading');
    },
    destroyed: function () {
      r.calls.push('destroyed');
    },
    recovered: function () {
      r.calls.push('recovered');
    },
    tell: function (event, payload) {
      r.news.push([event, payload]);
    },
  };
  return r;
}

/** A media element that takes listeners, as the browser's does. */
class ListeningMedia extends FakeMedia {
  listeners: { [type: string]: Array<() => void> } = {};
  addEventListener(type: string, listener: () => void): void {
    (this.listeners[type] = this.listeners[type] || []).push(listener);
  }
  removeEventListener(type: string, listener: () => void): void {
    var list = this.listeners[type] || [];
    if (list.indexOf(listener) >= 0) list.splice(list.indexOf(listener), 1);
  }
  fire(type: string): void {
    (this.listeners[type] || []).slice().forEach(function (listener) {
      listener();
    });
  }
  listenerCount(): number {
    var n = 0;
    for (var type in this.listeners) n += this.listeners[type].length;
    return n;
  }
}

describe('player/shaka adapter', function () {
  var player: FakePlayer;
  var rec: Recorded;
  var logger: RecordingLogger;
  var adapter: PlayerAdapter;

  beforeEach(function () {
    player = new FakePlayer();
    rec = recordHooks();
    logger = recordingLogger();
  });

  function attach(shaka?: ReturnType<typeof fakeShakaModule>): PlayerAdapter {
    adapter = attachShaka(player, shaka || null, rec.hooks, logger);
    return adapter;
  }

  describe('events', function () {
    it('turns error events into faults', function () {
      attach();
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001, ['https://cdn.example/seg.m4s?token=x', 404]) });
      expect(rec.faults).to.have.length(1);
      expect(rec.faults[0]).to.deep.include({ code: 1001, category: 1, severity: 2, name: '1.1001', fromLoad: false });
      expect(rec.faults[0].detail).to.equal('https://cdn.example/seg.m4s 404');
    });

    it('passes buffering, unloading and mediasourcerecovered on', function () {
      attach();
      player.emit('buffering', { buffering: true });
      player.emit('buffering', { buffering: false });
      player.emit('unloading');
      player.emit('mediasourcerecovered');
      expect(rec.calls).to.deep.equal(['buffering:true', 'buffering:false', 'unloading', 'recovered']);
    });

    it("passes the media element's events, Shaka's track and ABR news and each response on", function () {
      var media = new ListeningMedia();
      player.media = media;
      attach();
      media.fire('play');
      media.fire('seeking');
      media.fire('timeupdate'); // not one the sinks follow
      player.emit('loaded');
      player.emit('adaptation', { newTrack: { bandwidth: 2000000 } });
      player.emit('textchanged');
      player.emit('abrstatuschanged', { newStatus: false });
      player.networking!.respond(REQUEST_SEGMENT, {
        data: { byteLength: 1000 },
        timeMs: 40,
        uri: 'https://cdn.example/s2.m4s',
        originalUri: 'https://cdn.example/s1.m4s',
      });
      player.networking!.respond(REQUEST_MANIFEST, { timeMs: Infinity, fromCache: true });
      player.networking!.respond(REQUEST_LICENSE, { data: { byteLength: 10 }, timeMs: 5 });
      expect(rec.news).to.deep.equal([
        ['media', 'play'],
        ['media', 'seeking'],
        ['loaded', undefined],
        ['tracks', 'adaptation'],
        ['tracks', 'textchanged'],
        ['abr', false],
        ['response', { type: 'segment', bytes: 1000, ms: 40, fromCache: false, uri: 'https://cdn.example/s1.m4s' }],
        ['response', { type: 'manifest', bytes: null, ms: null, fromCache: true, uri: null }],
      ]);
    });

    it('listens to the media element of each load, and to none after destroy()', function () {
      var first = new ListeningMedia();
      var second = new ListeningMedia();
      player.media = first;
      attach();
      player.media = second; // attach() to another element between loads
      player.load('https://cdn.example/next.mpd');
      first.fire('pause');
      second.fire('playing');
      expect(rec.news).to.deep.equal([['media', 'playing']]);
      expect(first.listenerCount()).to.equal(0);
      adapter.destroy();
      expect(second.listenerCount()).to.equal(0);
    });

    it('logs an exception thrown while handling an event instead of letting it reach the player', function () {
      rec.hooks.buffering = function () {
        throw new Error('hook broke');
      };
      attach();
      expect(function () {
        player.emit('buffering', { buffering: true });
      }).not.to.throw();
      expect(logger.messages('error')[0]).to.contain('internal error in player buffering: hook broke');
    });
  });

  describe('load and destroy', function () {
    it('reports loading before the player loads, returns the same promise, and settles after it', async function () {
      attach();
      var original = FakePlayer.prototype.load;
      var result = player.load('https://cdn.example/a.mpd');
      expect(rec.calls).to.deep.equal(['loading']);
      expect(result).to.equal(player.loads[0].promise);
      expect(player.load).not.to.equal(original);
      player.resolveLoad();
      await flushPromises();
      expect(rec.calls).to.deep.equal(['loading', 'loadSettled']);
      expect(rec.faults).to.deep.equal([]);
    });

    it('reports a rejected load() as a fault from load (the app still sees the rejection)', async function () {
      attach();
      var seen: unknown = null;
      player.load('https://cdn.example/a.mpd').catch(function (e) {
        seen = e;
      });
      var error = shakaError(CRITICAL, 4, 4001, []);
      player.rejectLoad(error);
      await flushPromises();
      expect(seen).to.equal(error);
      expect(rec.calls).to.deep.equal(['loading', 'loadSettled', 'fault']);
      expect(rec.faults[0]).to.deep.include({ code: 4001, fromLoad: true });
    });

    it('reports destroy() and still destroys the player', function () {
      attach();
      player.destroy();
      expect(rec.calls).to.deep.equal(['destroyed']);
      expect(player.destroyCalls).to.equal(1);
    });

    it('still loads when the loading hook throws', function () {
      rec.hooks.loading = function () {
        throw new Error('hook broke');
      };
      attach();
      expect(function () {
        player.load('https://cdn.example/a.mpd');
      }).not.to.throw();
      expect(player.loads).to.have.length(1);
    });
  });

  describe('destroy', function () {
    it('removes every listener and the response filter and restores load and destroy', function () {
      var ownLoad = player.load;
      var ownDestroy = player.destroy;
      expect(player.listenerCount()).to.equal(0);
      attach();
      expect(player.listenerCount()).to.equal(12);
      expect(player.networking!.filters).to.have.length(1);
      expect(Object.prototype.hasOwnProperty.call(player, 'load')).to.equal(true);
      adapter.destroy();
      expect(player.listenerCount()).to.equal(0);
      expect(player.networking!.filters).to.have.length(0);
      expect(player.load).to.equal(ownLoad);
      expect(player.destroy).to.equal(ownDestroy);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      player.load('https://cdn.example/b.mpd');
      player.destroy();
      expect(rec.calls).to.deep.equal([]);
    });

    it('leaves a wrapper another library added after it in place, as a silent pass-through', function () {
      attach();
      var ours = player.load!;
      var theirs = function (this: FakePlayer, uri: string) {
        return ours.call(this, uri);
      };
      (player as any).load = theirs;
      adapter.destroy();
      expect(player.load).to.equal(theirs);
      player.load('https://cdn.example/b.mpd');
      expect(player.loads).to.have.length(1);
      expect(rec.calls).to.deep.equal([]);
    });

    it('can be called twice', function () {
      attach();
      adapter.destroy();
      expect(function () {
        adapter.destroy();
      }).not.to.throw();
    });
  });

  describe('read', function () {
    function playing(): void {
      player.setVariants([2500000, 800000, 5000000, 2500000], 0);
      player.media!.currentTime = 20;
      player.play(10, 25, 0.1); // 750 frames, 1 dropped
      player.media!.bufferedRanges = [
        { start: 0, end: 10 },
        { start: 29.95, end: 42.5 },
      ];
      player.assetUri = 'https://cdn.example/a.mpd?token=1';
      player.playheadDate = new Date(Date.UTC(2026, 10, 21, 20, 0, 30));
    }

    it('reads position, variants, buffer, frames, played time and the asset URI, and the playhead date when asked', function () {
      playing();
      attach();
      player.choose(2);
      var r = adapter.read(true);
      expect(r).to.deep.equal({
        positionSeconds: 30,
        playheadDateMs: Date.UTC(2026, 10, 21, 20, 0, 30),
        streamBandwidth: 5000000,
        selectedBandwidth: 5000000,
        availableBandwidths: [800000, 2500000, 5000000],
        bufferedAheadSeconds: 12.5,
        decodedFrames: 250,
        droppedFrames: 1,
        playTimeSeconds: 10,
        uri: 'https://cdn.example/a.mpd?token=1',
        bytes: 0,
        segmentBytes: 0,
        segmentMs: 0,
      });
    });

    it("never asks for Shaka's costly stats or buffered info, nor for the playhead date unless asked", function () {
      var costly = { getStats: 0, getBufferedInfo: 0 };
      (player as any).getStats = function () {
        costly.getStats++;
        return {};
      };
      (player as any).getBufferedInfo = function () {
        costly.getBufferedInfo++;
        return { total: [] };
      };
      playing();
      attach();
      var r = adapter.read();
      adapter.read(false);
      expect(r.playheadDateMs).to.equal(null);
      expect(r.bufferedAheadSeconds).to.equal(12.5);
      expect(costly).to.deep.equal({ getStats: 0, getBufferedInfo: 0 });
      expect(player.calls.getPlayheadTimeAsDate).to.equal(undefined);
    });

    it('asks for the variant list once, and again only after Shaka says the list or the choice changed', function () {
      playing();
      attach();
      adapter.read();
      adapter.read();
      expect(player.calls.getVariantTracks).to.equal(1);
      var n = 1;
      [
        function () {
          player.setVariants([800000, 2500000], 1); // trackschanged
        },
        function () {
          player.choose(0); // adaptation
        },
        function () {
          player.choose(1, true); // variantchanged
        },
        function () {
          player.emit('abrstatuschanged', { newStatus: false });
        },
        function () {
          player.emit('unloading');
        },
      ].forEach(function (change) {
        change();
        adapter.read();
        adapter.read();
        expect(player.calls.getVariantTracks).to.equal(++n);
      });
      expect(adapter.read().availableBandwidths).to.deep.equal([800000, 2500000]);
    });

    it('asks again on each reading while no variant is active (a manifest still loading)', function () {
      attach();
      adapter.read();
      player.tracks = [{ id: 0, bandwidth: 800000, active: false }];
      var r = adapter.read();
      expect(r.availableBandwidths).to.deep.equal([800000]);
      expect(r.streamBandwidth).to.equal(null);
      player.tracks[0].active = true;
      expect(adapter.read().streamBandwidth).to.equal(800000);
      adapter.read();
      expect(player.calls.getVariantTracks).to.equal(3);
    });

    it("takes the selected bitrate from Shaka's last choice, ABR or the app's, and the stream bitrate from the active variant", function () {
      player.setVariants([800000, 2500000, 5000000], 1);
      attach();
      var r = adapter.read();
      expect([r.selectedBandwidth, r.streamBandwidth]).to.deep.equal([2500000, 2500000]); // no choice seen yet
      player.choose(2);
      r = adapter.read();
      expect([r.selectedBandwidth, r.streamBandwidth]).to.deep.equal([5000000, 5000000]);
      player.choose(0, true);
      expect(adapter.read().selectedBandwidth).to.equal(800000);
      player.emit('adaptation', { newTrack: { bandwidth: 2500000 } }); // chosen, the list not showing it yet
      r = adapter.read();
      expect([r.selectedBandwidth, r.streamBandwidth]).to.deep.equal([2500000, 800000]);
      player.emit('trackschanged'); // names no track: the last choice stands
      expect(adapter.read().selectedBandwidth).to.equal(2500000);
      player.emit('unloading'); // the next content's choices are its own
      expect(adapter.read().selectedBandwidth).to.equal(800000);
    });

    it('falls back to the active variant for events without a new track (Shaka 3.3)', function () {
      player.setVariants([800000, 2500000], 1);
      attach();
      player.emit('adaptation');
      player.emit('variantchanged', { newTrack: { bandwidth: 'fast' } });
      expect(adapter.read().selectedBandwidth).to.equal(2500000);
    });

    it('skips variants without a usable bandwidth and keeps at most 32 bitrates', function () {
      var bws: number[] = [];
      for (var i = 1; i <= 40; i++) bws.push(i * 100000);
      player.setVariants(bws, 0);
      player.tracks.push({ id: 99, bandwidth: NaN, active: false }, { id: 100, bandwidth: 0, active: false });
      var r = attach().read();
      expect(r.availableBandwidths).to.have.length(32);
      expect(r.availableBandwidths[0]).to.equal(100000);
    });

    it('over 32 bitrates keeps the lowest, the highest, the selected and the streamed ones, the rest spread evenly, ascending', function () {
      var bws: number[] = [];
      for (var i = 1; i <= 100; i++) bws.push(i * 100000);
      player.setVariants(bws, 56); // streaming 5,700,000
      attach();
      player.emit('adaptation', { newTrack: { bandwidth: 7300000, active: false } }); // ABR chose 7,300,000
      var r = adapter.read();
      var kept = r.availableBandwidths;
      expect(kept).to.have.length(32);
      expect(kept).to.deep.equal(kept.slice().sort((a, b) => a - b));
      expect(kept[0]).to.equal(100000);
      expect(kept[31]).to.equal(10000000);
      expect(kept).to.include(5700000);
      expect(kept).to.include(7300000);
      expect(r.streamBandwidth).to.equal(5700000);
      // evenly spread: no gap between neighbours is more than twice the even step (100 rungs in 32)
      var widest = 0;
      for (var j = 1; j < kept.length; j++) widest = Math.max(widest, kept[j] - kept[j - 1]);
      expect(widest).to.be.at.most(2 * (10000000 / 31));
    });

    (['quality', 'webkit', 'none'] as FrameCounters[]).forEach(function (kind) {
      it('reads frame counters from ' + kind + (kind === 'none' ? ' (null)' : ''), function () {
        player.media = new FakeMedia(kind);
        player.play(4, 25, 0.5);
        var r = attach().read();
        expect([r.decodedFrames, r.droppedFrames]).to.deep.equal(kind === 'none' ? [null, null] : [100, 2]);
      });
    });

    it('sums the played ranges (a seek starts a new one); none played is 0 s', function () {
      attach();
      expect(adapter.read().playTimeSeconds).to.equal(0);
      player.play(5);
      player.media!.currentTime = 100;
      player.play(2.5);
      expect(player.media!.playedRanges).to.have.length(2);
      expect(adapter.read().playTimeSeconds).to.equal(7.5);
    });

    it('gives 0 s buffered when the playhead is in no buffered range, null without a media element', function () {
      player.media!.bufferedRanges = [{ start: 0, end: 10 }];
      player.media!.currentTime = 20;
      expect(attach().read().bufferedAheadSeconds).to.equal(0);
      player.media = null;
      var r = adapter.read();
      expect(r.bufferedAheadSeconds).to.equal(null);
      expect(r.positionSeconds).to.equal(null);
      expect(r.playTimeSeconds).to.equal(null);
      expect([r.decodedFrames, r.droppedFrames]).to.deep.equal([null, null]);
    });

    it('gives null for every value a getter throws for, without throwing', function () {
      playing();
      attach();
      ['getVariantTracks', 'getMediaElement', 'getAssetUri', 'getPlayheadTimeAsDate'].forEach(function (g) {
        player.throwing[g] = true;
      });
      var r = adapter.read(true);
      expect(r).to.deep.equal({
        positionSeconds: null,
        playheadDateMs: null,
        streamBandwidth: null,
        selectedBandwidth: null,
        availableBandwidths: [],
        bufferedAheadSeconds: null,
        decodedFrames: null,
        droppedFrames: null,
        playTimeSeconds: null,
        uri: null,
        bytes: 0,
        segmentBytes: 0,
        segmentMs: 0,
      });
    });

    it('gives an empty reading when a media element property throws', function () {
      playing();
      attach();
      Object.defineProperty(player.media!, 'buffered', {
        get: function () {
          throw new Error('odd engine');
        },
      });
      var r = adapter.read();
      expect(r.positionSeconds).to.equal(null);
      expect(r.availableBandwidths).to.deep.equal([]);
      expect(r.uri).to.equal(null);
    });

    it('works with a player whose getNetworkingEngine throws (no bytes, a warning)', function () {
      player.throwing.getNetworkingEngine = true;
      var r = attach().read();
      expect(r.bytes).to.equal(null);
      expect(logger.messages('warn')[0]).to.contain('no networking engine');
    });
  });

  describe('version', function () {
    it('names the player and its version from the player class', function () {
      expect(attach().version()).to.equal('shaka-player/v4.16.50');
    });

    it('falls back to the Shaka module, then to "unknown"', function () {
      var plain: any = {
        getVariantTracks: function () {
          return [];
        },
        addEventListener: function () {},
        removeEventListener: function () {},
      };
      var shaka = fakeShakaModule();
      shaka.Player.version = 'v5.2.12';
      expect(attachShaka(plain, shaka, rec.hooks, logger).version()).to.equal('shaka-player/v5.2.12');
      expect(attachShaka(plain, null, rec.hooks, logger).version()).to.equal('shaka-player/unknown');
    });
  });
});
