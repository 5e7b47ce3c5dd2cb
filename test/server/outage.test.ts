// A 2-hour collector outage on simulated time: the agent (createAgent in Node, a fake Shaka player)
// sends over real HTTP to the real local collector, whose fault injection takes it down (dropped
// connections for an hour, then 503 with Retry-After for an hour) and back up. The clock is
// simulated: timers run in time order, and before the clock moves on the test waits for every
// request in flight to be answered, so the network takes no simulated time.
import { expect } from 'chai';
import { Agent, AgentStatus, createAgent } from '../../src/agent/agent';
import { Clock, TimerHandle } from '../../src/core/types';
import type { CollectorStats, StoredRecord } from '../../server/collector/record-store';
import { FakeWindow, recordingLogger, seededRandom, trackedPlayer } from '../helpers/env';
import { CRITICAL, FakePlayer, shakaError } from '../helpers/fake-player';
import { HttpTransport } from '../helpers/http-transport';
import { getJson, postJson, useServer } from './http';

var MINUTE = 60000;
var HOUR = 60 * MINUTE;
var ERROR_RING = 32;

/** Timers in time order on a simulated clock; the wall clock is the monotonic one plus a start. */
class SimulatedClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];

  constructor(private wallStart: number) {}

  now(): number {
    return this.wallStart + this.time;
  }
  monotonic(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    var id = this.nextId++;
    this.timers.push({ id: id, at: this.time + Math.max(0, ms), fn: fn });
    return id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Runs every timer due within `ms`, in order, waiting for the network after each; `each` after every timer. */
  async advance(ms: number, network: HttpTransport, each: () => void): Promise<void> {
    var end = this.time + ms;
    for (;;) {
      await network.idle();
      await new Promise((resolve) => setImmediate(resolve)); // promise callbacks (load() settling)
      var due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.fn();
      each();
    }
    this.time = end;
  }
}

interface Run {
  agent: Agent;
  clock: SimulatedClock;
  transport: HttpTransport;
  player: FakePlayer;
  /** the most records the agent held at any moment of the outage */
  maxQueued: number;
  outageStart: number;
  outageEnd: number;
  errorsTaken: number;
}

