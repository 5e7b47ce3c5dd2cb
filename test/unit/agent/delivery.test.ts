import { expect } from 'chai';
import * as sinon from 'sinon';
import { ContentDescription } from '../../../src/vault/content';
import { contractProblems } from '../../helpers/contract';
import { ERRORS_URL, METRICS_URL, START, startAgent, TestAgent, trackedPlayer } from '../../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../../helpers/fake-player';
import { DeliveredRecord, fail, hang, ok, retry } from '../../helpers/scripted-transport';

var VOD: ContentDescription = { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'movie-1' };

describe('agent delivery', function () {
  var timers: sinon.SinonFakeTimers;
  var t: TestAgent;

  beforeEach(function () {
    timers = sinon.useFakeTimers({ now: START });
  });
  afterEach(function () {
    t.agent.shutdown();
    timers.restore();
  });

  function tracked(): Promise<FakePlayer> {
    return trackedPlayer(t.agent, VOD);
  }

  function bodies(url: string): any[] {
    return t.transport.exchanges.filter((e) => e.request.url === url).map((e) => JSON.parse(e.request.body!));
  }

  function uniqueIds(records: DeliveredRecord[]): string[] {
    var ids = records.map((r) => r.eventId);
    expect(new Set(ids).size, 'duplicates delivered').to.equal(ids.length);
    return ids;
  }

  describe('body modes', function () {
    it('array: POSTs JSON arrays of up to maxBatchSize records to the activity URL', async function () {
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 1, maxBatchSize: 4, flushIntervalSeconds: 3600 } });
      await tracked();
      timers.tick(10000); // 10 records
      t.agent.flush();
      timers.tick(1000);
      var sent = bodies(METRICS_URL);
      sent.forEach((b) => {
        expect(b).to.be.an('array');
        expect(b.length).to.be.within(1, 4);
      });
      expect(sent[0]).to.have.length(4); // a full batch goes without waiting for the flush interval
      expect(t.transport.requests()[0].contentType).to.equal('application/json');
      expect(uniqueIds(t.transport.delivered())).to.have.length(10);
      t.transport.delivered().forEach((r) => expect(contractProblems(r)).to.deep.equal([]));
    });

    it('single: POSTs one record object per request', async function () {
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 1, body: 'single', maxBatchSize: 4 } });
      var player = await tracked();
      timers.tick(3000);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      t.agent.flush();
      timers.tick(3000);
      t.agent.flush();
      timers.tick(1000);
      var sent = bodies(METRICS_URL);
      expect(sent.length).to.be.at.least(3);
      sent.forEach((b) => {
        expect(b).not.to.be.an('array');
        expect(b.activityName).to.equal('playback_metrics');
      });
      var errs = bodies(ERRORS_URL);
      expect(errs).to.have.length(1);
      expect(errs[0].activityName).to.equal('playerError');
      expect(uniqueIds(t.transport.delivered('playback_metrics'))).to.have.length(6);
    });

    it('uses the profile content type and static headers, and the runtime bearer token', async function () {
      t = startAgent(timers, { vault: { contentType: 'text/plain', headers: { 'X-Api-Key': 'k1' } } });
      await tracked();
      timers.tick(60000);
      t.agent.flush();
      t.agent.setAuthToken('tok-1');
      timers.tick(60000);
      t.agent.flush();
      t.agent.setAuthToken(null);
      timers.tick(60000);
      t.agent.flush();
      expect(t.transport.requests().map((r) => [r.contentType, r.headers])).to.deep.equal([
        ['text/plain', { 'X-Api-Key': 'k1' }],
        ['text/plain', { 'X-Api-Key': 'k1', Authorization: 'Bearer tok-1' }],
        ['text/plain', { 'X-Api-Key': 'k1' }],
      ]);
    });
  });

  describe('when records leave', function () {
    it('sends metrics on the flush interval (jittered), not when they are taken', async function () {
      t = startAgent(timers, { vault: { flushIntervalSeconds: 300 } });
      await tracked();
      timers.tick(60000);
      expect(t.transport.exchanges).to.have.length(0);
      timers.tick(300000); // the first flush comes within the first interval
      expect(bodies(METRICS_URL).length).to.equal(1);
      timers.tick(3 * 360000); // and at least once every 1.2 intervals after
      expect(bodies(METRICS_URL).length).to.be.at.least(4);
    });

    it('sends a playerError within errors flush seconds, without waiting for the metrics flush', async function () {
      t = startAgent(timers);
      var player = await tracked();
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      timers.tick(2000);
      expect(bodies(ERRORS_URL)).to.have.length(1);
      expect(bodies(METRICS_URL)).to.have.length(0);
    });
  });

  describe('retry', function () {
    it('delivers every record exactly once through 503s and network errors', async function () {
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 10, flushIntervalSeconds: 30, maxBatchSize: 5 } });
      t.transport.then(retry(503), retry(0), ok(), retry(503, 2000), retry(0), ok(), retry(500));
      var player = await tracked();
      for (var i = 0; i < 30; i++) {
        if (i % 7 === 3) player.emit('error', { detail: shakaError(CRITICAL, 1, 1000 + i) });
        timers.tick(10000);
      }
      player.destroy(); // the playback ends: its final record is the last
      timers.tick(3600000);
      t.agent.flush();
      timers.tick(1000);
      expect(t.transport.maxInFlight).to.be.at.most(2); // one per activity
      var metrics = t.transport.delivered('playback_metrics');
      expect(uniqueIds(metrics).length).to.equal(t.agent.status().sent - t.transport.delivered('playerError').length);
      expect(metrics.map((r) => r.sequence).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: metrics.length }, (_, k) => k + 1));
      expect(metrics.length).to.equal(31); // 30 intervals and the final record
      var errors = t.transport.delivered('playerError');
      expect(errors.map((r) => r.sequence).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4]);
      expect(t.agent.status()).to.deep.include({ queued: 0, dropped: 0, retrying: 0 });
    });

    it('never has two requests of one activity in flight', async function () {
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 1, flushIntervalSeconds: 5, maxBatchSize: 3 } });
      t.transport.then(hang());
      await tracked();
      for (var i = 0; i < 30; i++) {
        t.agent.flush();
        timers.tick(1000);
      }
      expect(bodies(METRICS_URL)).to.have.length(1);
      t.transport.release(ok());
      timers.tick(60000);
      expect(t.transport.exchanges.every((e) => e.outcome !== null)).to.equal(true);
      expect(t.transport.maxInFlight).to.equal(1);
    });
  });

  describe('losses', function () {
    it('drops and counts a batch refused with a 4xx', async function () {
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 10, maxBatchSize: 50 } });
      t.transport.then(fail(400));
      await tracked();
      timers.tick(60000);
      t.agent.flush();
      timers.tick(100);
      expect(t.agent.status()).to.deep.include({ queued: 0, sent: 0, refused: 6, dropped: 6 });
      expect(t.logger.messages('error')[0]).to.contain('HTTP 400, 6 records dropped');
    });

    it('reports ring overflow as droppedRecords on the first record of the next delivered batch, totalling the overflow', async function () {
      t = startAgent(timers, { vault: { metricsIntervalSeconds: 1, flushIntervalSeconds: 3600, maxBatchSize: 5 }, queue: { capacity: 5 } });
      var player = await tracked();
      t.window.goOffline();
      timers.tick(12000); // 12 records in a ring of 5, nothing can leave
      expect(t.agent.status().overflowed).to.equal(7);
      t.transport.then(retry(503));
      t.window.goOnline();
      timers.tick(10); // the first batch went, and was answered 503
      var sent = bodies(METRICS_URL);
      expect(sent[0][0].droppedRecords).to.equal(7);
      sent[0].slice(1).forEach((r: any) => expect(r).not.to.have.property('droppedRecords'));
      // While the retry waits, overflow goes on; then a batch hangs while more overflow happens.
      t.transport.then(ok(), hang());
      timers.tick(20000);
      t.transport.release(ok());
      player.destroy(); // final record, no more records after it
      t.agent.flush();
      timers.tick(60000);
      var status = t.agent.status();
      expect(status.overflowed).to.be.greaterThan(7);
      expect(status.queued).to.equal(0);
      var learnt = 0;
      var seen: { [id: string]: boolean } = {};
      t.transport.delivered('playback_metrics').forEach((r) => {
        if (seen[r.eventId]) return;
        seen[r.eventId] = true;
        learnt += r.droppedRecords || 0;
      });
      expect(learnt).to.equal(status.overflowed);
      expect(status.dropped).to.equal(status.overflowed);
      // every record taken either arrived or is counted as dropped (a record overflow dropped from a
      // batch in flight that then arrived is both: see the report on in-flight overflow)
      var taken = Math.max.apply(
        null,
        t.transport.delivered('playback_metrics').map((r) => r.sequence)
      );
      expect(Object.keys(seen).length + status.overflowed).to.be.at.least(taken);
    });
  });

  describe('page hide, exit and network state', function () {
    it('hands queued records to sendBeacon when the app is hidden', async function () {
      t = startAgent(timers);
      await tracked();
      timers.tick(120000);
      t.window.hide();
      expect(t.transport.exchanges).to.have.length(0);
      expect(t.transport.beacons).to.have.length(1);
      expect(t.transport.beacons[0].url).to.equal(METRICS_URL);
      expect(JSON.parse(t.transport.beacons[0].body)).to.have.length(2);
      expect(t.agent.status()).to.deep.include({ queued: 0, sent: 2 });
    });

    it('falls back to XHR on hide when the beacon is refused', async function () {
      t = startAgent(timers);
      t.transport.beaconAccepts = false;
      await tracked();
      timers.tick(60000);
      t.window.hide();
      expect(bodies(METRICS_URL)).to.have.length(1);
    });

    it('uses XHR on hide when a bearer token must go in a header', async function () {
      t = startAgent(timers);
      t.agent.setAuthToken('tok');
      await tracked();
      timers.tick(60000);
      t.window.hide();
      expect(t.transport.beacons).to.have.length(0);
      expect(t.transport.requests()[0].headers).to.deep.equal({ Authorization: 'Bearer tok' });
    });

    it('on exit, closes the playbacks with a final record and sends everything by beacon', async function () {
      t = startAgent(timers);
      await tracked();
      timers.tick(90000);
      t.window.pageHide();
      var beaconed = t.transport.beacons.map((b) => JSON.parse(b.body)).reduce((a, b) => a.concat(b), []);
      expect(beaconed).to.have.length(2); // the 60 s record and the final 30 s one
      timers.tick(600000);
      expect(t.transport.exchanges).to.have.length(0);
    });

    it('pauses while offline and sends everything when back online', async function () {
      t = startAgent(timers, { vault: { flushIntervalSeconds: 60 } });
      var player = await tracked();
      t.window.goOffline();
      timers.tick(300000);
      player.emit('error', { detail: shakaError(CRITICAL, 1, 1001) });
      t.agent.flush();
      timers.tick(300000);
      expect(t.transport.exchanges).to.have.length(0);
      t.window.goOnline();
      timers.tick(1000);
      expect(t.transport.delivered('playback_metrics')).to.have.length(10);
      expect(t.transport.delivered('playerError')).to.have.length(1);
    });
  });
});
