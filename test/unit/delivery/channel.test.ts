import { expect } from 'chai';
import * as sinon from 'sinon';
import { CollectorThrottle, SendOutcome, StringMap } from '../../../src/core/types';
import { Channel, ChannelOptions, ChannelShared, createChannel, RetryPolicy } from '../../../src/delivery/channel';
import { fakeClock, recordingLogger, RecordingLogger } from '../../helpers/env';
import { seededRandom } from '../../helpers/random';
import { fail, hang, ok, retry, ScriptedTransport } from '../../helpers/scripted-transport';

var URL = 'https://collector.example/useractivityvault/v1/useractivity/playback_metrics';

interface Setup {
  channel: Channel;
  transport: ScriptedTransport;
  logger: RecordingLogger;
  encoded: Array<{ count: number; dropped: number }>;
  successes: SendOutcome[];
  state: { online: boolean; random: number; headers: StringMap };
  push(count: number): void;
}

describe('delivery/channel', function () {
  var timers: sinon.SinonFakeTimers;
  var channels: Channel[];
  var nextId: number;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: Date.UTC(2026, 10, 21, 20, 0, 0) });
    channels = [];
    nextId = 0;
  });
  afterEach(function () {
    channels.forEach(function (c) {
      c.destroy();
    });
    timers.restore();
  });

  type SetupOptions = Partial<ChannelOptions> & Partial<ChannelShared> & Partial<RetryPolicy> & { latencyMs?: number; firstRandom?: number };

  function setup(options?: SetupOptions): Setup {
    var o = options || {};
    var transport = new ScriptedTransport(o.latencyMs === undefined ? 50 : o.latencyMs);
    var logger = recordingLogger();
    var state = { online: true, random: o.firstRandom === undefined ? 0.5 : o.firstRandom, headers: {} as StringMap };
    var encoded: Array<{ count: number; dropped: number }> = [];
    var successes: SendOutcome[] = [];
    var own: ChannelOptions = {
      name: 'playback_metrics',
      capacity: 100,
      maxChars: 100000,
      // The agent's encoding: a JSON array, the overflow count on the first record's envelope.
      encode: function (records, dropped) {
        encoded.push({ count: records.length, dropped: dropped });
        var first = dropped > 0 ? '{"droppedRecords":' + dropped + ',' + records[0].substring(1) : records[0];
        return { url: URL, method: 'POST', body: '[' + [first].concat(records.slice(1)).join(',') + ']' };
      },
      maxBatchSize: 10,
      contentType: 'application/json',
      headers: function () {
        return state.headers;
      },
      flushEveryMs: null,
      flushAfterEnqueueMs: null,
      beaconAllowed: true,
    };
    var retryPolicy: RetryPolicy = {
      baseSeconds: 5,
      maxSeconds: 600,
      maxPerHour: 1000000, // no budget unless a test sets one
    };
    var shared: ChannelShared = {
      transport: transport,
      clock: fakeClock(timers),
      random: function () {
        return state.random;
      },
      logger: logger,
      retry: retryPolicy,
      timeoutMs: 20000,
      isOnline: function () {
        return state.online;
      },
      onOutage: function () {},
      onSuccess: function (outcome) {
        successes.push(outcome);
      },
    };
    for (var key in o) {
      if (key in own) (own as any)[key] = (o as any)[key];
      else if (key in shared) (shared as any)[key] = (o as any)[key];
      else if (key in retryPolicy) (retryPolicy as any)[key] = (o as any)[key];
    }
    var channel = createChannel(own, shared);
    channels.push(channel);
    return {
      channel: channel,
      transport: transport,
      logger: logger,
      encoded: encoded,
      successes: successes,
      state: state,
      push: function (count) {
        for (var i = 0; i < count; i++) channel.enqueue('{"eventId":"r' + nextId++ + '"}');
      },
    };
  }

  function ids(records: Array<{ [key: string]: any }>): string[] {
    return records.map(function (r) {
      return r.eventId as string;
    });
  }
  function expectExactlyOnce(t: ScriptedTransport, count: number): void {
    var delivered = ids(t.delivered()).sort();
    var expected: string[] = [];
    for (var i = 0; i < count; i++) expected.push('r' + i);
    expect(delivered).to.deep.equal(expected.sort());
  }
  /** The overflow total a collector learns from what it received, counting each eventId once. */
  function learnt(t: ScriptedTransport): number {
    var seen: { [id: string]: boolean } = {};
    var total = 0;
    t.delivered().forEach(function (r) {
      if (seen[r.eventId]) return; // a collector drops duplicates by eventId
      seen[r.eventId] = true;
      total += r.droppedRecords || 0;
    });
    return total;
  }

  /** Makes the next answers carry the collector's throttle headers, one entry per answer ({} for none). */
  function throttleNext(t: ScriptedTransport, throttles: CollectorThrottle[]): void {
    var send = t.send;
    t.send = function (request, done) {
      send.call(t, request, function (outcome) {
        var throttle = throttles.shift() || {};
        for (var key in throttle) (outcome as any)[key] = (throttle as any)[key];
        done(outcome);
      });
    };
  }

  /** The fake times at which requests were sent, in ms since `from`. */
  function sendTimes(t: ScriptedTransport, sentAt: number[], from: number): number[] {
    return sentAt.slice(0, t.exchanges.length).map(function (at) {
      return at - from;
    });
  }

  /** Records the fake time of every request `t` sends. */
  function clockRequests(t: ScriptedTransport): number[] {
    var sentAt: number[] = [];
    var send = t.send;
    t.send = function (request, done) {
      sentAt.push(timers.now);
      send.call(t, request, done);
    };
    return sentAt;
  }

  function batchSizes(t: ScriptedTransport): number[] {
    return t.exchanges.map(function (e) {
      return JSON.parse(e.request.body!).length;
    });
  }

  describe('batching and flushing', function () {
    it('sends nothing until a flush, then POSTs one batch with the content type, headers and timeout', function () {
      var s = setup();
      s.state.headers = { 'X-Api-Key': 'abc' };
      s.push(3);
      timers.tick(3600000);
      expect(s.transport.exchanges).to.have.length(0);
      s.channel.flush();
      expect(s.transport.requests()).to.deep.equal([
        {
          method: 'POST',
          url: URL,
          body: '[{"eventId":"r0"},{"eventId":"r1"},{"eventId":"r2"}]',
          contentType: 'application/json',
          headers: { 'X-Api-Key': 'abc' },
          timeoutMs: 20000,
        },
      ]);
      timers.tick(50);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 3, overflowed: 0, refused: 0, retrying: 0 });
      expect(s.successes).to.have.length(1);
    });

    it('respects maxBatchSize and sends the rest in following batches, one request at a time', function () {
      var s = setup({ maxBatchSize: 10 });
      s.push(25);
      s.channel.flush();
      timers.tick(1000);
      expect(batchSizes(s.transport)).to.deep.equal([10, 10, 5]);
      expect(s.transport.maxInFlight).to.equal(1);
      expectExactlyOnce(s.transport, 25);
    });

    it('stops a batch before 512,000 characters of records', function () {
      // 5 records of 128,000 characters: 512,000 exactly goes in one batch; one character more does not.
      [
        [0, [4, 1]],
        [1, [3, 2]],
      ].forEach(function (c) {
        var s = setup({ maxBatchSize: 10, maxChars: 1000000 });
        for (var i = 0; i < 5; i++) {
          var record = '{"eventId":"r' + i + '","pad":"';
          var extra = i === 0 ? (c[0] as number) : 0;
          s.channel.enqueue(record + new Array(128000 + extra - record.length - 1).join('x') + '"}');
        }
        s.channel.flush();
        timers.tick(1000);
        expect(batchSizes(s.transport)).to.deep.equal(c[1]);
      });
    });

    it('flushes within 2 s once a full batch is queued, without waiting for the periodic flush', function () {
      var s = setup({ maxBatchSize: 5, flushEveryMs: 300000 });
      s.state.random = 0.999;
      s.push(4);
      timers.tick(5000);
      expect(s.transport.exchanges).to.have.length(0);
      s.push(1);
      timers.tick(1999);
      expect(s.transport.exchanges).to.have.length(1);
      expect(batchSizes(s.transport)).to.deep.equal([5]);
    });

    it("flushes periodically: first where a running agent's next flush would fall, then every interval ±20 %", function () {
      var s = setup({ flushEveryMs: 300000, firstRandom: 0.5 }); // first after 150 s, then 300 s
      s.push(1);
      timers.tick(149999);
      expect(s.transport.exchanges).to.have.length(0);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(50); // answered; a record queued before the answer would be sent right after it
      s.push(1);
      s.state.random = 0.999999; // the flush at 450 s schedules the longest interval: 360 s
      timers.tick(299949);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(2);
      timers.tick(50);
      s.push(1);
      timers.tick(358950);
      expect(s.transport.exchanges).to.have.length(2);
      timers.tick(1000);
      expect(s.transport.exchanges).to.have.length(3);
    });

    it('sends nothing on a periodic flush when nothing is queued', function () {
      var s = setup({ flushEveryMs: 10000 });
      timers.tick(100000);
      expect(s.transport.exchanges).to.have.length(0);
    });

    it('flushes an urgent channel within flushAfterEnqueueMs of an enqueue (half of it to all of it)', function () {
      var s = setup({ flushAfterEnqueueMs: 2000 });
      s.state.random = 0;
      s.push(1);
      timers.tick(999);
      expect(s.transport.exchanges).to.have.length(0);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(1);
      s.state.random = 0.999999;
      s.push(2);
      timers.tick(1999);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(2);
      expect(batchSizes(s.transport)).to.deep.equal([1, 2]);
    });

    it('never has two requests in flight, whatever asks for a flush meanwhile', function () {
      var s = setup({ maxBatchSize: 2, flushEveryMs: 1000, flushAfterEnqueueMs: 100 });
      s.transport.then(hang());
      s.push(6);
      s.channel.flush();
      for (var i = 0; i < 20; i++) {
        s.channel.flush();
        s.push(1);
        timers.tick(500);
      }
      expect(s.transport.exchanges).to.have.length(1);
      s.transport.release(ok());
      timers.tick(60000);
      expect(s.transport.maxInFlight).to.equal(1);
      expectExactlyOnce(s.transport, 26);
    });
  });

  describe('retry', function () {
    it('keeps a batch answered 503 and sends it again after a backoff, without loss or duplicates', function () {
      var s = setup();
      s.transport.then(retry(503));
      s.push(3);
      s.channel.flush();
      timers.tick(50);
      expect(s.channel.counts()).to.deep.equal({ queued: 3, sent: 0, overflowed: 0, refused: 0, retrying: 3 });
      expect(s.logger.messages('warn')[0]).to.contain('HTTP 503, retry 1 in 4 s');
      // random 0.5: attempt 1 waits 3750 ms
      timers.tick(3749);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(2);
      expect(s.transport.exchanges[1].request.body).to.equal(s.transport.exchanges[0].request.body);
      timers.tick(50);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 3, overflowed: 0, refused: 0, retrying: 0 });
      expectExactlyOnce(s.transport, 3);
    });

    it('retries after a network error (status 0) the same way', function () {
      var s = setup();
      s.transport.then(retry(0), retry(0));
      s.push(2);
      s.channel.flush();
      timers.tick(60000);
      expect(s.transport.exchanges).to.have.length(3);
      expect(s.logger.messages('warn')[0]).to.contain('network error, retry 1');
      expectExactlyOnce(s.transport, 2);
    });

    it('waits longer after every failure, and starts again from the base after a success', function () {
      var s = setup();
      s.transport.then(retry(503), retry(503), retry(503), ok(), retry(503));
      s.push(1);
      s.channel.flush();
      var sentAt: number[] = [];
      for (var t = 0; t < 120000; t += 10) {
        while (sentAt.length < s.transport.exchanges.length) sentAt.push(timers.now);
        if (sentAt.length === 4 && s.channel.counts().queued === 0 && s.transport.exchanges.length === 4) {
          s.push(1);
          s.channel.flush();
        }
        timers.tick(10);
      }
      var gaps = [sentAt[1] - sentAt[0], sentAt[2] - sentAt[1], sentAt[3] - sentAt[2], sentAt[5] - sentAt[4]];
      expect(gaps[0]).to.be.closeTo(50 + 3750, 10);
      expect(gaps[1]).to.be.closeTo(50 + 7500, 10);
      expect(gaps[2]).to.be.closeTo(50 + 15000, 10);
      expect(gaps[3]).to.be.closeTo(50 + 3750, 10);
    });

    it('honours Retry-After as a floor for the next attempt', function () {
      var s = setup();
      s.transport.then(retry(429, 60000));
      s.push(1);
      s.channel.flush();
      timers.tick(50 + 65999); // 60 s × (1 + 0.2 × 0.5)
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(2);
    });

    it('does not send while a retry is pending, even when asked to flush', function () {
      var s = setup({ flushEveryMs: 1000 });
      s.transport.then(retry(503));
      s.push(1);
      s.channel.flush();
      timers.tick(50);
      s.push(1);
      s.channel.flush();
      timers.tick(3000);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(2000);
      expect(s.transport.exchanges).to.have.length(2);
    });

    it('delivers every record exactly once through a mix of 503s and network errors while records keep coming', function () {
      var s = setup({ maxBatchSize: 4, flushEveryMs: 20000 });
      s.transport.then(retry(503), ok(), retry(0), retry(0), ok(), retry(503, 1000), ok(), retry(502));
      for (var i = 0; i < 30; i++) {
        s.push(1);
        timers.tick(3000);
      }
      timers.tick(600000);
      expect(s.transport.maxInFlight).to.equal(1);
      expectExactlyOnce(s.transport, 30);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 30, overflowed: 0, refused: 0, retrying: 0 });
    });
  });

  describe('refused batches', function () {
    it('drops a batch the collector refuses with a 4xx, counts it and logs an error, then sends the rest', function () {
      var s = setup({ maxBatchSize: 3 });
      s.transport.then(fail(400));
      s.push(5);
      s.channel.flush();
      timers.tick(1000);
      expect(batchSizes(s.transport)).to.deep.equal([3, 2]);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 2, overflowed: 0, refused: 3, retrying: 0 });
      expect(s.logger.messages('error')).to.deep.equal(['tv-telemetry: playback_metrics: HTTP 400, 3 records dropped']);
      expect(ids(s.transport.delivered())).to.deep.equal(['r3', 'r4']);
    });

    it('does not retry a 404', function () {
      var s = setup();
      s.transport.then(fail(404));
      s.push(1);
      s.channel.flush();
      timers.tick(3600000);
      expect(s.transport.exchanges).to.have.length(1);
      expect(s.channel.counts().refused).to.equal(1);
    });

    it('splits a batch answered 413 in halves until the collector takes it, then tries full batches again', function () {
      var s = setup({ maxBatchSize: 8 });
      s.transport.then(fail(413), fail(413));
      s.push(8);
      s.channel.flush();
      timers.tick(1000);
      expect(batchSizes(s.transport)).to.deep.equal([8, 4, 2, 6]);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 8, overflowed: 0, refused: 0, retrying: 0 });
      expectExactlyOnce(s.transport, 8);
    });

    it('delivers everything, nothing refused, to a collector that takes at most 2 records per request', function () {
      var s = setup({ maxBatchSize: 8 });
      s.transport.responder = function (request) {
        return JSON.parse(request.body!).length > 2 ? fail(413) : ok();
      };
      s.push(20);
      s.channel.flush();
      timers.tick(10000);
      expect(s.transport.maxInFlight).to.equal(1);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 20, overflowed: 0, refused: 0, retrying: 0 });
      expectExactlyOnce(s.transport, 20);
    });

    it('drops a single record answered 413 (it cannot be split)', function () {
      var s = setup({ maxBatchSize: 1 });
      s.transport.then(fail(413));
      s.push(2);
      s.channel.flush();
      timers.tick(1000);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 1, overflowed: 0, refused: 1, retrying: 0 });
      expect(ids(s.transport.delivered())).to.deep.equal(['r1']);
    });
  });

  describe('overflow accounting', function () {
    it('reports the overflow count on the first record of the next delivered batch, once', function () {
      var s = setup({ capacity: 5, maxBatchSize: 3 });
      s.push(8);
      expect(s.channel.counts().overflowed).to.equal(3);
      s.channel.flush();
      timers.tick(1000);
      var bodies = s.transport.requests().map(function (r) {
        return JSON.parse(r.body!);
      });
      expect(bodies[0][0]).to.deep.equal({ droppedRecords: 3, eventId: 'r3' });
      expect(bodies[0][1]).to.deep.equal({ eventId: 'r4' });
      expect(bodies[1][0]).to.deep.equal({ eventId: 'r6' });
      expect(learnt(s.transport)).to.equal(3);
    });

    it('keeps reporting the overflow count until a batch carrying it is delivered', function () {
      var s = setup({ capacity: 2 });
      s.transport.then(retry(503), fail(400));
      s.push(4);
      s.channel.flush();
      timers.tick(600000);
      s.push(1);
      s.channel.flush();
      timers.tick(1000);
      expect(
        s.encoded.map(function (e) {
          return e.dropped;
        })
      ).to.deep.equal([2, 2, 2]);
      expect(learnt(s.transport)).to.equal(2);
    });

    it('makes the total the collector learns equal the overflow count over many overflows', function () {
      var s = setup({ capacity: 4, maxBatchSize: 3, flushEveryMs: 30000 });
      s.transport.then(retry(503), ok(), hang());
      for (var i = 0; i < 40; i++) {
        s.push(1);
        timers.tick(2000);
        if (i === 25) s.transport.release(ok());
      }
      timers.tick(600000);
      expect(s.channel.counts().overflowed).to.be.greaterThan(10);
      expect(learnt(s.transport)).to.equal(s.channel.counts().overflowed);
      expect(s.channel.counts().queued).to.equal(0);
    });

    it('counts as retrying only the records of the waiting batch that overflow left', function () {
      var s = setup({ capacity: 4, maxBatchSize: 4 });
      s.transport.then(retry(503));
      s.push(4);
      s.channel.flush();
      timers.tick(50);
      expect(s.channel.counts()).to.deep.equal({ queued: 4, sent: 0, overflowed: 0, refused: 0, retrying: 4 });
      s.push(3); // drops r0, r1 and r2, three of the four waiting for the retry
      expect(s.channel.counts()).to.deep.equal({ queued: 4, sent: 0, overflowed: 3, refused: 0, retrying: 1 });
      s.push(4); // drops the last of them
      expect(s.channel.counts()).to.deep.equal({ queued: 4, sent: 0, overflowed: 7, refused: 0, retrying: 0 });
    });

    it('acknowledges a batch in flight after overflow dropped part of it, and reports that overflow next', function () {
      var s = setup({ capacity: 4, maxBatchSize: 4 });
      s.transport.then(hang());
      s.push(4);
      s.channel.flush();
      s.push(2); // drops r0 and r1, which are in the batch in flight
      s.transport.release(ok());
      expect(s.channel.counts()).to.deep.equal({ queued: 2, sent: 2, overflowed: 2, refused: 0, retrying: 0 });
      timers.tick(3000);
      expect(ids(s.transport.sent())).to.deep.equal(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
      expect(s.transport.exchanges[1].request.body).to.contain('"droppedRecords":2');
      expect(learnt(s.transport)).to.equal(2);
    });
  });

  describe('low memory', function () {
    it('holds at most half its budget, reports what it dropped on the next batch, and sends the rest', function () {
      var s = setup({ flushEveryMs: 3600000, maxChars: 160 }); // ten 16-character records fill it
      s.push(10);
      s.channel.shrink();
      expect(s.channel.counts().queued).to.equal(5);
      timers.tick(1000);
      expect(s.encoded[0]).to.deep.equal({ count: 5, dropped: 5 });
      expect(s.channel.counts()).to.include({ queued: 0, sent: 5, overflowed: 5 });
    });

    it('keeps and sends everything when it holds less than half its budget', function () {
      var s = setup({ flushEveryMs: 3600000 });
      s.push(3);
      s.channel.shrink();
      timers.tick(1000);
      expect(s.encoded[0]).to.deep.equal({ count: 3, dropped: 0 });
    });
  });

  describe('page hide', function () {
    it('hands every queued record to sendBeacon, batch by batch, and counts them sent', function () {
      var s = setup({ maxBatchSize: 4, capacity: 5 });
      s.push(7);
      s.channel.flushOnHide();
      expect(s.transport.exchanges).to.have.length(0);
      expect(
        s.transport.beacons.map(function (b) {
          return JSON.parse(b.body).length;
        })
      ).to.deep.equal([4, 1]);
      expect(s.transport.beacons[0].url).to.equal(URL);
      expect(JSON.parse(s.transport.beacons[0].body)[0].droppedRecords).to.equal(2);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 5, overflowed: 2, refused: 0, retrying: 0 });
      // the overflow was reported by the beacon: not again
      s.push(1);
      s.channel.flush();
      expect(s.transport.requests()[0].body).not.to.contain('droppedRecords');
    });

    it('falls back to XHR when sendBeacon refuses the body', function () {
      var s = setup();
      s.transport.beaconAccepts = false;
      s.push(2);
      s.channel.flushOnHide();
      expect(s.transport.beacons).to.have.length(1);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(50);
      expectExactlyOnce(s.transport, 2);
    });

    it('falls back to XHR for what a refused beacon left, after beacons that went through', function () {
      var s = setup({ maxBatchSize: 2 });
      var answers = [true, false];
      s.transport.beaconAccepts = function () {
        return answers.shift()!;
      };
      s.push(4);
      s.channel.flushOnHide();
      timers.tick(50);
      expect(
        s.transport.beacons.map(function (b) {
          return b.accepted;
        })
      ).to.deep.equal([true, false]);
      expect(batchSizes(s.transport)).to.deep.equal([2]);
      expectExactlyOnce(s.transport, 4);
    });

    it('uses XHR, not a beacon, when the requests carry headers (a beacon cannot)', function () {
      var s = setup();
      s.state.headers = { Authorization: 'Bearer t' };
      s.push(2);
      s.channel.flushOnHide();
      expect(s.transport.beacons).to.have.length(0);
      expect(s.transport.exchanges).to.have.length(1);
      expect(s.transport.exchanges[0].request.headers).to.deep.equal({ Authorization: 'Bearer t' });
    });

    it('uses XHR when beacons are not allowed for the channel', function () {
      var s = setup({ beaconAllowed: false });
      s.push(1);
      s.channel.flushOnHide();
      expect(s.transport.beacons).to.have.length(0);
      expect(s.transport.exchanges).to.have.length(1);
    });

    it('sends a batch that is in flight again by beacon (the page may die first) without losing later overflow reports', function () {
      var s = setup({ capacity: 3, maxBatchSize: 3 });
      s.transport.then(hang());
      s.push(5); // 2 dropped
      s.channel.flush();
      s.channel.flushOnHide();
      expect(ids(s.transport.delivered())).to.deep.equal(['r2', 'r3', 'r4']);
      s.transport.release(ok()); // the XHR made it after all: a duplicate the collector drops
      s.push(4); // 1 more dropped
      s.channel.flush();
      timers.tick(1000);
      expect(s.channel.counts().overflowed).to.equal(3);
      expect(learnt(s.transport)).to.equal(3);
      expect(s.channel.counts().queued).to.equal(0);
    });

    it('sends a batch waiting for its retry by beacon, and then reports nothing retrying', function () {
      var s = setup();
      s.transport.then(retry(503));
      s.push(3);
      s.channel.flush();
      timers.tick(50);
      expect(s.channel.counts().retrying).to.equal(3);
      s.channel.flushOnHide();
      expect(ids(s.transport.delivered())).to.deep.equal(['r0', 'r1', 'r2']);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 3, overflowed: 0, refused: 0, retrying: 0 });
      timers.tick(600000); // the retry timer finds nothing left to send
      expect(s.transport.exchanges).to.have.length(1);
    });

    it('does nothing while offline', function () {
      var s = setup();
      s.state.online = false;
      s.push(1);
      s.channel.flushOnHide();
      expect(s.transport.beacons).to.have.length(0);
      expect(s.transport.exchanges).to.have.length(0);
    });
  });

  describe('offline', function () {
    it('pauses sending while offline and resumes on the next flush once online, without loss', function () {
      var s = setup({ flushEveryMs: 10000, flushAfterEnqueueMs: 500 });
      s.state.online = false;
      s.push(3);
      timers.tick(120000);
      expect(s.transport.exchanges).to.have.length(0);
      s.state.online = true;
      s.channel.flush();
      timers.tick(50);
      expectExactlyOnce(s.transport, 3);
    });

    it('does not send a retry while offline', function () {
      var s = setup();
      s.transport.then(retry(0));
      s.push(1);
      s.channel.flush();
      s.state.online = false;
      timers.tick(3600000);
      expect(s.transport.exchanges).to.have.length(1);
      s.state.online = true;
      s.channel.flush();
      timers.tick(50);
      expectExactlyOnce(s.transport, 1);
    });
  });

  describe('collector throttle (X-Telemetry-Min-Flush, X-Telemetry-Pause)', function () {
    it('sends at most one request per X-Telemetry-Min-Flush, whatever asks for a flush, until an answer without it', function () {
      var s = setup({ maxBatchSize: 2, flushEveryMs: 10000, flushAfterEnqueueMs: 500 });
      var sentAt = clockRequests(s.transport);
      var start = timers.now;
      throttleNext(s.transport, [{ minFlushMs: 60000 }, { minFlushMs: 60000 }, { minFlushMs: null }]);
      s.push(7);
      s.channel.flush();
      for (var i = 0; i < 40; i++) {
        s.channel.flush();
        timers.tick(5000);
      }
      // 60 s apart while answers carry it; the third answer has none: the rest go at once
      expect(sendTimes(s.transport, sentAt, start)).to.deep.equal([0, 60000, 120000, 120051]);
      expectExactlyOnce(s.transport, 7);
    });

    it('spaces retries by X-Telemetry-Min-Flush too, and keeps it through a network error (which carries no headers)', function () {
      var s = setup();
      var sentAt = clockRequests(s.transport);
      var start = timers.now;
      s.transport.then(retry(503), retry(0), ok());
      throttleNext(s.transport, [{ minFlushMs: 120000 }, {}, {}]);
      s.push(1);
      s.channel.flush();
      timers.tick(600000);
      // the backoff alone would retry after 3.75 s and 7.5 s; a network error does not lift the spacing
      expect(sendTimes(s.transport, sentAt, start)).to.deep.equal([0, 120000, 240000]);
      expectExactlyOnce(s.transport, 1);
    });

    it('sends nothing during X-Telemetry-Pause, not even by beacon on hide, then sends what it held without being asked', function () {
      var s = setup({ flushEveryMs: 30000 });
      var sentAt = clockRequests(s.transport);
      throttleNext(s.transport, [{ pauseMs: 600000 }]);
      s.push(2);
      s.channel.flush();
      timers.tick(50);
      var pausedAt = timers.now;
      expect(s.channel.paused()).to.equal(true);
      expect(s.logger.messages('warn')).to.deep.equal(['tv-telemetry: playback_metrics: HTTP 200, pause 600 s']);
      s.push(3);
      s.channel.flush();
      s.channel.flushOnHide();
      timers.tick(600000 - 1);
      expect(s.transport.exchanges).to.have.length(1);
      expect(s.transport.beacons).to.have.length(0);
      expect(s.channel.paused()).to.equal(true);
      expect(s.channel.counts()).to.include({ queued: 3, sent: 2 });
      timers.tick(1);
      expect(s.channel.paused()).to.equal(false);
      expect(sentAt[1] - pausedAt).to.equal(600000); // the pause counts from the answer
      timers.tick(50);
      expectExactlyOnce(s.transport, 5);
      expect(s.channel.counts()).to.include({ queued: 0, sent: 5, overflowed: 0, refused: 0 });
    });

    it('heeds the throttle on refusals and retryable answers as well as on successes', function () {
      [fail(400), retry(503), fail(413)].forEach(function (step) {
        var s = setup({ maxBatchSize: 2 });
        s.transport.then(step);
        throttleNext(s.transport, [{ pauseMs: 120000 }]);
        s.push(3);
        s.channel.flush();
        timers.tick(119000);
        expect(s.transport.exchanges, step.kind + ' ' + (step as any).status).to.have.length(1);
        expect(s.channel.paused()).to.equal(true);
        timers.tick(2000);
        expect(s.transport.exchanges.length).to.be.at.least(2);
        s.channel.destroy();
      });
    });

    it('keeps a pause to its length on the monotonic clock when the wall clock jumps', function () {
      var s = setup();
      throttleNext(s.transport, [{ pauseMs: 3600000 }]);
      s.push(1);
      s.channel.flush();
      timers.tick(50);
      s.push(1);
      timers.setSystemTime(timers.now + 86400000);
      s.channel.flush();
      expect(s.channel.paused()).to.equal(true);
      timers.setSystemTime(timers.now - 2 * 86400000);
      timers.tick(3600000 - 1);
      expect(s.transport.exchanges).to.have.length(1);
      timers.tick(1);
      expect(s.transport.exchanges).to.have.length(2);
    });
  });

  describe('retry budget', function () {
    /** Requests a collector that never answers costs over `hours`, and the most in any clock hour after the first. */
    function deadCollector(options: SetupOptions, hours: number): { total: number; perHour: number[] } {
      var s = setup(options);
      var sentAt = clockRequests(s.transport);
      s.transport.fallback = retry(0);
      s.state.random = 0; // shortest backoff: the budget alone keeps the rate down
      var start = timers.now;
      s.push(10);
      s.channel.flush();
      timers.tick(hours * 3600000);
      var perHour: number[] = [];
      for (var h = 0; h < hours; h++) perHour.push(0);
      sentAt.forEach(function (at) {
        perHour[Math.floor((at - start) / 3600000)]++;
      });
      expect(s.channel.counts()).to.include({ queued: 10, retrying: 10, sent: 0, refused: 0, overflowed: 0 });
      s.channel.destroy();
      return { total: sentAt.length, perHour: perHour };
    }

    it('costs at most a few fast retries, then retry.maxPerHour requests an hour, over 10 hours of a dead collector', function () {
      var budgeted = deadCollector({ maxPerHour: 6 }, 10);
      // the first request, 3 fast retries, then one every 10 minutes or more
      expect(budgeted.total).to.be.within(55, 1 + 3 + 60);
      expect(budgeted.perHour[0]).to.be.at.most(1 + 3 + 6);
      budgeted.perHour.slice(1).forEach(function (n, h) {
        expect(n, 'hour ' + (h + 2)).to.be.within(5, 7);
      });
      // without the budget, the same backoff asks 6-12 times an hour
      expect(deadCollector({}, 10).total).to.be.above(80);
    });

    it('holds whatever the backoff settings: a 30 s cap still costs 6 requests an hour', function () {
      expect(deadCollector({ maxSeconds: 30 }, 10).total).to.be.above(1000);
      expect(deadCollector({ maxSeconds: 30, maxPerHour: 6 }, 10).total).to.be.at.most(1 + 3 + 60);
    });

    it('retries at the backoff pace while the burst lasts, then waits for the budget', function () {
      var s = setup({ maxPerHour: 6 });
      var sentAt = clockRequests(s.transport);
      s.transport.fallback = retry(503);
      var start = timers.now;
      s.push(1);
      s.channel.flush();
      timers.tick(3600000);
      var gaps = sendTimes(s.transport, sentAt, start).map(function (at, i, all) {
        return i ? at - all[i - 1] : 0;
      });
      // random 0.5: 3.75, 7.5 and 15 s after 50 ms answers; then the budget's wait × 1.5 (jitter),
      // less what a longer wait before refilled: 14 minutes for the first, about 10 after
      expect(gaps.slice(1, 4)).to.deep.equal([3800, 7550, 15050]);
      expect(gaps[4]).to.be.within(840000, 870000);
      gaps.slice(5).forEach((gap) => expect(gap).to.be.within(400000, 900050));
      expect(gaps.length).to.be.within(1 + 3 + 4, 1 + 3 + 6);
    });

    it('delivers everything once the collector is back, and the budget refills while it works', function () {
      var s = setup({ maxPerHour: 6 });
      s.transport.fallback = retry(0);
      s.push(5);
      s.channel.flush();
      timers.tick(2 * 3600000);
      s.transport.fallback = ok();
      timers.tick(700000);
      expectExactlyOnce(s.transport, 5);
      expect(s.channel.counts()).to.include({ queued: 0, sent: 5, retrying: 0 });
      // half an hour of a working collector gives the burst back
      timers.tick(1800000);
      var before = s.transport.exchanges.length;
      s.transport.fallback = retry(503);
      s.push(1);
      s.channel.flush();
      timers.tick(60000);
      expect(s.transport.exchanges.length - before).to.equal(4);
    });

    it('counts retries across successes: a collector failing every other request still gets few retries', function () {
      var s = setup({ maxPerHour: 6, maxBatchSize: 1, flushEveryMs: 10000 });
      var answers = 0;
      s.transport.responder = function () {
        return answers++ % 2 ? ok() : retry(503);
      };
      for (var i = 0; i < 360; i++) {
        s.push(1);
        timers.tick(10000);
      }
      var failed = s.transport.exchanges.filter(function (e) {
        return e.outcome && e.outcome.kind === 'retryable';
      });
      expect(failed.length).to.be.within(8, 1 + 3 + 6 + 1);
    });
  });

  describe('whenSettled and destroy', function () {
    it('calls back at once when nothing is in flight, and after the answer otherwise', function () {
      var s = setup();
      var calls: string[] = [];
      s.channel.whenSettled(function () {
        calls.push('idle');
      });
      s.transport.then(hang());
      s.push(1);
      s.channel.flush();
      s.channel.whenSettled(function () {
        calls.push('answered');
      });
      expect(calls).to.deep.equal(['idle']);
      s.transport.release(retry(503));
      expect(calls).to.deep.equal(['idle', 'answered']);
    });

    it('calls back at once past 8 waiters rather than keeping an unbounded list', function () {
      var s = setup();
      s.transport.then(hang());
      s.push(1);
      s.channel.flush();
      var called = 0;
      for (var i = 0; i < 10; i++)
        s.channel.whenSettled(function () {
          called++;
        });
      expect(called).to.equal(2);
      s.transport.release(ok());
      expect(called).to.equal(10);
    });

    it('stops every timer on destroy and ignores a late answer', function () {
      var s = setup({ flushEveryMs: 1000, flushAfterEnqueueMs: 100 });
      s.transport.then(hang());
      s.push(1);
      timers.tick(1000);
      expect(s.transport.exchanges).to.have.length(1);
      s.push(1);
      s.channel.destroy();
      expect(timers.countTimers()).to.equal(0);
      s.transport.release(ok());
      s.channel.flush();
      s.channel.flushOnHide();
      timers.tick(3600000);
      expect(s.transport.exchanges).to.have.length(1);
      expect(s.transport.beacons).to.have.length(0);
    });

    it('logs and survives an exception thrown while handling an answer', function () {
      var s = setup({
        onSuccess: function () {
          throw new Error('listener broke');
        },
      });
      s.push(2);
      s.channel.flush();
      timers.tick(50);
      expect(s.logger.messages('error')[0]).to.contain('internal error in playback_metrics response: listener broke');
      s.push(1);
      s.channel.flush();
      timers.tick(50);
      expectExactlyOnce(s.transport, 3);
    });
  });

  describe('answers in the same call, own transport and callbacks, snapshots', function () {
    it('delivers everything exactly once when the transport answers inside send(), through 503s and refusals', function () {
      var s = setup({ latencyMs: 0, baseSeconds: 1, maxSeconds: 4 });
      s.transport.then(retry(503), ok(), retry(0), fail(413), ok(), ok());
      s.push(25);
      s.channel.flush();
      timers.tick(60000);
      expectExactlyOnce(s.transport, 25);
      expect(s.channel.counts()).to.deep.equal({ queued: 0, sent: 25, overflowed: 0, refused: 0, retrying: 0 });
      expect(s.transport.maxInFlight).to.be.at.most(1);
    });

    it('sends through its own transport and tells its own onSuccess, not the shared ones', function () {
      var s = setup();
      var own = new ScriptedTransport(10);
      var ownSuccesses: SendOutcome[] = [];
      var channel = createChannel(
        {
          name: 'kava',
          capacity: 10,
          maxChars: 10000,
          encode: function (records) {
            return { url: 'https://kava.example/?' + records.length, method: 'GET', body: null };
          },
          maxBatchSize: 1,
          contentType: 'text/plain',
          transport: own,
          onSuccess: function (outcome) {
            ownSuccesses.push(outcome);
          },
        },
        {
          transport: s.transport,
          clock: fakeClock(timers),
          random: function () {
            return 0.5;
          },
          logger: s.logger,
          retry: { baseSeconds: 5, maxSeconds: 600, maxPerHour: 60 },
          timeoutMs: 1000,
          isOnline: function () {
            return true;
          },
          onOutage: function () {},
          onSuccess: function (outcome) {
            s.successes.push(outcome);
          },
        }
      );
      channels.push(channel);
      channel.enqueue('{"eventId":"k0"}');
      channel.enqueue('{"eventId":"k1"}');
      channel.flush();
      timers.tick(5000);
      expect(own.requests().map((r) => r.method + ' ' + r.body)).to.deep.equal(['GET null', 'GET null']);
      expect(ownSuccesses).to.have.length(2);
      expect(s.transport.exchanges).to.have.length(0);
      expect(s.successes).to.have.length(0);
    });

    it('uses XHR, not a beacon, on hide when a batch encodes as GET or without a body', function () {
      var s = setup({
        encode: function (records) {
          return { url: URL + '?n=' + records.length, method: 'GET', body: null };
        },
      });
      s.push(3);
      s.channel.flushOnHide();
      expect(s.transport.beacons).to.have.length(0);
      expect(s.transport.exchanges).to.have.length(1);
      expect(s.transport.exchanges[0].request.method).to.equal('GET');
    });

    it('snapshots what waits, oldest first, with the overflow not yet reported; carried overflow goes with the next batch', function () {
      var s = setup({ capacity: 3 });
      s.push(5); // r0 and r1 overflow
      expect(s.channel.snapshot()).to.deep.equal({ records: ['{"eventId":"r2"}', '{"eventId":"r3"}', '{"eventId":"r4"}'], dropped: 2 });
      s.channel.carryOverflow(4); // a previous run's, persisted unreported
      expect(s.channel.snapshot().dropped).to.equal(6);
      s.channel.flush();
      timers.tick(50);
      expect(s.encoded).to.deep.equal([{ count: 3, dropped: 6 }]);
      expect(s.channel.snapshot()).to.deep.equal({ records: [], dropped: 0 });
    });

    it('accounts for every record at every step of a seeded random run: sent, overflowed, refused or still queued', function () {
      for (var seed = 1; seed <= 20; seed++) {
        var r = seededRandom(seed);
        var s = setup({
          capacity: 1 + Math.floor(r() * 20),
          maxChars: 400 + Math.floor(r() * 2000),
          maxBatchSize: 1 + Math.floor(r() * 5),
          baseSeconds: 1,
          maxSeconds: 30,
          maxPerHour: 60,
        });
        s.transport.responder = function () {
          var x = r();
          return x < 0.5 ? ok() : x < 0.6 ? fail(413) : x < 0.65 ? fail(400) : x < 0.85 ? retry(503) : retry(0);
        };
        var pushed = 0;
        for (var step = 0; step < 200; step++) {
          var x = r();
          if (x < 0.4) {
            s.channel.enqueue('{"eventId":"r' + nextId++ + '","p":"' + new Array(Math.floor(r() * 120)).join('x') + '"}');
            pushed++;
          } else if (x < 0.5) s.channel.flush();
          else if (x < 0.55) {
            s.transport.beaconAccepts = r() < 0.7;
            s.channel.flushOnHide();
          } else if (x < 0.58) s.channel.shrink();
          else if (x < 0.65) s.state.online = r() < 0.7;
          else timers.tick(Math.floor(r() * 20000));
          var c = s.channel.counts();
          expect(c.sent + c.overflowed + c.refused + c.queued, 'seed ' + seed + ' step ' + step).to.equal(pushed);
          expect(s.transport.maxInFlight).to.be.at.most(1);
        }
        s.state.online = true;
        s.transport.responder = null; // the collector is healthy again
        s.channel.flush();
        timers.tick(3600000);
        var end = s.channel.counts();
        expect(end.queued, 'seed ' + seed).to.equal(0);
        expect(end.sent + end.overflowed + end.refused).to.equal(pushed);
        s.channel.destroy();
      }
    });
  });
});
