// Wall-clock jumps of a day during playback (an NTP fix on a TV that booted with a wrong clock, or a
// bad one): interval records keep to the monotonic clock, and record timestamps keep the collector's
// time learnt from its Date header.
import { expect } from 'chai';
import * as sinon from 'sinon';
import { ContentDescription } from '../../../src/vault/content';
import { START, startAgent, TestAgent, trackedPlayer } from '../../helpers/env';
import { DeliveredRecord, ok } from '../../helpers/scripted-transport';

var DAY_MS = 86400000;
var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };

describe('delivery under wall-clock jumps', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;
  /** The collector's (true) time: it follows the monotonic clock, whatever the device's wall clock does. */
  var trueStart: number;

  function trueNow(): number {
    return trueStart + performance.now();
  }

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  /** An agent whose collector answers every request with its true Date, playing a VOD. */
  async function playing(deviceBehindMs: number): Promise<void> {
    trueStart = START + deviceBehindMs;
    t = startAgent(timers, { vault: { metricsIntervalSeconds: 60, flushIntervalSeconds: 300 } });
    t.transport.responder = function () {
      return ok(new Date(trueNow()).toUTCString());
    };
    await trackedPlayer(t.agent, VOD);
  }

  function metrics(): DeliveredRecord[] {
    t.agent.flush();
    timers.tick(100);
    return t.transport.delivered('playback_metrics').sort(function (a, b) {
      return a.sequence - b.sequence;
    });
  }

  /** How far each record's timestamp is from the true time it was taken: the n-th record at n minutes. */
  function errorsMs(records: DeliveredRecord[]): number[] {
    return records.map(function (r) {
      return Date.parse(r.timestamp) - (trueStart + r.sequence * 60000);
    });
  }

  [DAY_MS, -DAY_MS].forEach(function (jump) {
    var label = jump > 0 ? 'forward' : 'back';

    it('takes one record per interval when the wall clock jumps ' + label + ' by a day: none doubled, none skipped', async function () {
      await playing(0);
      timers.tick(30 * 60000 + 1000);
      timers.setSystemTime(timers.now + jump);
      timers.tick(30 * 60000);
      timers.setSystemTime(timers.now - jump); // and back again
      timers.tick(30 * 60000);
      var records = metrics();
      expect(records.map((r) => r.sequence)).to.deep.equal(records.map((_, i) => i + 1));
      expect(records).to.have.length(90);
      expect(t.agent.status()).to.deep.include({ queued: 0, dropped: 0 });
    });

    it("keeps timestamps on the collector's time when the wall clock jumps " + label + ' by a day after the skew was learnt', async function () {
      await playing(0);
      timers.tick(20 * 60000 + 1000); // flushed, the collector's Date seen
      timers.setSystemTime(timers.now + jump);
      timers.tick(20 * 60000);
      var records = metrics();
      expect(records).to.have.length(40);
      errorsMs(records).forEach(function (error, i) {
        expect(Math.abs(error), 'record ' + (i + 1)).to.be.below(2000);
      });
    });
  });

  it('corrects a device clock a day behind from the first Date header on, and keeps it corrected through the NTP fix', async function () {
    await playing(DAY_MS);
    timers.tick(10 * 60000 + 1000);
    var learnt = t.transport.exchanges.length;
    expect(learnt, 'flushed').to.be.at.least(1);
    timers.setSystemTime(timers.now + DAY_MS); // the device's clock is set right
    timers.tick(20 * 60000);
    var records = metrics();
    var firstBatch = JSON.parse(t.transport.exchanges[0].request.body!).length;
    var errors = errorsMs(records);
    // taken before any Date header: the device's time, a day behind
    errors.slice(0, firstBatch).forEach((error) => expect(error).to.be.closeTo(-DAY_MS, 2000));
    // every later one: the collector's time
    errors.slice(firstBatch).forEach(function (error, i) {
      expect(Math.abs(error), 'record ' + (firstBatch + i + 1)).to.be.below(2000);
    });
    expect(records).to.have.length(30);
  });

  it('goes back to the wall clock with the learnt skew after the app is shown again (a suspend may stop the monotonic clock)', async function () {
    await playing(DAY_MS);
    timers.tick(10 * 60000 + 1000); // skew learnt: +1 day
    t.window.hide();
    // Suspended for an hour: nothing ran, the monotonic clock stood still, the wall clock went on.
    timers.setSystemTime(timers.now + 3600000);
    t.window.show();
    var shownAt = timers.now;
    timers.tick(60000);
    // shown after more than session.resumeGapSeconds: the records of the new app session
    var records = metrics().filter((r) => r.metadata.appSessionId === t.agent.appSessionId);
    expect(records).to.have.length(1);
    expect(Date.parse(records[0].timestamp) - (shownAt + DAY_MS)).to.be.within(0, 60000);
  });
});
