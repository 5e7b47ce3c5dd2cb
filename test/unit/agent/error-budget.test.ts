import { expect } from 'chai';
import { createErrorBudget, createRepeatFilter } from '../../../src/agent/error-budget';

describe('agent/error-budget', function () {
  describe('createErrorBudget', function () {
    it('allows at most maxPerMinute in any sliding minute', function () {
      var allow = createErrorBudget(3);
      expect([0, 1000, 2000, 3000, 59999].map((t) => allow(t))).to.deep.equal([true, true, true, false, false]);
      expect(allow(60000)).to.equal(true); // the one at 0 left the window
      expect(allow(60500)).to.equal(false);
      expect(allow(61000)).to.equal(true);
    });

    it('allows nothing when maxPerMinute is 0', function () {
      expect(createErrorBudget(0)(0)).to.equal(false);
    });

    it('keeps O(1) memory in an error storm', function () {
      var allow = createErrorBudget(5);
      var allowed = 0;
      for (var t = 0; t < 3600000; t += 10) if (allow(t)) allowed++;
      expect(allowed).to.equal(5 * 60);
    });
  });

  describe('createRepeatFilter', function () {
    it('lets the same key through once per window', function () {
      var isRepeat = createRepeatFilter(60000);
      expect(isRepeat('1001', 0)).to.equal(false);
      expect(isRepeat('1001', 59999)).to.equal(true);
      expect(isRepeat('3016', 1000)).to.equal(false);
      expect(isRepeat('1001', 60000)).to.equal(false);
      expect(isRepeat('1001', 60001)).to.equal(true);
    });

    it('remembers the last 8 keys, forgetting the oldest', function () {
      var isRepeat = createRepeatFilter(60000);
      for (var i = 0; i < 9; i++) expect(isRepeat('k' + i, i)).to.equal(false);
      expect(isRepeat('k8', 10)).to.equal(true);
      expect(isRepeat('k0', 11)).to.equal(false); // forgotten, so sent again
    });
  });
});
