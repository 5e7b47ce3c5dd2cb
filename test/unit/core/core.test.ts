import { expect } from 'chai';
import * as sinon from 'sinon';
import { systemClock } from '../../../src/core/clock';
import { describeError, guard } from '../../../src/core/guard';
import { UUID_PATTERN, uuid4 } from '../../../src/core/ids';
import { copyOwn, finiteOrNull, isText, round, stripQuery } from '../../../src/core/values';
import { recordingLogger, seededRandom } from '../../helpers/env';

describe('core', function () {
  describe('guard', function () {
    it('returns what the wrapped function returns and passes `this` and arguments through', function () {
      var logger = recordingLogger();
      var target = {
        base: 10,
        add: guard(logger, 'add', function (this: { base: number }, a: number, b: number) {
          return this.base + a + b;
        }),
      };
      expect(target.add(1, 2)).to.equal(13);
      expect(logger.lines).to.be.empty;
    });

    it('logs an exception naming where it happened and returns undefined instead of throwing', function () {
      var logger = recordingLogger();
      var wrapped = guard(logger, 'player error', function () {
        throw new Error('boom');
      });
      expect(wrapped()).to.equal(undefined);
      expect(logger.messages('error')).to.deep.equal(['tv-telemetry: internal error in player error: boom']);
    });

    it('swallows an exception thrown by the logger itself', function () {
      var logger = recordingLogger();
      logger.error = function () {
        throw new Error('console is gone');
      };
      var wrapped = guard(logger, 'x', function () {
        throw 'plain string';
      });
      expect(function () {
        wrapped();
      }).not.to.throw();
    });

    it('describes errors by message and anything else as text', function () {
      expect(describeError(new TypeError('bad'))).to.equal('bad');
      expect(describeError({ message: 42 })).to.equal('42');
      expect(describeError('oops')).to.equal('oops');
      expect(describeError(null)).to.equal('null');
    });
  });

  describe('ids', function () {
    it('makes RFC 4122 version 4 UUIDs from an injected random source', function () {
      var random = seededRandom(7);
      var seen: { [id: string]: boolean } = {};
      for (var i = 0; i < 200; i++) {
        var id = uuid4(random);
        expect(id).to.match(UUID_PATTERN);
        expect(seen[id]).to.equal(undefined);
        seen[id] = true;
      }
    });

    it('sets the version and variant bits even when the random source gives all ones or all zeros', function () {
      expect(
        uuid4(function () {
          return 0.9999999;
        })
      ).to.equal('ffffffff-ffff-4fff-bfff-ffffffffffff');
      expect(
        uuid4(function () {
          return 0;
        })
      ).to.equal('00000000-0000-4000-8000-000000000000');
    });

    it('asks crypto once for sixteen UUIDs, and never hands out the same bytes twice', function () {
      var calls = 0;
      var stub = sinon.stub(crypto, 'getRandomValues').callsFake(function (array: any) {
        calls++;
        // each 16-byte run differs from every other: by its position in the pool, and by the pool
        for (var i = 0; i < array.length; i++) array[i] = i % 16 === 0 ? calls : i & 255;
        return array;
      });
      try {
        var ids: string[] = [];
        for (var i = 0; i < 64; i++) ids.push(uuid4(null));
        expect(calls).to.be.within(4, 5); // 64 x 16 bytes from pools of 256 (one pool may be left from before)
        ids.forEach(function (id) {
          expect(id).to.match(UUID_PATTERN);
        });
        expect(new Set(ids).size).to.equal(64);
      } finally {
        stub.restore();
      }
    });
  });

  describe('values', function () {
    it('keeps finite numbers and turns NaN, Infinity and non-numbers into null', function () {
      expect(finiteOrNull(1.5)).to.equal(1.5);
      expect(finiteOrNull(0)).to.equal(0);
      expect(finiteOrNull(NaN)).to.equal(null);
      expect(finiteOrNull(Infinity)).to.equal(null);
      expect(finiteOrNull('3')).to.equal(null);
      expect(finiteOrNull(undefined)).to.equal(null);
    });

    it('rounds to the given number of decimals', function () {
      expect(round(1.23456, 3)).to.equal(1.235);
      expect(round(10, 3)).to.equal(10);
    });

    it('strips the query string and the fragment from a URI', function () {
      expect(stripQuery('https://cdn.example/a/manifest.mpd?token=secret#t=10')).to.equal('https://cdn.example/a/manifest.mpd');
      expect(stripQuery('https://cdn.example/a/manifest.mpd#frag')).to.equal('https://cdn.example/a/manifest.mpd');
      expect(stripQuery('https://cdn.example/a/manifest.mpd')).to.equal('https://cdn.example/a/manifest.mpd');
    });

    it('copies own properties only, over what the target has', function () {
      var from = Object.create({ inherited: 1 });
      from.a = 1;
      from.b = 'x';
      expect(copyOwn(from, { b: 'old', c: true })).to.deep.equal({ a: 1, b: 'x', c: true });
    });

    it('tells a non-empty string of at most max characters', function () {
      expect(isText('abc', 3)).to.equal(true);
      expect(isText('abcd', 3)).to.equal(false);
      expect(isText('', 3)).to.equal(false);
      expect(isText(12, 3)).to.equal(false);
      expect(isText(null, 3)).to.equal(false);
    });
  });

  describe('systemClock', function () {
    var timers: sinon.SinonFakeTimers;
    beforeEach(function () {
      timers = sinon.useFakeTimers({ now: 1000000 });
    });
    afterEach(function () {
      timers.restore();
    });

    it('reads the wall clock and runs timers through the host timers installed at call time', function () {
      var clock = systemClock();
      var fired = 0;
      clock.setTimeout(function () {
        fired++;
      }, 500);
      var cancelled = clock.setTimeout(function () {
        fired += 100;
      }, 600);
      clock.clearTimeout(cancelled);
      timers.tick(1000);
      expect(fired).to.equal(1);
      expect(clock.now()).to.equal(1001000);
    });

    it('keeps the monotonic clock from going back when the wall clock is set back', function () {
      var clock = systemClock();
      var first = clock.monotonic();
      timers.tick(100);
      var second = clock.monotonic();
      timers.setSystemTime(0);
      expect(second).to.be.at.least(first);
      expect(clock.monotonic()).to.be.at.least(second);
    });

    it("without performance.now, counts only the wall clock's forward steps: set back a day, it stands still once and moves on", function () {
      var descriptor = Object.getOwnPropertyDescriptor(globalThis, 'performance')!;
      Object.defineProperty(globalThis, 'performance', { value: undefined, configurable: true });
      try {
        var clock = systemClock();
        var start = clock.monotonic();
        timers.tick(5000);
        expect(clock.monotonic() - start).to.equal(5000);
        timers.setSystemTime(Date.now() - 86400000);
        expect(clock.monotonic() - start).to.equal(5000);
        timers.tick(2000);
        expect(clock.monotonic() - start).to.equal(7000);
      } finally {
        Object.defineProperty(globalThis, 'performance', descriptor);
      }
    });
  });
});
