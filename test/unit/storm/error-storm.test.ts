import { expect } from 'chai';
import * as sinon from 'sinon';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Agent } from '../../../src/agent/agent';
import { flushPromises, START, startAgent, TestAgent } from '../../helpers/env';
import { CRITICAL, FakePlayer, RECOVERABLE, shakaError } from '../../helpers/fake-player';
import { sentProblems } from '../fuzz/check';

/** A full garbage collection: --expose-gc when the run has it, else switched on for this process. */
function collector(): () => void {
  if (typeof (global as any).gc === 'function') return (global as any).gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

var ERRORS_PER_SECOND = 2000;
var MAX_PER_MINUTE = 5;

describe('error storm: a player emitting thousands of errors a second', function () {
  this.timeout(120000);
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;
  var agent: Agent;
  var gc = collector();

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    agent.shutdown();
    timers.restore();
  });

  async function playing(count: number): Promise<FakePlayer[]> {
    t = startAgent(timers, {
      vault: { metricsIntervalSeconds: 60, flushIntervalSeconds: 60 },
      errors: { maxPerMinute: MAX_PER_MINUTE, reportRecoverable: true },
    });
    agent = t.agent;
    var players: FakePlayer[] = [];
    for (var i = 0; i < count; i++) {
      var player = new FakePlayer();
      player.setVariants([400000, 1200000], 1);
      agent.track(player, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-' + i });
      player.load('https://cdn.example/film-' + i + '.mpd');
      player.resolveLoad();
      players.push(player);
    }
    await flushPromises();
    return players;
  }

  var emitted = 0;
  /**
   * One second of storm on every player: errors with ever new codes and data (so the repeat filter
   * cannot absorb them), recoverable and critical, buffering flapping, and the clock moving on.
   */
  function storm(players: FakePlayer[], seconds: number): void {
    for (var s = 0; s < seconds; s++) {
      for (var i = 0; i < ERRORS_PER_SECOND; i++) {
        var player = players[i % players.length];
        var code = 1000 + (emitted % 6000);
        player.emit('error', {
          detail: shakaError(i % 3 ? CRITICAL : RECOVERABLE, 1 + (code % 9), code, ['https://cdn.example/seg-' + emitted + '.m4s?token=s', 500]),
        });
        if (i % 100 === 0) player.emit('buffering', { buffering: i % 200 === 0 });
        emitted++;
      }
      players.forEach(function (p) {
        p.play(1);
      });
      timers.tick(1000);
    }
  }

  it('keeps the heap flat: minutes of storm cost no memory beyond the first', async function () {
    var players = await playing(2);
    storm(players, 60); // warm-up: rings and windows fill, code paths compile
    gc();
    var before = process.memoryUsage().heapUsed;
    storm(players, 240); // 480,000 errors
    gc();
    var grown = process.memoryUsage().heapUsed - before;
    expect(grown, 'heap growth over 4 minutes of storm, bytes').to.be.below(1024 * 1024);
    var status = agent.status();
    expect(status.queued).to.be.at.most(150 + 32); // the two rings' capacities
    expect(status.suppressedErrors + status.sent + status.queued + status.retrying).to.be.greaterThan(300000);
    expect(t.logger.lines.length, 'log lines (none per error)').to.be.below(50);
  });

  it('sends at most errors.maxPerMinute playerError records in any minute, every one valid, while metrics keep their interval', async function () {
    var players = await playing(4);
    var minutes = 5;
    storm(players, minutes * 60);
    agent.flush();
    timers.tick(5000);
    var errors = t.transport.sent('playerError');
    var times = errors.map((r) => Date.parse(r.timestamp)).sort((a, b) => a - b);
    expect(errors.length).to.be.within(MAX_PER_MINUTE * minutes - MAX_PER_MINUTE, MAX_PER_MINUTE * minutes);
    for (var i = 0; i + MAX_PER_MINUTE < times.length; i++) expect(times[i + MAX_PER_MINUTE] - times[i], 'window from record ' + i).to.be.at.least(60000);
    expect(t.transport.sent('playback_metrics').length).to.be.within(minutes * 4 - 4, minutes * 4);
    var status = agent.status();
    expect(status.suppressedErrors).to.be.greaterThan(minutes * 60 * ERRORS_PER_SECOND * 0.6);
    expect(status.recoverableErrors).to.be.greaterThan(minutes * 60 * ERRORS_PER_SECOND * 0.3);
    expect(sentProblems(t.transport)).to.deep.equal([]);
    // a request per batch of errors, not per error
    expect(t.transport.exchanges.length).to.be.below(errors.length + minutes * 2 + 5);
  });

  it('holds a storm during a collector outage in the bounded error ring, counting what it drops', async function () {
    var players = await playing(1);
    t.transport.fallback = { kind: 'retryable', status: 503 };
    storm(players, 10 * 60);
    var status = agent.status();
    expect(status.queued).to.be.at.most(150 + 32);
    expect(status.sent).to.equal(0);
    expect(status.overflowed).to.be.at.least(10 * MAX_PER_MINUTE - 32 - MAX_PER_MINUTE);
    t.transport.fallback = { kind: 'success' };
    timers.tick(15 * 60000);
    agent.flush();
    timers.tick(5000);
    var errors = t.transport.delivered('playerError');
    expect(errors.length).to.be.at.most(32);
    expect(agent.status().queued).to.equal(0);
    // the collector learns exactly how many error records the ring dropped
    var reported = errors.reduce((sum, r) => sum + (r.droppedRecords || 0), 0);
    expect(reported).to.equal(status.overflowed);
    expect(sentProblems(t.transport)).to.deep.equal([]);
  });
});
