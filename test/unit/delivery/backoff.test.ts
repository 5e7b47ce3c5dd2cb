import { expect } from 'chai';
import { firstFlushMs, jitteredIntervalMs, retryDelayMs } from '../../../src/delivery/backoff';

var LOW = function () {
  return 0;
};
var HIGH = function () {
  return 0.999999;
};
var MID = function () {
  return 0.5;
};

describe('delivery/backoff', function () {
  describe('retryDelayMs', function () {
    it('doubles the ceiling per attempt, with the lower half of it fixed and the upper half jittered', function () {
      var base = 5000;
      var cap = 600000;
      for (var attempt = 1; attempt <= 6; attempt++) {
        var ceiling = base * Math.pow(2, attempt - 1);
        expect(retryDelayMs(attempt, base, cap, null, LOW), 'attempt ' + attempt + ' low').to.equal(ceiling / 2);
        expect(retryDelayMs(attempt, base, cap, null, HIGH), 'attempt ' + attempt + ' high').to.be.closeTo(ceiling, 1);
        expect(retryDelayMs(attempt, base, cap, null, MID)).to.equal(ceiling * 0.75);
      }
    });

    it('stays within [cap/2, cap] however many attempts failed', function () {
      [10, 20, 31, 100, 100000].forEach(function (attempt) {
        expect(retryDelayMs(attempt, 5000, 600000, null, LOW)).to.equal(300000);
        expect(retryDelayMs(attempt, 5000, 600000, null, HIGH)).to.be.within(599999, 600000);
      });
    });

    it('treats Retry-After as a floor with up to 20 % jitter on top', function () {
      expect(retryDelayMs(1, 5000, 600000, 60000, LOW)).to.equal(60000);
      expect(retryDelayMs(1, 5000, 600000, 60000, HIGH)).to.be.within(71999, 72000);
      expect(retryDelayMs(1, 5000, 600000, 60000, MID)).to.equal(66000);
    });

    it('keeps the growing backoff when it is longer than Retry-After (a floor, not a schedule)', function () {
      expect(retryDelayMs(5, 5000, 600000, 1000, LOW)).to.equal(40000);
      expect(retryDelayMs(5, 5000, 600000, 0, LOW)).to.equal(40000);
    });

    it('asks a collector that keeps failing less and less often: at most a few requests a minute', function () {
      // Worst case: the shortest delays the jitter allows, and a collector answering Retry-After: 0.
      var t = 0;
      var times: number[] = [];
      for (var attempt = 1; attempt <= 30; attempt++) {
        t += retryDelayMs(attempt, 5000, 600000, 0, LOW);
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

    it('puts the first flush in the last three quarters of an interval', function () {
      expect(firstFlushMs(300000, LOW)).to.equal(75000);
      expect(firstFlushMs(300000, HIGH)).to.be.within(299999, 300000);
    });
  });
});
