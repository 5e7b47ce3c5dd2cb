// The collector's throttle through the whole agent: X-Telemetry-Pause on one activity's answers
// stops taking that activity's records (no sequence number spent, nothing lost or counted), the
// other activity goes on; X-Telemetry-Min-Flush slows a channel down; retry.maxPerHour bounds retries.
import { expect } from 'chai';
import * as sinon from 'sinon';
import { CollectorThrottle, HttpRequest } from '../../../src/core/types';
import { ContentDescription } from '../../../src/vault/content';
import { ERRORS_URL, METRICS_URL, START, startAgent, TestAgent, trackedPlayer } from '../../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../../helpers/fake-player';
import { retry, ScriptedTransport } from '../../helpers/scripted-transport';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };

/** A scripted collector whose answers carry the throttle `throttleFor` gives for the request. */
class ThrottlingTransport extends ScriptedTransport {
  throttleFor: (request: HttpRequest) => CollectorThrottle = function () {
    return {};
  };
  send(request: HttpRequest, done: Parameters<ScriptedTransport['send']>[1]): void {
    var throttle = this.throttleFor(request);
    super.send(request, function (outcome) {
      for (var key in throttle) (outcome as any)[key] = (throttle as any)[key];
      done(outcome);
    });
  }
}

describe("agent under the collector's throttle", function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;
  var transport: ThrottlingTransport;
  var player: FakePlayer;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  async function playing(profile: { [key: string]: any }): Promise<void> {
    transport = new ThrottlingTransport();
    t = startAgent(timers, profile, { transport: transport });
    player = await trackedPlayer(t.agent, VOD);
  }

  function sequences(activity: string): number[] {
    return t.transport.delivered(activity).map((r) => r.sequence);
  }

  it('takes no metrics records during X-Telemetry-Pause on their answers, and goes on after it with the next sequence number', async function () {
    await playing({ vault: { metricsIntervalSeconds: 60, flushIntervalSeconds: 300 } });
    var pauses = 0;
    transport.throttleFor = function (request) {
      return request.url === METRICS_URL && !pauses++ ? { pauseMs: 1800000 } : {};
    };
    timers.tick(6 * 60000); // the first flush (within 1.2 intervals) is answered with a 30-minute pause
    expect(pauses).to.equal(1);
    for (var i = 0; i < 25; i++) {
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001 + i) }); // errors keep flowing
      timers.tick(60000);
    }
    // nothing taken meanwhile: nothing queued, nothing lost
    expect(t.agent.status()).to.include({ queued: 0, dropped: 0 });
    expect(transport.requests().filter((r) => r.url === METRICS_URL)).to.have.length(1);
    expect(sequences('playerError')).to.deep.equal(sequences('playerError').map((_, k) => k + 1));
    expect(sequences('playerError')).to.have.length(25);
    timers.tick(60 * 60000);
    player.destroy();
    t.agent.flush();
    timers.tick(1000);
    var metrics = sequences('playback_metrics');
    // 91 intervals and the final record, less the 30 intervals of the pause: no gap in the sequence
    expect(metrics).to.deep.equal(metrics.map((_, k) => k + 1));
    expect(metrics).to.have.length(91 + 1 - 30);
    expect(t.agent.status()).to.include({ queued: 0, dropped: 0 });
  });

  it('pauses playerError records only when their own answers say so', async function () {
    await playing({ errors: { maxPerMinute: 60 } });
    transport.throttleFor = function (request) {
      return request.url === ERRORS_URL ? { pauseMs: 600000 } : {};
    };
    player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
    timers.tick(3000);
    for (var i = 0; i < 9; i++) {
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1002 + i) });
      timers.tick(60000);
    }
    expect(sequences('playerError')).to.deep.equal([1]);
    expect(t.agent.status()).to.include({ dropped: 0 });
    t.agent.flush(); // (the metrics' own flush time depends on the seeded jitter)
    timers.tick(1000);
    expect(sequences('playback_metrics').length).to.be.at.least(9); // the metrics went on
    timers.tick(60000);
    player.emit('error', { detail: shakaError(CRITICAL, 1, 2000) });
    timers.tick(3000);
    expect(sequences('playerError')).to.deep.equal([1, 2]);
  });

  it('flushes metrics no more often than X-Telemetry-Min-Flush says', async function () {
    await playing({ vault: { metricsIntervalSeconds: 10, flushIntervalSeconds: 60, maxBatchSize: 5 } });
    transport.throttleFor = function () {
      return { minFlushMs: 1800000 };
    };
    timers.tick(3 * 3600000);
    var requests = transport.requests().filter((r) => r.url === METRICS_URL);
    expect(requests.length).to.be.within(6, 7); // one per half hour, not 180 flushes nor 216 batches
    expect(t.agent.status().overflowed).to.be.above(0); // 150 records in the ring: the rest overflowed, counted
  });

  it('bounds retries to a dead collector by retry.maxPerHour', async function () {
    await playing({ retry: { maxPerHour: 4 }, vault: { flushIntervalSeconds: 60 } });
    transport.fallback = retry(503);
    timers.tick(5 * 3600000);
    var metrics = transport.requests().filter((r) => r.url === METRICS_URL);
    expect(metrics.length).to.be.within(1 + 3 + 4 * 5 - 2, 1 + 3 + 4 * 5);
  });
});
