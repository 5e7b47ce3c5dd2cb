import { expect } from 'chai';
import { firstFlushMs, jitteredIntervalMs, retryDelayMs, RetryPolicy } from '../../../src/delivery/backoff';
import { seededRandom } from '../../helpers/env';

var LOW = function () {
  return 0;
};
var HIGH = function () {
  return 0.999999;
};
var MID = function () {
  return 0.5;
};

/** Policy for a base of `base` ms and a cap of `cap` ms (the budget is the channel's, unused here). */
function policy(base: number, cap: number): RetryPolicy {
  return { baseSeconds: base / 1000, maxSeconds: cap / 1000, maxPerHour: 60 };
}

describe('delivery/backoff', function () {
  describe('retryDelayMs', function () {
    it('doubles the ceiling per attempt, with the lower half of it fixed and the upper half jittered', function () {
      var base = 5000;
      var cap = 600000;
      for (var attempt = 1; attempt <= 6; attempt++) {
        var ceiling = base * Math.pow(2, attempt - 1);
        expect(retryDelayMs(attempt, policy(base, cap), null, LOW), 'attempt ' + attempt + ' low').to.equal(ceiling / 2);
        expect(retryDelayMs(attempt, policy(base, cap), null, HIGH), 'attempt ' + attempt + ' high').to.be.closeTo(ceiling, 1);
        expect(retryDelayMs(attempt, policy(base, cap), null, MID)).to.equal(ceiling * 0.75);
      }
    });

    it('stays within [cap/2, cap] however many attempts failed', function () {
      [10, 20, 31, 100, 100000].forEach(function (attempt) {
        expect(retryDelayMs(attempt, policy(5000, 600000), null, LOW)).to.equal(300000);
        expect(retryDelayMs(attempt, policy(5000, 600000), null, HIGH)).to.be.within(599999, 600000);
      });
    });

    it('treats Retry-After as a floor with up to 20 % jitter on top', function () {
      expect(retryDelayMs(1, policy(5000, 600000), 60000, LOW)).to.equal(60000);
      expect(retryDelayMs(1, policy(5000, 600000), 60000, HIGH)).to.be.within(71999, 72000);
      expect(retryDelayMs(1, policy(5000, 600000), 60000, MID)).to.equal(66000);
    });

    it('keeps the growing backoff when it is longer than Retry-After (a floor, not a schedule)', function () {
      expect(retryDelayMs(5, policy(5000, 600000), 1000, LOW)).to.equal(40000);
      expect(retryDelayMs(5, policy(5000, 600000), 0, LOW)).to.equal(40000);
    });

    it('asks a collector that keeps failing less and less often: at most a few requests a minute', function () {
      // Worst case: the shortest delays the jitter allows, and a collector answering Retry-After: 0.
      var t = 0;
      var times: number[] = [];
      for (var attempt = 1; attempt <= 30; attempt++) {
        t += retryDelayMs(attempt, policy(5000, 600000), 0, LOW);
        times.push(t);
      }
      for (var i = 0; i < times.length; i++) {
        var inMinute = times.filter(function (x) {
          return x >= times[i] && x < times[i] + 60000;
        }).length;
        expect(inMinute).to.be.at.most(5);
      }
      for (var j = 1; j < 8; j++) expect(times[j] - times[j - 1]).to.be.greaterThan(times[j - 1] - (times[j - 2] || 0));
    });
  });

  describe('periodic flush jitter', function () {
    it('spreads the interval by ±20 %', function () {
      expect(jitteredIntervalMs(300000, LOW)).to.equal(240000);
      expect(jitteredIntervalMs(300000, MID)).to.equal(300000);
      expect(jitteredIntervalMs(300000, HIGH)).to.be.within(359999, 360000);
    });

    it("puts the first flush where a running agent's next flush would fall: uniform to 0.8 interval, thinning out to 1.2", function () {
      expect(firstFlushMs(300000, LOW)).to.equal(0);
      expect(firstFlushMs(300000, MID)).to.equal(150000);
      expect(firstFlushMs(300000, () => 0.8)).to.equal(240000);
      expect(firstFlushMs(300000, HIGH)).to.be.within(359000, 360000);
      var random = seededRandom(5);
      var draws: number[] = [];
      for (var i = 0; i < 20000; i++) draws.push(firstFlushMs(300000, random) / 300000);
      var mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(mean).to.be.closeTo(0.5067, 0.01); // E[J²] / 2E[J] for J uniform on [0.8, 1.2]
      expect(draws.filter((d) => d < 0.8).length / draws.length).to.be.closeTo(0.8, 0.01);
      expect(draws.filter((d) => d >= 1.1).length / draws.length).to.be.closeTo(0.0125, 0.003);
    });

    it('lets a fleet started in the same second flush at its steady rate from the first interval on', function () {
      var random = seededRandom(9);
      var interval = 300000;
      var bucketMs = 10000;
      var buckets: number[] = new Array(3 * 30).fill(0);
      for (var agent = 0; agent < 20000; agent++) {
        for (var t = firstFlushMs(interval, random); t < 3 * interval; t += jitteredIntervalMs(interval, random)) buckets[Math.floor(t / bucketMs)]++;
      }
      var steady = (20000 * bucketMs) / interval;
      // The old first flush (anywhere in the last three quarters) peaked at 1.33 × in the first two rounds.
      expect(Math.max.apply(null, buckets) / steady).to.be.below(1.15);
      expect(Math.min.apply(null, buckets) / steady).to.be.above(0.85);
    });
  });
});