describe('a 2-hour collector outage on simulated time (real HTTP to the local collector)', function () {
  this.timeout(120000);
  var clock: SimulatedClock;
  var server = useServer({
    collectorNow: function () {
      return clock ? clock.now() : Date.now();
    },
  });

  beforeEach(async function () {
    await fetch(server().url + '/_collector/reset', { method: 'POST' });
  });

  async function faults(rules: unknown): Promise<void> {
    await fetch(server().url + '/_collector/faults', { method: 'DELETE' });
    if (rules) expect((await postJson(server().url + '/_collector/faults', rules)).status).to.equal(200);
  }

  /**
   * 30 minutes of playback, the collector down for 2 hours (errors every 10 minutes meanwhile), then
   * up for 40 minutes; the playback ends and the agent shuts down.
   */
  async function outage(profile: { [key: string]: unknown }): Promise<Run> {
    clock = new SimulatedClock(Date.UTC(2026, 10, 21, 20, 0, 0));
    var transport = new HttpTransport(clock);
    var agent = createAgent({
      profile: Object.assign({ name: 'outage', allowInsecure: true, vault: { endpoint: server().url } }, profile),
      platform: 'browser',
      window: new FakeWindow(),
      transport: transport,
      clock: clock,
      random: seededRandom(7),
      logger: recordingLogger(),
    });
    var player = await trackedPlayer(agent, { contentType: 'vod-ed', contentSource: 'OTT', editorialId: 'film-outage' });
    player.setVariants([800000, 2400000], 1);
    var run: Run = { agent: agent, clock: clock, transport: transport, player: player, maxQueued: 0, outageStart: 0, outageEnd: 0, errorsTaken: 0 };
    var down = false;
    var watch = function (): void {
      if (down) run.maxQueued = Math.max(run.maxQueued, agent.status().queued);
    };
    async function play(minutes: number, each?: (minute: number) => void): Promise<void> {
      for (var m = 0; m < minutes; m++) {
        player.play(60);
        player.download(1, 500000, 800);
        if (each) each(m);
        await clock.advance(MINUTE, transport, watch);
      }
    }

    await play(30);
    run.outageStart = clock.now();
    down = true;
    await faults({ dropConnection: true, count: 1000 });
    await play(60, (m) => m % 10 === 5 && player.emit('error', { detail: shakaError(CRITICAL, 1, 1001 + m) }));
    await faults({ status: 503, retryAfter: '120', count: 1000 });
    await play(60, (m) => m % 10 === 5 && player.emit('error', { detail: shakaError(CRITICAL, 1, 2001 + m) }));
    down = false;
    run.outageEnd = clock.now();
    await faults(null);
    await play(40);
    player.destroy(); // the final record
    var done = false;
    agent.shutdown(function () {
      done = true;
    });
    await clock.advance(HOUR, transport, watch);
    expect(done, 'shut down').to.equal(true);
    expect(clock.pendingTimers(), 'timers left after shutdown').to.equal(0);
    return run;
  }

  async function stored(agent: Agent): Promise<StoredRecord[]> {
    var all = (await getJson<{ records: StoredRecord[] }>(server().url + '/_collector/records')).records;
    return all.filter((r) => (r.record as any).metadata.appSessionId === agent.appSessionId);
  }

  function requestsDuring(run: Run, activity: string): number {
    return run.transport.exchanges.filter((e) => e.url.indexOf(activity) > 0 && e.sentAt >= run.outageStart && e.sentAt < run.outageEnd).length;
  }

  /** Every record taken arrived once, valid, in order, or is counted as dropped and was reported so. */
  function expectAccounted(records: StoredRecord[], status: AgentStatus, stats: CollectorStats): void {
    expect(
      records.filter((r) => !r.valid).map((r) => r.errors),
      'invalid records'
    ).to.deep.equal([]);
    expect(
      records.filter((r) => r.duplicate),
      'duplicates'
    ).to.have.length(0);
    var ids = records.map((r) => (r.record as any).eventId);
    expect(new Set(ids).size, 'each eventId once').to.equal(ids.length);
    var taken = 0;
    ['playback_metrics', 'playerError'].forEach(function (activity) {
      var sequences = records.filter((r) => r.activity === activity).map((r) => (r.record as any).sequence as number);
      expect(sequences, activity + ' in order').to.deep.equal(sequences.slice().sort((a, b) => a - b));
      taken += sequences[sequences.length - 1];
    });
    var reported = records.reduce((sum, r) => sum + ((r.record as any).droppedRecords || 0), 0);
    expect(status).to.include({ queued: 0, retrying: 0, refused: 0 });
    expect(reported, 'droppedRecords reported').to.equal(status.overflowed);
    expect(stats.droppedRecords).to.equal(status.overflowed);
    expect(records.length, 'stored = taken - dropped and reported').to.equal(taken - status.dropped);
    expect(status.sent).to.equal(records.length);
  }

  it('delivers every record exactly once, in order, with the default profile: the rings hold the whole outage', async function () {
    var run = await outage({});
    var records = await stored(run.agent);
    var status = run.agent.status();
    expectAccounted(records, status, await getJson<CollectorStats>(server().url + '/_collector/stats'));
    expect(status.dropped, 'nothing lost').to.equal(0);
    var metrics = records.filter((r) => r.activity === 'playback_metrics');
    expect(metrics.map((r) => (r.record as any).sequence)).to.deep.equal(metrics.map((_, i) => i + 1));
    expect(metrics).to.have.length(30 + 120 + 40 + 1); // an interval record a minute and the final one
    expect(records.filter((r) => r.activity === 'playerError')).to.have.length(12);
    // bounded: never more than the two rings hold (150 metrics, 32 errors)
    expect(run.maxQueued).to.be.within(120, 150 + ERROR_RING);
    // a dead collector costs the first request, 3 fast retries and retry.maxPerHour (6) an hour per channel
    var metricsRequests = requestsDuring(run, 'playback_metrics');
    var errorRequests = requestsDuring(run, 'playerError');
    expect(metricsRequests).to.be.within(10, 1 + 3 + 2 * 6);
    expect(errorRequests).to.be.within(10, 1 + 3 + 2 * 6);
    var stats = await getJson<CollectorStats>(server().url + '/_collector/stats');
    expect(stats.faultedRequests).to.equal(metricsRequests + errorRequests);
  });

  it('drops the oldest records past a small queue, and the collector learns exactly how many', async function () {
    var run = await outage({ queue: { capacity: 60 }, retry: { maxPerHour: 2 } });
    var records = await stored(run.agent);
    var status = run.agent.status();
    expectAccounted(records, status, await getJson<CollectorStats>(server().url + '/_collector/stats'));
    expect(status.overflowed).to.be.above(60);
    expect(run.maxQueued).to.be.at.most(60 + 32);
    expect(requestsDuring(run, 'playback_metrics')).to.be.at.most(1 + 3 + 2 * 2);
  });
});
